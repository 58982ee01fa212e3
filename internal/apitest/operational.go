package apitest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// operationalPaths are the endpoints served at the root for operators and
// their tools, outside the API and its document (docs/deployment.md):
// liveness, readiness and Prometheus metrics, each with the statuses its
// GET answers. Other methods get the API's 405.
var operationalPaths = map[string][]int{
	"/livez":   {http.StatusOK},
	"/readyz":  {http.StatusOK, http.StatusServiceUnavailable},
	"/metrics": {http.StatusOK},
}

func isOperational(path string) bool {
	_, ok := operationalPaths[path]
	return ok
}

// checkOperational checks the answer of a GET of an operational endpoint:
// one of its statuses, in plain text.
func checkOperational(req *http.Request, status int, header http.Header) error {
	if want := operationalPaths[req.URL.Path]; !slices.Contains(want, status) {
		return fmt.Errorf("operational endpoint: status %d, want one of %v", status, want)
	}
	if ct := header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		return fmt.Errorf("operational endpoint: Content-Type %q, want text/plain", ct)
	}
	return nil
}
