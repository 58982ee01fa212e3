package hardening

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/incidentd/incidentd/seed"
)

// The bad-input corpus: testdata/badinput/*.http, one raw request each,
// after comment lines saying what it probes, "# status: N" when the answer
// is fixed, "# expect: go-plain" or "go-empty" for the requests net/http
// answers itself (docs/api.md lists them), and "console" for the one the
// web console answers. The request's line
// ends become CRLF and placeholders are filled in:
//
//	{{HOST}} {{TOKEN}} {{KEY}} {{OP_TOKEN}} {{OP_KEY}} {{BASIC}} {{ID}}
//	{{FOREIGN_ID}} {{FOREIGN_KEY}} {{ATTACHMENT_ID}}   the test's values
//	{{LENGTH}}              the length of the body
//	{{REPEAT n text}}       text n times (escapes: \n)
//	{{CHUNKED n c}}         a chunked body of n bytes c, in 64 KiB chunks

// probe is one request of the corpus.
type probe struct {
	name   string
	raw    []byte
	status int    // 0: any status under 500
	expect string // "json" (the API's answer), "go-plain", "go-empty", "console"
}

var (
	repeatPattern  = regexp.MustCompile(`\{\{REPEAT (\d+) ((?:[^}]|\}[^}])*)\}\}`)
	chunkedPattern = regexp.MustCompile(`\{\{CHUNKED (\d+) (.)\}\}`)
)

// loadProbe reads a corpus file and fills in its placeholders.
func loadProbe(t *testing.T, path string, vars map[string]string) probe {
	t.Helper()
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p := probe{name: strings.TrimSuffix(filepath.Base(path), ".http"), expect: "json"}
	lines := strings.Split(string(text), "\n")
	for len(lines) > 0 && strings.HasPrefix(lines[0], "#") {
		key, value, _ := strings.Cut(strings.TrimSpace(strings.TrimPrefix(lines[0], "#")), ": ")
		switch key {
		case "status":
			p.status, _ = strconv.Atoi(value)
		case "expect":
			p.expect = value
		}
		lines = lines[1:]
	}
	request := strings.Join(lines, "\n")
	request = repeatPattern.ReplaceAllStringFunc(request, func(m string) string {
		sub := repeatPattern.FindStringSubmatch(m)
		n, _ := strconv.Atoi(sub[1])
		return strings.Repeat(strings.ReplaceAll(sub[2], `\n`, "\n"), n)
	})
	for name, value := range vars {
		request = strings.ReplaceAll(request, "{{"+name+"}}", value)
	}
	head, body, _ := strings.Cut(request, "\n\n")
	body = strings.ReplaceAll(body, "\n", "\r\n")
	body = chunkedPattern.ReplaceAllStringFunc(body, func(m string) string {
		sub := chunkedPattern.FindStringSubmatch(m)
		n, _ := strconv.Atoi(sub[1])
		var b strings.Builder
		for n > 0 {
			size := min(n, 64<<10)
			fmt.Fprintf(&b, "%x\r\n%s\r\n", size, strings.Repeat(sub[2], size))
			n -= size
		}
		b.WriteString("0\r\n\r\n")
		return b.String()
	})
	head = strings.ReplaceAll(head, "{{LENGTH}}", strconv.Itoa(len(body)))
	p.raw = []byte(strings.ReplaceAll(head, "\n", "\r\n") + "\r\n\r\n" + body)
	return p
}

// TestBadInputCorpus sends every request of the corpus to a server on
// each backend: no answer of incidentd is a 5xx, every answer of incidentd is one the
// OpenAPI document describes (errors in the API's format), the fixed
// statuses are the ones given, and the answers of net/http itself are the
// plain ones docs/api.md lists.
func TestBadInputCorpus(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("testdata", "badinput", "*.http"))
	if err != nil || len(files) < 150 {
		t.Fatalf("the corpus has %d files (%v)", len(files), err)
	}
	eachBackend(t, func(t *testing.T, database string) {
		ts := prepare(t, database,
			seed.CustomerPlan{ID: "acme", Name: "Acme", Incidents: 30},
			seed.CustomerPlan{ID: "globex", Name: "Globex", Incidents: 5})
		srv := startServer(t, database, "--rate-limit", "100000", "--rate-burst", "100000")
		c := newClient(t, srv)
		customer, foreign, operator := ts.writer["acme"], ts.writer["globex"], ts.operator
		for _, who := range []*caller{&customer, &foreign, &operator} {
			c.login(who)
		}
		id := newIncident(t, c, customer)
		vars := map[string]string{
			"HOST":          strings.TrimPrefix(srv.url, "http://"),
			"TOKEN":         customer.token,
			"KEY":           customer.key,
			"OP_TOKEN":      operator.token,
			"OP_KEY":        operator.key,
			"BASIC":         base64.StdEncoding.EncodeToString([]byte(customer.clientID + ":" + customer.secret)),
			"ID":            id,
			"FOREIGN_ID":    firstIncident(t, c, foreign),
			"FOREIGN_KEY":   foreign.key,
			"ATTACHMENT_ID": upload(t, c, customer, id, "trace.txt", []byte("a trace of the outage\n")),
		}
		statuses := map[int]int{}
		for _, path := range files {
			p := loadProbe(t, path, vars)
			r, err := c.rawExchange(p.raw)
			if err != nil {
				t.Errorf("%s: %v", p.name, err)
				continue
			}
			statuses[r.status]++
			if r.status >= 500 && p.expect == "json" {
				t.Errorf("%s: %d %s", p.name, r.status, excerpt(r.body))
			}
			if p.status != 0 && r.status != p.status {
				t.Errorf("%s: %d %s, want %d", p.name, r.status, excerpt(r.body), p.status)
			}
			switch p.expect {
			case "go-plain":
				if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") || r.header.Get("X-OAPI-Request-Id") != "" {
					t.Errorf("%s: %q, want net/http's own plain answer", p.name, ct)
				}
			case "console":
				if r.header.Get("Location") != "/console/" {
					t.Errorf("%s: Location %q, want the web console's /console/", p.name, r.header.Get("Location"))
				}
			case "go-empty":
				if len(r.body) != 0 || r.header.Get("X-OAPI-Request-Id") != "" {
					t.Errorf("%s: %q, want net/http's own empty answer", p.name, excerpt(r.body))
				}
			default:
				if r.header.Get("X-OAPI-Request-Id") == "" {
					t.Errorf("%s: %d without X-OAPI-Request-Id: not an answer of incidentd", p.name, r.status)
				}
				c.record(r)
			}
		}
		codes := make([]string, 0, len(statuses))
		for s, n := range statuses {
			codes = append(codes, fmt.Sprintf("%d×%d", n, s))
		}
		sort.Strings(codes)
		t.Logf("%d probes: %s", len(files), strings.Join(codes, " "))
	})
}

// upload attaches a text file to an incident and returns its id.
func upload(t *testing.T, c *client, who caller, incidentID, name string, content []byte) string {
	t.Helper()
	r := uploadReply(t, c, who, incidentID, name, content)
	id, _, ok := strings.Cut(strings.TrimPrefix(string(r.body), `{"id":`), ",")
	if r.status != http.StatusCreated || !ok {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	return id
}

// uploadReply sends a file in the upload form and returns the answer.
func uploadReply(t *testing.T, c *client, who caller, incidentID, name string, content []byte) reply {
	t.Helper()
	var body bytes.Buffer
	form := multipart.NewWriter(&body)
	part, err := form.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	part.Write(content)
	form.Close()
	req := as(c.request(http.MethodPost, base+"/incidents/"+incidentID+"/attachments", body.String()), who)
	req.Header.Set("Content-Type", form.FormDataContentType())
	return c.must(req)
}

// newIncident reports an incident (NEW) for the caller and returns its id.
func newIncident(t *testing.T, c *client, who caller) string {
	t.Helper()
	r := c.must(as(c.request(http.MethodPost, base+"/incidents", map[string]any{"description": "Line down", "impact": "S2", "urgency": "U2"}), who))
	id, _, ok := strings.Cut(strings.TrimPrefix(string(r.body), `{"id":"`), `"`)
	if r.status != http.StatusCreated || !ok {
		t.Fatalf("report an incident: %d %s", r.status, r.body)
	}
	return id
}
