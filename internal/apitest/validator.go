// Package apitest checks, in tests, that the responses of incidentd are the
// ones its OpenAPI document describes: status documented for the operation,
// headers and body matching their schemas.
package apitest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// Validator holds a loaded, validated OpenAPI document and its router.
type Validator struct {
	doc    *openapi3.T
	router routers.Router
}

// New loads the OpenAPI document, validates it and builds its router. A
// document that does not load or validate fails the test at once.
func New(t testing.TB, doc []byte) *Validator {
	t.Helper()
	v, err := load(doc)
	if err != nil {
		t.Fatalf("OpenAPI document: %v", err)
	}
	return v
}

func load(data []byte) (*Validator, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	// Tests send requests to 127.0.0.1 on a random port. The document's
	// server is the relative "/" and its paths are absolute, so routing on
	// the path alone is exact: drop the servers for the router.
	doc.Servers = nil
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("router: %w", err)
	}
	return &Validator{doc: doc, router: router}, nil
}

// Check fails the test, naming the request and what is wrong, unless the
// response (status, header, body) is one the document describes for req.
func (v *Validator) Check(t testing.TB, req *http.Request, status int, header http.Header, body []byte) {
	t.Helper()
	if err := v.Validate(req, status, header, body); err != nil {
		t.Errorf("%v", err)
	}
}

// CheckResponse checks resp against the request that produced it, and
// returns its body, which it reads and leaves readable again.
func (v *Validator) CheckResponse(t testing.TB, resp *http.Response) []byte {
	t.Helper()
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatalf("%s %s: reading the response body: %v", resp.Request.Method, resp.Request.URL, err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	v.Check(t, resp.Request, resp.StatusCode, resp.Header, body)
	return body
}

// Validate is Check returning the failure as an error.
func (v *Validator) Validate(req *http.Request, status int, header http.Header, body []byte) error {
	err := v.validate(req, status, header, body)
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s %s → %d: %w\nresponse body: %s", req.Method, req.URL.RequestURI(), status, err, excerpt(body))
}

func (v *Validator) validate(req *http.Request, status int, header http.Header, body []byte) error {
	routed := req
	if req.Method == http.MethodHead {
		// A GET route serves HEAD too; there is no body to check.
		routed = req.Clone(req.Context())
		routed.Method = http.MethodGet
	}
	var route *routers.Route
	var params map[string]string
	var err error
	if isOperational(routed.URL.Path) {
		if routed.Method == http.MethodGet {
			return checkOperational(routed, status, header)
		}
		// Any other method: the API's 405, as for its own paths.
		if status != http.StatusMethodNotAllowed || !strings.Contains(header.Get("Allow"), http.MethodGet) {
			return fmt.Errorf("operational endpoint: a %s must answer 405 allowing GET, got %d (Allow %q)", routed.Method, status, header.Get("Allow"))
		}
		route, err = v.componentRoute("MethodNotAllowed", status)
	} else {
		route, params, err = v.router.FindRoute(routed)
		if err == nil && trailingSlash(routed) {
			err = errors.New("no path of the document ends with a slash")
		}
		if err != nil {
			route, err = v.unroutedRoute(routed, err, status)
		}
	}
	if err != nil {
		return err
	}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: routed, PathParams: params, Route: route},
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{
			IncludeResponseStatus: true,
			MultiError:            true,
			ExcludeResponseBody:   req.Method == http.MethodHead,
		},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), input); err != nil {
		return err
	}
	if req.Method != http.MethodHead {
		return v.checkCompleteList(route, req, status, header, body)
	}
	return nil
}

// unroutedRoute answers for a request the document has no operation for:
// the server must then answer 404 (unknown path) or 405 (known path, other
// method), as described by the document's component responses, unless the
// request is over the size limits checked before routing (400 for the URL,
// 431 for the headers).
func (v *Validator) unroutedRoute(req *http.Request, routeErr error, status int) (*routers.Route, error) {
	name, want := "NotFound", http.StatusNotFound
	switch {
	case status == http.StatusBadRequest:
		name, want = "BadRequest", http.StatusBadRequest
	case status == http.StatusRequestHeaderFieldsTooLarge:
		name, want = "RequestHeadersTooLarge", http.StatusRequestHeaderFieldsTooLarge
	case v.servesAnotherMethod(req):
		name, want = "MethodNotAllowed", http.StatusMethodNotAllowed
	}
	if status != want {
		return nil, fmt.Errorf("no documented operation (%v): the answer must be %d, got %d", routeErr, want, status)
	}
	return v.componentRoute(name, status)
}

// componentRoute is an operation whose one response is the document's
// component response name, to check an answer of status against it.
func (v *Validator) componentRoute(name string, status int) (*routers.Route, error) {
	response := v.doc.Components.Responses[name]
	if response == nil {
		return nil, fmt.Errorf("no component response %q to check the %d against", name, status)
	}
	op := &openapi3.Operation{Responses: openapi3.NewResponses(openapi3.WithStatus(status, response))}
	return &routers.Route{Spec: v.doc, Operation: op}, nil
}

// servesAnotherMethod reports whether the path of req has an operation for
// some other method. The router cannot tell it for templated paths: it
// reports every miss as an unknown path.
func (v *Validator) servesAnotherMethod(req *http.Request) bool {
	if trailingSlash(req) {
		return false
	}
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		other := req.Clone(req.Context())
		other.Method = method
		if _, _, err := v.router.FindRoute(other); err == nil {
			return true
		}
	}
	return false
}

// trailingSlash reports whether the request's path ends with a slash, which
// the router forgives but no path of the API has.
func trailingSlash(req *http.Request) bool {
	return len(req.URL.Path) > 1 && strings.HasSuffix(req.URL.Path, "/")
}

// excerpt keeps failure messages readable with large bodies.
func excerpt(body []byte) string {
	const max = 2000
	if len(body) > max {
		return string(body[:max]) + fmt.Sprintf("… (%d bytes)", len(body))
	}
	return string(body)
}
