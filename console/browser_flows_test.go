package console_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/seed"
)

// seedList reports incidents of both customers: three P1 and five P4 of
// the demo customer, one P1 of acme.
func seedList(e *env) {
	for i := range 3 {
		e.report(demoReporter, incident.NewIncident{Description: fmt.Sprintf("Link down at site %d", i+1), Impact: "S1", Urgency: "U1"})
	}
	for i := range 5 {
		e.report(demoReporter, incident.NewIncident{Description: fmt.Sprintf("Slow portal, ticket %d", i+1), Impact: "S4", Urgency: "U3"})
	}
	e.report(acmeReporter, incident.NewIncident{Description: "Acme's own outage", Impact: "S1", Urgency: "U1"})
}

func TestBrowserSignInFilterAndReport(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	seedList(e)
	p := e.person(t)
	p.signIn(demoReporter)
	if got := p.text("#result-count"); !strings.Contains(got, "of 8") {
		t.Fatalf("the reporter's list says %q, want its 8 incidents", got)
	}
	if strings.Contains(p.text("main"), "Acme's own outage") {
		t.Error("the demo customer's list shows acme's incident")
	}
	p.checkAccessibility("list")
	p.checkFitsPhone()

	// Filter through the form: the address carries the API's grammar.
	p.do(
		chromedp.Click(chromedp.CSS(`input[name="priority"][value="P1"]`)),
		chromedp.Click(chromedp.CSS(`#filters button[type="submit"]`)),
	)
	p.waitText("#result-count", "of 3", 10*time.Second)
	if search := eval[string](p, `location.search`); search != "?limit=25&priority=P1&sort=-createdAt" {
		t.Errorf("the filtered list's address is %q", search)
	}
	p.open("/console/incidents?Priority=P4&description.contains=ticket%203")
	p.waitText("#result-count", "of 1", 5*time.Second)
	p.open("/console/incidents?priority=P9")
	if got := p.text(".error"); !strings.Contains(got, "priority") {
		t.Errorf("an invalid filter says %q", got)
	}

	// Report: the form names the priority before it is sent.
	p.open("/console/incidents/new")
	p.checkAccessibility("report")
	p.do(chromedp.SendKeys(chromedp.ID("description"), "Internet access down at the Lyon site"))
	eval[bool](p, `(() => {
		for (const [id, v] of [["impact", "S1"], ["urgency", "U2"]]) {
			const s = document.getElementById(id); s.value = v; s.dispatchEvent(new Event("change"));
		}
		return true })()`)
	if got := p.text("#priority-preview"); !strings.HasPrefix(got, "P1 (Critical), repair within 4 h") {
		t.Errorf("the preview of S1 × U2 says %q", got)
	}
	eval[bool](p, `(() => { const s = document.getElementById("urgency"); s.value = "U3"; s.dispatchEvent(new Event("change")); return true })()`)
	if got := p.text("#priority-preview"); !strings.HasPrefix(got, "P2") {
		t.Errorf("the preview of S1 × U3 says %q", got)
	}
	p.submit(chromedp.Click(chromedp.CSS(`#report-form button[type="submit"]`)), "Incident reported.")
	if got := p.text("#incident-priority"); !strings.HasPrefix(got, "P2") {
		t.Errorf("the reported incident's priority is %q, want P2 as previewed", got)
	}
	if got := p.text("#incident-status"); got != "New" {
		t.Errorf("the reported incident's status is %q", got)
	}
}

// seedHistory imports a year of generated incidents of both customers,
// so that the pages show what a real desk sees.
func seedHistory(t *testing.T, e *env) {
	now := e.now()
	_, err := seed.Run(context.Background(), e.db, seed.Options{Seed: 15, From: now.AddDate(-1, 0, 0), To: now.Add(-time.Hour),
		Plans: []seed.CustomerPlan{{ID: "demo", Name: "Demo Industries", Incidents: 240}, {ID: "acme", Name: "Acme Industries", Incidents: 90}}})
	if err != nil {
		t.Fatal(err)
	}
}

func TestBrowserLiveUpdateWhileAgentWorks(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	seedHistory(t, e)
	inc := e.report(demoReporter, incident.NewIncident{Description: "Router reboots every hour at the Lyon site", Impact: "S2", Urgency: "U1",
		CustomerReference: "LYON-4711"})
	start := inc.CreatedAt
	e.advance(20 * time.Minute)
	e.manager.AddNote(context.Background(), e.caller(demoReporter), inc.ID, incident.NewNote{Text: "It started after last night's maintenance."}, "")

	customer := e.person(t)
	customer.signIn(demoReporter)
	customer.screenshot("list", 1280)
	customer.screenshot("list-phone", 390)
	customer.open(incidentPath(inc.ID))
	eval[bool](customer, `window.loadedOnce = true`)

	agentView := e.person(t)
	agentView.signIn(agent)
	agentView.open("/console/queue")
	agentView.checkAccessibility("queue")
	agentView.screenshot("queue", 1280)
	agentView.open(incidentPath(inc.ID))
	agentView.checkAccessibility("detail")
	e.advance(40 * time.Minute)
	agentView.do(chromedp.Click(chromedp.CSS(`#act-VALIDATED summary`)))
	agentView.submit(chromedp.Click(chromedp.ID("do-VALIDATED")), "Status changed.")
	customer.waitText("#incident-status", "Validated", 10*time.Second)
	e.advance(2 * time.Hour)
	// The site was closed for half an hour: a retroactive freeze period.
	end := start.Add(90 * time.Minute)
	if _, _, err := e.manager.AddFreezePeriod(context.Background(), e.caller(agent), inc.ID, incident.FreezeInput{
		StartAt: start.Add(time.Hour), EndAt: &end, Reason: incident.FreezeSiteAccessRefused, Comment: "Badge not ready"}); err != nil {
		t.Fatal(err)
	}
	agentView.open(incidentPath(inc.ID))
	agentView.do(
		chromedp.SendKeys(chromedp.ID("note-text"), "Line card swap planned; do not tell the customer yet."),
		chromedp.Click(chromedp.CSS(`input[name="internal"]`)),
	)
	agentView.submit(chromedp.Click(chromedp.CSS(`form[action$="/notes"] button`)), "Note added.")
	agentView.do(
		chromedp.Click(chromedp.CSS(`#act-RESOLVED summary`)),
		chromedp.SendKeys(chromedp.ID("rtext-RESOLVED"), "Line card replaced"),
	)
	agentView.submit(chromedp.Click(chromedp.ID("do-RESOLVED")), "Status changed.")
	if got := agentView.text("#timeline"); !strings.Contains(got, "Internal note: never shown to the customer") {
		t.Errorf("the agent's timeline does not mark the internal note: %q", got)
	}
	customer.waitText("#incident-status", "Resolved", 10*time.Second)
	if !eval[bool](customer, `window.loadedOnce === true`) {
		t.Error("the customer's page was reloaded to show the change")
	}
	got := customer.text("#timeline")
	if strings.Contains(got, "Line card swap") || !strings.Contains(got, "Line card replaced") || !strings.Contains(got, "Site access refused") {
		t.Errorf("the customer's timeline: %q", got)
	}
	customer.screenshot("detail", 1280)
	agentView.open("/console/dashboard")
	agentView.screenshot("dashboard", 1280)
}

func TestBrowserUploadAndDownload(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	inc := e.report(demoReporter, newIncident("CRC errors on the uplink"))
	content := "10:02 ge-0/0/1 down, CRC errors\n"
	file := filepath.Join(t.TempDir(), "router.log")
	if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	p := e.person(t)
	p.signIn(demoReporter)
	p.open(incidentPath(inc.ID))
	p.do(
		chromedp.SetUploadFiles(chromedp.ID("file"), []string{file}),
		chromedp.SendKeys(chromedp.ID("file-description"), "router log"),
	)
	p.submit(chromedp.Click(chromedp.CSS(`form[action$="/attachments"] button`)), "File attached.")
	p.waitText("#timeline", "router.log", 5*time.Second)
	type download struct {
		Status      int    `json:"status"`
		Disposition string `json:"disposition"`
		Type        string `json:"type"`
		Body        string `json:"body"`
	}
	got := eval[download](p, `(async () => {
		const r = await fetch(document.querySelector("#timeline a[download]").href);
		return {status: r.status, disposition: r.headers.get("Content-Disposition"), type: r.headers.get("Content-Type"), body: await r.text()};
	})()`)
	if got.Status != 200 || got.Body != content || got.Disposition != `attachment; filename=router.log` || !strings.HasPrefix(got.Type, "text/plain") {
		t.Errorf("download: %+v", got)
	}
	// Another customer's person gets nothing of it.
	other := e.person(t)
	other.signIn(acmeReporter)
	status := eval[int](other, fmt.Sprintf(`fetch(%q).then(r => r.status)`, e.base+incidentPath(inc.ID)+"/attachments/1"))
	if status != http.StatusNotFound {
		t.Errorf("another customer downloads the file: status %d", status)
	}
}

func TestBrowserOtherCustomersIncidentLooksMissing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	theirs := e.report(demoReporter, newIncident("Demo's private outage"))
	p := e.person(t)
	p.signIn(acmeReporter)
	p.open(incidentPath(theirs.ID))
	other := p.text("main")
	p.open(incidentPath("2601N99999"))
	missing := p.text("main")
	if other != missing || !strings.Contains(other, "does not exist") {
		t.Errorf("another customer's incident shows %q, a missing one %q", other, missing)
	}
}

func TestBrowserCrossOriginFormRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	inc := e.report(demoReporter, newIncident("Router down"))
	// A page of another origin that posts a note as soon as it loads.
	evil := http.NewServeMux()
	evil.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<!doctype html><form id="f" method="post" action="%s"><input name="text" value="forged"></form>
<script>document.getElementById("f").submit()</script>`, e.base+incidentPath(inc.ID)+"/notes")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: evil, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()

	p := e.person(t)
	p.signIn(demoReporter)
	p.do(chromedp.Navigate("http://" + ln.Addr().String() + "/"))
	p.waitText("main", "sent from another site", 10*time.Second)
	_, total, err := e.db.ListNotes(context.Background(), e.caller(demoReporter).Scope, inc.ID, notesQuery())
	if err != nil || total != 0 {
		t.Errorf("notes after the cross-origin post: %d, %v", total, err)
	}
}

func TestBrowserDescriptionRendersAsText(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	hostile := `<script>window.owned = 1</script>"><img src=x onerror="window.owned = 2">`
	inc := e.report(demoReporter, newIncident(hostile))
	p := e.person(t)
	p.signIn(demoReporter)
	for _, path := range []string{"/console/incidents", incidentPath(inc.ID), "/console/queue"} {
		if path == "/console/queue" {
			p = e.person(t)
			p.signIn(agent)
		}
		p.open(path)
		time.Sleep(300 * time.Millisecond) // room for an injected image to fail
		if owned := eval[bool](p, `typeof window.owned !== "undefined"`); owned {
			t.Errorf("%s ran the description's script", path)
		}
		if n := eval[int](p, `document.querySelectorAll("main img, main script").length`); n != 0 {
			t.Errorf("%s holds %d elements from the description", path, n)
		}
		if !strings.Contains(p.text("main"), hostile) {
			t.Errorf("%s does not show the description as text", path)
		}
	}
}

// checkFitsPhone checks that the list needs no sideways scrolling on a
// phone's width.
func (p *person) checkFitsPhone() {
	p.t.Helper()
	if _, err := chromedp.Call(p.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: 390, Height: 844, DeviceScaleFactor: 1, Mobile: true}); err != nil {
		p.t.Fatal(err)
	}
	wide := eval[int](p, `document.documentElement.scrollWidth`)
	if wide > 390 {
		p.t.Errorf("on a phone the page is %d px wide, more than the screen's 390", wide)
	}
}
