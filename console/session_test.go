package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/console"
)

func TestSessionEndsOnSignOut(t *testing.T) {
	e := newEnv(t)
	c := e.signIn(demoReporter)
	stolen := c.sessionCookie()
	if stolen == "" || !c.signedIn() {
		t.Fatal("no session after sign-in")
	}
	if r := c.post("/console/logout", nil); r.status != http.StatusSeeOther || !strings.Contains(r.header.Get("Set-Cookie"), "Max-Age=0") {
		t.Fatalf("sign-out: status %d, Set-Cookie %q", r.status, r.header.Get("Set-Cookie"))
	}
	if c.signedIn() {
		t.Error("signed in after signing out")
	}
	replay := e.anonymous()
	req, _ := http.NewRequest(http.MethodGet, e.base+"/console/incidents", nil)
	req.AddCookie(&http.Cookie{Name: "incidentd_session", Value: stolen})
	if r := replay.do(req); r.status != http.StatusSeeOther {
		t.Errorf("the ended session's cookie replayed: status %d, want a redirect to sign in", r.status)
	}
}

func TestSessionEndsWhenUserDisabled(t *testing.T) {
	e := newEnv(t)
	c := e.signIn(demoReporter)
	other := e.signIn(agent)
	if err := e.admin.DisableUser(context.Background(), demoReporter); err != nil {
		t.Fatal(err)
	}
	if c.signedIn() {
		t.Error("a disabled user's session still opens pages")
	}
	if !other.signedIn() {
		t.Error("disabling a user ended another user's session")
	}
	if r := e.anonymous().post("/console/login", url.Values{"email": {demoReporter}, "password": {password}}); r.status != http.StatusUnauthorized {
		t.Errorf("a disabled user signs in: status %d", r.status)
	}
}

func TestSessionEndsAfterItsLifetime(t *testing.T) {
	e := newEnv(t)
	c := e.signIn(demoReporter)
	e.advance(sessionLifetime - time.Minute)
	if !c.signedIn() {
		t.Fatal("session ended before its lifetime")
	}
	e.advance(2 * time.Minute)
	if c.signedIn() {
		t.Error("session still open after its lifetime")
	}
}

func TestSessionsListedAndEndedByTheirUser(t *testing.T) {
	e := newEnv(t)
	phone := e.signIn(demoReporter)
	laptop := e.signIn(demoReporter)
	page := laptop.get("/console/account")
	if page.status != http.StatusOK || strings.Count(page.body, "/end\"") != 2 {
		t.Fatalf("account page: status %d, want both sessions listed", page.status)
	}
	// The phone's session, named as the list names it.
	hash := sessionHash(phone.sessionCookie())
	if !strings.Contains(page.body, hash) {
		t.Fatal("the phone's session is not listed")
	}
	if r := e.signIn(acmeReporter).post("/console/account/sessions/"+hash+"/end", nil); r.status != http.StatusNotFound {
		t.Errorf("another user ended the session: status %d", r.status)
	}
	if r := laptop.post("/console/account/sessions/"+hash+"/end", nil); r.status != http.StatusSeeOther {
		t.Fatalf("ending the phone's session: status %d", r.status)
	}
	if phone.signedIn() || !laptop.signedIn() {
		t.Error("ending one session did not end exactly that one")
	}
}

func TestSignInThrottled(t *testing.T) {
	e := newEnv(t)
	c := e.anonymous()
	for i := 0; i < 5; i++ {
		if r := c.post("/console/login", url.Values{"email": {demoReporter}, "password": {"wrong password " + string(rune('a'+i))}}); r.status != http.StatusUnauthorized {
			t.Fatalf("failed sign-in %d: status %d", i+1, r.status)
		}
	}
	r := c.post("/console/login", url.Values{"email": {demoReporter}, "password": {password}})
	if r.status != http.StatusTooManyRequests {
		t.Fatalf("sign-in after 5 failures: status %d, want 429", r.status)
	}
	if c.sessionCookie() != "" {
		t.Error("a throttled sign-in opened a session")
	}
	e.advance(16 * time.Minute)
	if r := c.post("/console/login", url.Values{"email": {demoReporter}, "password": {password}}); r.status != http.StatusSeeOther {
		t.Errorf("sign-in once the window passed: status %d", r.status)
	}
}

func TestNoSecretInLogs(t *testing.T) {
	e := newEnv(t)
	e.anonymous().post("/console/login", url.Values{"email": {demoReporter}, "password": {"a wrong guess 1234"}})
	c := e.signIn(demoReporter)
	session := c.sessionCookie()
	c.get("/console/incidents")
	c.get("/console/account")
	c.post("/console/logout", nil)
	log := e.log.String()
	if !strings.Contains(log, "console sign-in") {
		t.Fatalf("the log does not tell the sign-ins: %s", log)
	}
	for name, secret := range map[string]string{"password": password, "wrong password": "a wrong guess 1234",
		"session id": session, "session hash": sessionHash(session)} {
		if strings.Contains(log, secret) {
			t.Errorf("the log holds the %s", name)
		}
	}
}

func TestCookieAttributes(t *testing.T) {
	e := newEnv(t)
	r := e.anonymous().post("/console/login", url.Values{"email": {demoReporter}, "password": {password}})
	cookie := r.header.Get("Set-Cookie")
	for _, want := range []string{"incidentd_session=", "Path=/console/", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("session cookie %q lacks %s", cookie, want)
		}
	}
	if strings.Contains(cookie, "Secure") {
		t.Errorf("session cookie %q is Secure on plain HTTP", cookie)
	}
	behindProxy := newEnv(t, func(c *console.Config) { c.SecureCookies = true })
	r = behindProxy.anonymous().post("/console/login", url.Values{"email": {demoReporter}, "password": {password}})
	if cookie := r.header.Get("Set-Cookie"); !strings.Contains(cookie, "; Secure") {
		t.Errorf("session cookie %q is not Secure behind a TLS proxy", cookie)
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	e := newEnv(t)
	inc := e.report(demoReporter, newIncident("Router down"))
	c := e.signIn(demoReporter)
	r := c.postFrom("http://evil.example", incidentPath(inc.ID)+"/notes", url.Values{"text": {"forged"}})
	if r.status != http.StatusForbidden {
		t.Fatalf("cross-origin note: status %d, want 403", r.status)
	}
	_, total, err := e.db.ListNotes(context.Background(), e.caller(demoReporter).Scope, inc.ID, notesQuery())
	if err != nil || total != 0 {
		t.Errorf("notes after the forged post: %d, %v", total, err)
	}
	if r := c.post(incidentPath(inc.ID)+"/notes", url.Values{"text": {"genuine"}}); r.status != http.StatusSeeOther {
		t.Errorf("same-origin note: status %d", r.status)
	}
}

func TestOtherCustomersIncidentIsNotFound(t *testing.T) {
	e := newEnv(t)
	theirs := e.report(demoReporter, newIncident("Demo's own incident"))
	c := e.signIn(acmeReporter)
	other := c.get(incidentPath(theirs.ID))
	missing := c.get(incidentPath("2601N99999"))
	if other.status != http.StatusNotFound || missing.status != http.StatusNotFound {
		t.Fatalf("statuses %d (another customer's) and %d (missing), want 404", other.status, missing.status)
	}
	// The pages differ only by the address they were asked at.
	if strings.ReplaceAll(other.body, theirs.ID, "ID") != strings.ReplaceAll(missing.body, "2601N99999", "ID") {
		t.Errorf("another customer's incident and a missing one get different pages:\n%s\n----\n%s", other.body, missing.body)
	}
	if strings.Contains(other.body, "Demo's own incident") {
		t.Error("the page tells the other customer's incident")
	}
	for _, path := range []string{"/attachments/1", "/notes", "/status"} {
		var r response
		if path == "/attachments/1" {
			r = c.get(incidentPath(theirs.ID) + path)
		} else {
			r = c.post(incidentPath(theirs.ID)+path, url.Values{"text": {"x"}, "status": {"CANCELLED"}})
		}
		if r.status != http.StatusNotFound {
			t.Errorf("%s of another customer's incident: status %d, want 404", path, r.status)
		}
	}
	if got, _ := e.manager.Incidents.GetIncident(context.Background(), e.caller(agent).Scope, theirs.ID); got.Status != "NEW" {
		t.Errorf("the other customer's incident changed: %s", got.Status)
	}
}

func TestViewerMayNotWrite(t *testing.T) {
	e := newEnv(t)
	inc := e.report(demoReporter, newIncident("Router down"))
	c := e.signIn(demoViewer)
	if r := c.get(incidentPath(inc.ID)); r.status != http.StatusOK || strings.Contains(r.body, "/notes\"") {
		t.Errorf("viewer's detail page: status %d, note form shown: %v", r.status, strings.Contains(r.body, "/notes\""))
	}
	if r := c.post(incidentPath(inc.ID)+"/status", url.Values{"status": {"CANCELLED"}}); r.status != http.StatusForbidden {
		t.Errorf("viewer cancels: status %d, want 403", r.status)
	}
	if r := c.get("/console/queue"); r.status != http.StatusNotFound {
		t.Errorf("customer opens the queue: status %d, want 404", r.status)
	}
}
