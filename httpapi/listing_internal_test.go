package httpapi

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/incidentd/incidentd/incident"
)

func TestPageURL(t *testing.T) {
	u, _ := url.Parse("/incident/b2b/v1/incidents?Priority=P1%2CP2&OFFSET=40&sort=-createdAt&Limit=20&location.address.country=FR&Cursor=abc")
	got := pageURL(u, "offset=60", 20)
	want := "/incident/b2b/v1/incidents?Priority=P1%2CP2&sort=-createdAt&location.address.country=FR&offset=60&limit=20"
	if got != want {
		t.Errorf("pageURL\n got %s\nwant %s", got, want)
	}
}

func TestPageLinks(t *testing.T) {
	cases := []struct {
		offset, limit, total int
		want                 []string
	}{
		{0, 10, 0, []string{`offset=0&limit=10>; rel="first"`, `offset=0&limit=10>; rel="last"`}},
		{0, 10, 25, []string{`rel="first"`, `offset=10&limit=10>; rel="next"`, `offset=20&limit=10>; rel="last"`}},
		{15, 10, 26, []string{`offset=5&limit=10>; rel="prev"`, `offset=25&limit=10>; rel="next"`, `offset=20&limit=10>; rel="last"`}},
		{20, 10, 25, []string{`offset=10&limit=10>; rel="prev"`, `offset=20&limit=10>; rel="last"`}},
		{100, 10, 25, []string{`offset=20&limit=10>; rel="prev"`, `offset=20&limit=10>; rel="last"`}},
	}
	for _, tc := range cases {
		w := httptest.NewRecorder()
		r := httptest.NewRequest("GET", "http://api.example/incident/b2b/v1/incidents", nil)
		setPageLinks(w, r, incident.Query{Offset: tc.offset, Limit: tc.limit}, tc.total, min(tc.limit, max(tc.total-tc.offset, 0)), "")
		link := w.Header().Get("Link")
		if !strings.HasPrefix(link, "<http://api.example/incident/b2b/v1/incidents?") {
			t.Errorf("links are not absolute: %s", link)
		}
		for _, want := range tc.want {
			if !strings.Contains(link, want) {
				t.Errorf("offset %d limit %d total %d: Link %q lacks %q", tc.offset, tc.limit, tc.total, link, want)
			}
		}
		if has := strings.Contains(link, `rel="next"`); has != (tc.offset+tc.limit < tc.total) {
			t.Errorf("offset %d total %d: next link %v", tc.offset, tc.total, has)
		}
		if has := strings.Contains(link, `rel="prev"`); has != (tc.offset > 0) {
			t.Errorf("offset %d: prev link %v", tc.offset, has)
		}
	}
}

// A page that has a cursor after it links to it as next; a page reached by a
// cursor links to no previous page.
func TestPageLinksWithCursor(t *testing.T) {
	w := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "http://api.example/incident/b2b/v1/incidents?cursor=old&limit=5", nil)
	setPageLinks(w, r, incident.Query{Limit: 5, After: &incident.Position{Seq: 9}}, 40, 5, "next+cursor")
	link := w.Header().Get("Link")
	for _, want := range []string{`cursor=next%2Bcursor&limit=5>; rel="next"`, `offset=0&limit=5>; rel="first"`, `offset=35&limit=5>; rel="last"`} {
		if !strings.Contains(link, want) {
			t.Errorf("Link %q lacks %q", link, want)
		}
	}
	if strings.Contains(link, "prev") || strings.Contains(link, "cursor=old") {
		t.Errorf("Link %q", link)
	}
}
