package httpapi

import (
	"net/http"
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
	if _, pattern := rt.mux.Handler(r); pattern != "" {
		rt.mux.ServeHTTP(w, r)
		return
	}
	allowed := rt.allowedMethods(r)
	if len(allowed) == 0 {
		rt.errors.write(w, r, fail(incident.CodeNotFound, MsgRouteNotFound, r.URL.Path))
		return
	}
	allow := strings.Join(allowed, ", ")
	w.Header().Set("Allow", allow)
	rt.errors.write(w, r, fail(incident.CodeMethodNotAllowed, MsgMethodNotAllowed, r.Method, allow))
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
