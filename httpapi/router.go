package httpapi

import (
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/incidentd/incidentd/incident"
)

// router dispatches with a ServeMux but answers unknown paths (404, code
// 60) and known paths with another method (405, code 61, with Allow) in the
// API's JSON error shape rather than the mux's plain text.
type router struct {
	mux     *http.ServeMux
	methods []string // every method of the table, to compute Allow
	errors  errorWriter
}

func newRouter(s *server, routes []route) *router {
	rt := &router{mux: http.NewServeMux(), errors: s.errors}
	for _, r := range routes {
		rt.mux.Handle(r.pattern, s.routeHandler(r))
		method, _, _ := strings.Cut(r.pattern, " ")
		if !slices.Contains(rt.methods, method) {
			rt.methods = append(rt.methods, method)
		}
		if method == http.MethodGet && !slices.Contains(rt.methods, http.MethodHead) {
			rt.methods = append(rt.methods, http.MethodHead) // the mux serves HEAD with GET
		}
	}
	slices.Sort(rt.methods)
	return rt
}

func (rt *router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !isCleanPath(r.URL.EscapedPath()) {
		// The mux would redirect to the cleaned path (307, in HTML): a
		// client that writes "//", "." or ".." segments gets a 404 instead,
		// like any path that names no resource.
		rt.errors.write(w, r, fail(incident.CodeNotFound, MsgRouteNotFound, logText(r.URL.Path)))
		return
	}
	if _, pattern := rt.mux.Handler(r); pattern != "" {
		rt.mux.ServeHTTP(w, r)
		return
	}
	allowed := rt.allowedMethods(r)
	if len(allowed) == 0 {
		rt.errors.write(w, r, fail(incident.CodeNotFound, MsgRouteNotFound, logText(r.URL.Path)))
		return
	}
	allow := strings.Join(allowed, ", ")
	w.Header().Set("Allow", allow)
	rt.errors.write(w, r, fail(incident.CodeMethodNotAllowed, MsgMethodNotAllowed, logText(r.Method), allow))
}

// allowedMethods lists the methods the table serves on the request's path.
func (rt *router) allowedMethods(r *http.Request) []string {
	var allowed []string
	for _, m := range rt.methods {
		probe := r.WithContext(r.Context())
		probe.Method = m
		if _, pattern := rt.mux.Handler(probe); pattern != "" {
			allowed = append(allowed, m)
		}
	}
	return allowed
}

// isCleanPath reports whether p is a path the mux takes as it is: rooted,
// without empty, "." or ".." segments (a trailing slash is kept).
func isCleanPath(p string) bool {
	if p == "" || p[0] != '/' {
		return false
	}
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/"
	}
	return clean == p
}
