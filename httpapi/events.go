package httpapi

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
)

// The change feed (spec §11.4): GET /events?after=&limit=&wait=&eventType=
// &<listing filters>.
const (
	eventsRoute = "GET " + basePath + "/events"

	paramAfter = "after"
	paramWait  = "wait"

	// DefaultEventLimit and MaxEventLimit bound the events of one answer.
	DefaultEventLimit = 100
	MaxEventLimit     = 1000
	// MaxEventWait is the longest long poll.
	MaxEventWait = 60 * time.Second
)

// feedRequest is a parsed request of the feed.
type feedRequest struct {
	after  string
	limit  int
	wait   time.Duration
	filter incident.EventFilter
}

// parseFeedRequest reads the feed's own parameters (each at most once) and
// hands the others to the event filter's parser.
func parseFeedRequest(r *http.Request, role incident.Role) (feedRequest, error) {
	params, err := queryValues(r)
	if err != nil {
		return feedRequest{}, err
	}
	req := feedRequest{limit: DefaultEventLimit}
	for name, values := range params {
		var own bool
		for _, p := range []string{paramAfter, contract.ParamLimit, paramWait} {
			own = own || strings.EqualFold(name, p)
		}
		if !own {
			continue
		}
		delete(params, name)
		if len(values) != 1 {
			return feedRequest{}, fail(incident.CodeInvalidQueryParam, contract.MsgQueryDuplicateParam, name)
		}
		v := values[0]
		switch strings.ToLower(name) {
		case paramAfter:
			req.after = v
		case contract.ParamLimit:
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > MaxEventLimit || v != strconv.Itoa(n) {
				return feedRequest{}, fail(incident.CodeInvalidQueryParam, MsgEventLimit, name, MaxEventLimit)
			}
			req.limit = n
		case paramWait:
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > int(MaxEventWait/time.Second) || v != strconv.Itoa(n) {
				return feedRequest{}, fail(incident.CodeInvalidQueryParam, MsgEventWait, name, int(MaxEventWait/time.Second))
			}
			req.wait = time.Duration(n) * time.Second
		}
	}
	req.filter, err = contract.ParseEventFilter(params, role)
	return req, err
}

// listEvents answers the events after the cursor that the caller may see
// and the filter keeps, oldest first. With wait, an answer that would be
// empty waits for the next event to commit, on any server, or for the
// time to pass, or for the server to shut down; no database connection is
// held while it waits.
func (s *server) listEvents(w http.ResponseWriter, r *http.Request) error {
	if s.events == nil {
		return fail(incident.CodeUnavailable, MsgEventsUnavailable)
	}
	caller := stateOf(r.Context()).caller
	req, err := parseFeedRequest(r, caller.Role)
	if err != nil {
		return err
	}
	ctx := r.Context()
	var timeout <-chan time.Time
	if req.wait > 0 {
		t := time.NewTimer(req.wait)
		defer t.Stop()
		timeout = t.C
	}
	cursor := req.after
	for {
		// Taken before the read: an event committed after the read
		// closes it.
		changed := s.events.EventsChanged()
		events, next, atEnd, err := incident.ReadEvents(ctx, s.events, caller.Scope, req.filter, cursor, req.limit)
		if err != nil {
			return err
		}
		cursor = next
		if len(events) > 0 || timeout == nil || !atEnd {
			return writeEvents(w, r, events, cursor, caller.Role)
		}
		select {
		case <-changed:
		case <-timeout:
			return writeEvents(w, r, nil, cursor, caller.Role)
		case <-s.stopping:
			return writeEvents(w, r, nil, cursor, caller.Role)
		case <-ctx.Done():
			return nil // the client left
		}
	}
}

// writeEvents answers a page of the feed: the envelopes, X-Result-Count,
// and a Link to the next page after the cursor (the request's other
// parameters kept).
func writeEvents(w http.ResponseWriter, r *http.Request, events []incident.Event, cursor string, role incident.Role) error {
	dst := make([]byte, 0, 2+len(events)*2048)
	dst = append(dst, '[')
	for i := range events {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = contract.AppendEventJSON(dst, &events[i], role)
	}
	dst = append(dst, ']')
	h := w.Header()
	h.Set("X-Result-Count", strconv.Itoa(len(events)))
	h.Set("Link", "<"+requestBase(r)+feedURL(r.URL, cursor)+`>; rel="next"`)
	h.Set("Cache-Control", "no-store")
	writeJSONBytes(w, http.StatusOK, dst)
	return nil
}

// feedURL is u's path and query with after set to the cursor (left out
// when there is none yet); the other parameters keep their order and
// encoding.
func feedURL(u *url.URL, cursor string) string {
	var params []string
	for _, p := range strings.Split(u.RawQuery, "&") {
		if p == "" {
			continue
		}
		name, _, _ := strings.Cut(p, "=")
		if name, err := url.QueryUnescape(name); err == nil && strings.EqualFold(name, paramAfter) {
			continue
		}
		params = append(params, p)
	}
	if cursor != "" {
		params = append(params, paramAfter+"="+url.QueryEscape(cursor))
	}
	if len(params) == 0 {
		return u.EscapedPath()
	}
	return u.EscapedPath() + "?" + strings.Join(params, "&")
}
