package console_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/incidentd/incidentd/account"
)

// The browser tests drive Chromium headless through the DevTools protocol.
// One browser process serves every test of the run; each person of a test
// gets a browser context of its own (its own cookies), as two people on two
// machines would.

// screenshots writes the pages' screenshots under docs/console/:
// go test ./console -run Browser -screenshots
var screenshots = flag.Bool("screenshots", false, "write the browser tests' screenshots under docs/console/")

// browserCandidates are the programs tried, after INCIDENTD_CHROME.
var browserCandidates = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

var browser struct {
	once   sync.Once
	ctx    context.Context // the browser's first tab; contexts derive from it
	cancel func()
	err    error
}

func TestMain(m *testing.M) {
	flag.Parse()
	// Cheap password hashes: the tests sign in often, and argon2id's cost
	// is what it is for (account's own tests keep the default).
	account.ArgonMemoryKiB, account.ArgonPasses = 64, 1
	code := m.Run()
	if browser.cancel != nil {
		browser.cancel()
	}
	os.Exit(code)
}

// findBrowser is the path of a Chromium-like browser, or "".
func findBrowser() string {
	if p := os.Getenv("INCIDENTD_CHROME"); p != "" {
		return p
	}
	for _, name := range browserCandidates {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// startBrowser starts the shared browser on first use; a test skips only
// when no browser is installed.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	path := findBrowser()
	if path == "" {
		t.Skipf("no Chromium found (tried $INCIDENTD_CHROME, %s): browser tests skipped; install Debian's chromium", strings.Join(browserCandidates, ", "))
	}
	browser.once.Do(func() {
		dir, err := os.MkdirTemp("", "incidentd-chromium-")
		if err != nil {
			browser.err = err
			return
		}
		opts := []chromedp.ExecAllocatorOption{
			chromedp.ExecPath(path),
			chromedp.UserDataDir(dir),
			chromedp.Flag("headless", true),
			chromedp.Flag("no-sandbox", true),
			chromedp.Flag("disable-gpu", true),
			chromedp.Flag("no-first-run", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.WindowSize(1280, 900),
		}
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelCtx := chromedp.NewContext(allocCtx)
		browser.ctx = ctx
		browser.cancel = func() {
			cancelCtx()
			cancelAlloc()
			os.RemoveAll(dir)
		}
		browser.err = chromedp.Do(ctx) // starts the browser
	})
	if browser.err != nil {
		t.Fatalf("starting %s: %v", path, browser.err)
	}
	return browser.ctx
}

// person is one person's browser context: its own cookies and tabs.
type person struct {
	t   *testing.T
	e   *env
	ctx context.Context
}

func (e *env) person(t *testing.T) *person {
	parent := startBrowser(t)
	ctx, cancel := chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancel()
	})
	return &person{t: t, e: e, ctx: ctx}
}

// do carries out actions in the person's tab, failing the test on error.
func (p *person) do(steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatalf("%v; the page: %s", err, p.describe())
	}
}

// describe tells where the person's page stands, for failures.
func (p *person) describe() string {
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText.slice(0, 2000)`))
	if err != nil {
		return err.Error()
	}
	return s
}

// signIn opens the console and signs in through the form.
func (p *person) signIn(email string) {
	p.t.Helper()
	p.do(
		chromedp.Navigate(p.e.base+"/console/"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.CSS(`form[action="/console/login"] button`)),
		chromedp.WaitVisible(chromedp.ID("list-results")),
	)
}

// open navigates to a console path and waits for the page's main.
func (p *person) open(path string) {
	p.t.Helper()
	p.do(chromedp.Navigate(p.e.base+path), chromedp.WaitReady(chromedp.CSS("main")))
}

// text is the text of the first element matching a CSS selector.
func (p *person) text(selector string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Text(chromedp.CSS(selector)))
	if err != nil {
		p.t.Fatal(err)
	}
	return s
}

// eval evaluates a JavaScript expression in the person's page, awaiting a
// promise, and decodes its value.
func eval[T any](p *person, expr string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("%.80s: %v", expr, err)
	}
	return v
}

// waitText waits until the element's text contains want. The page may be
// loading meanwhile: a failed look is tried again.
func (p *person) waitText(selector, want string, within time.Duration) {
	p.t.Helper()
	deadline := time.Now().Add(within)
	got := ""
	for time.Now().Before(deadline) {
		s, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q) || {}).innerText || ""`, selector)))
		if got = s; err == nil && strings.Contains(got, want) {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	p.t.Fatalf("%s shows %q, never %q; the page: %s", selector, got, want, p.describe())
}

// submit clicks a form's button and waits for the page that confirms the
// action.
func (p *person) submit(button chromedp.Action[chromedp.Void], confirmation string) {
	p.t.Helper()
	p.do(button)
	p.waitText(".notice", confirmation, 10*time.Second)
}

// screenshot takes the page at a window width: the whole page on a
// desktop, the screen on a phone (the page loaded again at that width, as
// a phone would load it). With -screenshots it is written to
// docs/console/NAME.png.
func (p *person) screenshot(name string, width int64) {
	p.t.Helper()
	phone := width < 600
	height := int64(800)
	if phone {
		height = 844
	}
	if _, err := chromedp.Call(p.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: width, Height: height, DeviceScaleFactor: 1, Mobile: phone}); err != nil {
		p.t.Fatal(err)
	}
	capture := chromedp.FullScreenshot(100)
	if phone {
		p.do(chromedp.Reload(), chromedp.WaitReady(chromedp.CSS("main")))
		capture = chromedp.CaptureScreenshot()
	}
	png, err := chromedp.Run(p.ctx, capture)
	if _, err := chromedp.Call(p.ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{}); err != nil {
		p.t.Fatal(err)
	}
	if err != nil || len(png) < 1000 {
		p.t.Fatalf("screenshot %s: %d bytes, %v", name, len(png), err)
	}
	if *screenshots {
		path := filepath.Join("..", "docs", "console", name+".png")
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			p.t.Fatal(err)
		}
		if err := os.WriteFile(path, png, 0o644); err != nil {
			p.t.Fatal(err)
		}
	}
}

// axePath is where .ci/run installs axe-core (npm install --prefix .ci/npm).
var axePath = filepath.Join("..", ".ci", "npm", "node_modules", "axe-core", "axe.min.js")

// checkAccessibility runs axe-core on the page and fails on any serious or
// critical violation.
func (p *person) checkAccessibility(page string) {
	p.t.Helper()
	source, err := os.ReadFile(axePath)
	if err != nil {
		p.t.Skipf("axe-core not installed at %s (npm install --prefix .ci/npm axe-core): %v", axePath, err)
	}
	eval[bool](p, string(source)+"\n;true")
	type violation struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target []any `json:"target"`
		} `json:"nodes"`
	}
	violations := eval[[]violation](p, `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations)`)
	for _, v := range violations {
		if v.Impact == "serious" || v.Impact == "critical" {
			var where []string
			for _, n := range v.Nodes {
				where = append(where, fmt.Sprint(n.Target...))
			}
			p.t.Errorf("%s page: %s violation %s (%s) at %s", page, v.Impact, v.ID, v.Help, strings.Join(where, "; "))
		}
	}
}
