package httpapi

import (
	"net/http"
	"net/url"
	"sort"

	"github.com/incidentd/incidentd/incident"
)

// queryValues decodes the query string strictly: a malformed escape or a
// semicolon separator is refused (400, code 28), where url.URL.Query would
// silently drop the pair.
func queryValues(r *http.Request) (url.Values, error) {
	values, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, fail(incident.CodeInvalidQueryParam, MsgQueryMalformed)
	}
	return values, nil
}

// refuseQuery refuses (400, code 28) any parameter on a list that takes
// none, rather than ignoring it: a client asking for a filter or a page
// there must not believe it got one.
func refuseQuery(r *http.Request) error {
	values, err := queryValues(r)
	if err != nil || len(values) == 0 {
		return err
	}
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names)
	return fail(incident.CodeInvalidQueryParam, MsgQueryNotAccepted, names[0])
}
