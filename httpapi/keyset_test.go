package httpapi_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
)

// A client walking the list newest first by the Link header's next links
// sees every incident that existed when it started exactly once, while 50
// others are created meanwhile; pages after a cursor cost no offset.
func TestKeysetWalkWhileIncidentsArrive(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		c := e.reportFleet("acme", 60).customer
		before := e.call(c, http.MethodGet, base+"/incidents?limit=1000", nil).list(t)
		if len(before) != 60 {
			t.Fatalf("%d incidents before the walk", len(before))
		}

		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				e.call(c, http.MethodPost, base+"/incidents", incidentBody(100+i, "S3", "U3", "DE"))
			}()
		}

		seen := map[string]int{}
		var walked []string
		target := base + "/incidents?limit=7&sort=-createdAt"
		for pages := 0; ; pages++ {
			if pages == 1 {
				close(start) // creations race the rest of the walk
			}
			r := e.call(c, http.MethodGet, target, nil)
			if r.status != http.StatusOK {
				t.Fatalf("page %d: %d %s", pages, r.status, r.body)
			}
			for _, id := range ids(r.list(t)) {
				seen[id]++
				walked = append(walked, id)
			}
			if !hasLink(r.header.Get("Link"), "next") {
				break
			}
			target = linkTarget(t, r.header.Get("Link"), "next")
		}
		wg.Wait()
		for _, id := range ids(before) {
			if seen[id] != 1 {
				t.Errorf("incident %s seen %d times in the walk", id, seen[id])
			}
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("incident %s seen %d times", id, n)
			}
		}
		if len(walked) < len(before) {
			t.Errorf("walk of %d incidents, %d existed", len(walked), len(before))
		}
	})
}

// Cursors are checked: another order's cursor, a forged one, or a cursor
// with an offset are refused (400, code 28); exports take none.
func TestCursorRefusals(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		c := e.reportFleet("acme", 5).customer
		first := e.call(c, http.MethodGet, base+"/incidents?limit=2&sort=priority", nil)
		next := linkTarget(t, first.header.Get("Link"), "next")
		if r := e.call(c, http.MethodGet, next, nil); r.status != http.StatusOK || len(r.list(t)) != 2 {
			t.Fatalf("next page: %d %s", r.status, r.body)
		}
		cursor := next[len(base+"/incidents?sort=priority&cursor="):]
		cursor = cursor[:len(cursor)-len("&limit=2")]
		for _, target := range []string{
			base + "/incidents?limit=2&cursor=" + cursor,                      // another order
			base + "/incidents?limit=2&sort=priority&cursor=bm90IGEgY3Vyc29y", // not a cursor
			base + "/incidents?limit=2&sort=priority&offset=2&cursor=" + cursor,
		} {
			checkError(t, e.call(c, http.MethodGet, target, nil), http.StatusBadRequest, 28)
		}
		checkError(t, e.call(c, http.MethodGet, base+"/incidents?sort=priority&cursor="+cursor, nil, "Accept", "text/csv"), http.StatusBadRequest, 28)
	})
}

func hasLink(header, rel string) bool { return strings.Contains(header, `rel="`+rel+`"`) }
