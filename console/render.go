package console

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

//go:embed templates
var templateFiles embed.FS

// pageSet holds each page's template: the layout with the page's content.
type pageSet struct {
	byName map[string]*template.Template
}

var templateFuncs = template.FuncMap{
	// deref reads an optional text of the history.
	"deref": func(s *string) string { return *s },
	"list":  func(items ...any) []any { return items },
	// short is the start of a description, for the lists.
	"short": func(s string) string { return firstLine(s, 140) },
}

func loadPages() *pageSet {
	set := &pageSet{byName: map[string]*template.Template{}}
	entries, err := fs.ReadDir(templateFiles, "templates")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".html")
		if name == "layout" {
			continue
		}
		set.byName[name] = template.Must(template.New(name).Funcs(templateFuncs).
			ParseFS(templateFiles, "templates/layout.html", "templates/"+e.Name()))
	}
	return set
}

// page is what every template receives: the viewer's language and user,
// the page's title and navigation, and the page's own data.
type page struct {
	Lang  text.Language
	User  *userView
	Title string
	// Path is the page's address, for the language switch to come back.
	Path string
	// LiveVersion, when set, makes the page check for changes every
	// PollSeconds (see live.go).
	LiveVersion string
	PollSeconds int
	Data        any
	// Assets is the version of the stylesheet and script.
	Assets string
}

type userView struct {
	Name, Email, Role string
	Provider, Writer  bool
}

// T renders a console text in the page's language.
func (p *page) T(name string, args ...any) string { return text.Message(p.Lang, key(name), args...) }

// Label is the label of an enumeration value.
func (p *page) Label(value any) string { return labelOf(p.Lang, fmt.Sprint(value)) }

// FieldName names an attribute of the history: its label when the console
// has one, else its dot-notation name.
func (p *page) FieldName(name string) string {
	if k := key("field_" + name); text.Registered(k) {
		return text.Message(p.Lang, k)
	}
	return name
}

// Time shows an instant in UTC to the minute.
func (p *page) Time(t any) string {
	switch t := t.(type) {
	case time.Time:
		return t.UTC().Format("2006-01-02 15:04") + " UTC"
	case *time.Time:
		if t != nil {
			return p.Time(*t)
		}
	}
	return "—"
}

// ISO is an instant as HTML's datetime attribute takes it.
func (p *page) ISO(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Duration shows seconds as days, hours and minutes.
func (p *page) Duration(seconds int64) string { return formatDuration(p.Lang, seconds) }

// render writes a page with the layout.
func (s *server) render(w http.ResponseWriter, r *http.Request, v *viewer, status int, name, title string, data any) {
	s.renderPage(w, r, v, status, name, &page{Title: text.Message(v.lang, key(title)), Data: data})
}

func (s *server) renderPage(w http.ResponseWriter, r *http.Request, v *viewer, status int, name string, p *page) {
	p.Lang, p.Path, p.Assets = v.lang, r.URL.RequestURI(), assetsVersion
	p.PollSeconds = int(s.PollInterval / time.Second)
	if p.PollSeconds < 1 {
		p.PollSeconds = 1
	}
	if v.user != nil {
		p.User = &userView{Name: v.user.Name, Email: v.user.Email, Role: string(v.user.Role),
			Provider: v.user.Role.Provider(), Writer: v.user.Role.CanWrite()}
	}
	var buf bytes.Buffer
	if err := s.pages.byName[name].ExecuteTemplate(&buf, "layout", p); err != nil {
		s.Logger.ErrorContext(r.Context(), "console template", "page", name, "error", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", string(v.lang))
	h.Set("Cache-Control", "no-store")
	if p.LiveVersion != "" {
		h.Set("ETag", liveTag(p.LiveVersion))
	}
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

type errorData struct{ Message string }

// renderError answers a page telling what went wrong, in a registered text.
func (s *server) renderError(w http.ResponseWriter, r *http.Request, v *viewer, status int, message string) {
	s.render(w, r, v, status, "error", "error_title", errorData{Message: text.Message(v.lang, key(message))})
}

// notFound is the one answer to a page that does not exist and to an
// incident outside the user's scope: the same page, the same status.
func (s *server) notFound(w http.ResponseWriter, r *http.Request, v *viewer) {
	s.renderError(w, r, v, http.StatusNotFound, "error_not_found")
}

// readFailed answers a read of the user's data that failed, and reports
// whether it did: not found (outside the scope or missing), or internal.
func (s *server) readFailed(w http.ResponseWriter, r *http.Request, v *viewer, err error) bool {
	switch {
	case err == nil:
		return false
	case incident.ErrorCode(err) == incident.CodeNotFound:
		s.notFound(w, r, v)
	default:
		s.internalError(w, r, v, err)
	}
	return true
}

// internalError logs the cause and answers a page that does not tell it.
func (s *server) internalError(w http.ResponseWriter, r *http.Request, v *viewer, err error) {
	s.Logger.ErrorContext(r.Context(), "console", "path", r.URL.Path, "error", err)
	s.renderError(w, r, v, http.StatusInternalServerError, "error_internal")
}

// refuseCrossOrigin answers a state-changing request sent from another
// site (http.CrossOriginProtection refused it).
func (s *server) refuseCrossOrigin(w http.ResponseWriter, r *http.Request) {
	s.Logger.WarnContext(r.Context(), "console cross-origin request refused", "path", r.URL.Path,
		"origin", r.Header.Get("Origin"), "sec_fetch_site", r.Header.Get("Sec-Fetch-Site"))
	s.renderError(w, r, &viewer{lang: languageOf(r)}, http.StatusForbidden, "error_cross_origin")
}

//go:embed static
var staticFiles embed.FS

// assetsVersion names the build's stylesheet and script in their
// addresses, so that browsers may keep them a year and still get the new
// ones after an upgrade.
var assetsVersion = func() string {
	h := sha256.New()
	for _, name := range []string{"static/console.css", "static/console.js"} {
		b, err := staticFiles.ReadFile(name)
		if err != nil {
			panic(err)
		}
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)[:6])
}()

// serveStatic serves the stylesheet and the script.
func serveStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if name != "console.css" && name != "console.js" {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	http.ServeFileFS(w, r, staticFiles, "static/"+name)
}
