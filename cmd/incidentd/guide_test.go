package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestGettingStartedGuide follows the published getting-started guide
// literally against "incidentd serve --demo", the README's run command,
// with only the host changed.
func TestGettingStartedGuide(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process")
	}
	srv := startServer(t, "--demo", "--database", "sqlite:"+filepath.Join(t.TempDir(), "demo.db"))
	// The guide is printed before the server logs that it listens; give
	// the pipe a moment to deliver it.
	for i := 0; i < 50 && !strings.Contains(srv.stdout.String(), "demo-client"); i++ {
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(srv.stdout.String(), "demo-client") {
		t.Errorf("serve --demo should print how to call the API, printed:\n%s", srv.stdout)
	}
	followGuide(t, http.DefaultClient, srv.URL)
}

// followGuide makes every call of the guide, with client, against the
// demo data of a server at baseURL.
func followGuide(t *testing.T, client *http.Client, baseURL string) {
	t.Helper()
	token := tokenWith(t, client, baseURL, "demo-client", "demo-secret")
	base := baseURL + "/incident/b2b/v1/incidents"
	get := func(t *testing.T, url, token, apiKey string) (*http.Response, []byte) {
		t.Helper()
		return getWith(t, client, url, token, apiKey)
	}

	// Get all my incidents.
	resp, body := get(t, base, token, "demo-api-key")
	all := decodeList(t, resp, body)
	total := headerInt(t, resp, "X-Total-Count")
	if headerInt(t, resp, "X-Result-Count") != len(all) || len(all) == 0 || total < len(all) {
		t.Fatalf("all incidents: X-Result-Count %s, X-Total-Count %d, %d in the body",
			resp.Header.Get("X-Result-Count"), total, len(all))
	}

	// Filter: exactly as the guide writes it.
	resp, body = get(t, base+"?location.address.country=FR&Priority=P1", token, "demo-api-key")
	filtered := decodeList(t, resp, body)
	if len(filtered) == 0 || headerInt(t, resp, "X-Total-Count") != len(filtered) || headerInt(t, resp, "X-Result-Count") != len(filtered) {
		t.Fatalf("guide filter: %d incidents, headers %v", len(filtered), resp.Header)
	}
	for _, inc := range filtered {
		if inc.Priority != "P1" || inc.Location == nil || inc.Location.Address == nil || inc.Location.Address.Country != "FR" {
			t.Fatalf("guide filter returned %+v", inc)
		}
	}

	// Pagination: the next 20 from the 10th, newest first, is that slice of
	// the whole sorted list.
	resp, body = get(t, base+"?offset=10&limit=20&sort=-createdAt", token, "demo-api-key")
	page := decodeList(t, resp, body)
	if len(page) != 20 || headerInt(t, resp, "X-Result-Count") != 20 || headerInt(t, resp, "X-Total-Count") != total {
		t.Fatalf("page: %d incidents, headers %v", len(page), resp.Header)
	}
	resp, body = get(t, base+"?limit=1000&sort=-createdAt", token, "demo-api-key")
	sorted := decodeList(t, resp, body)
	if !sort.SliceIsSorted(sorted, func(i, j int) bool { return sorted[i].CreatedAt > sorted[j].CreatedAt }) {
		t.Error("sort=-createdAt is not newest first")
	}
	for i, inc := range page {
		if inc.ID != sorted[10+i].ID {
			t.Fatalf("page item %d is %s, the sorted list has %s there", i, inc.ID, sorted[10+i].ID)
		}
	}

	// Details of an incident.
	resp, body = get(t, base+"/"+url.PathEscape(page[0].ID), token, "demo-api-key")
	var one guideIncident
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &one) != nil || one.ID != page[0].ID {
		t.Fatalf("details: status %d, body %s", resp.StatusCode, body)
	}
}

type guideIncident struct {
	ID        string `json:"id"`
	Priority  string `json:"priority"`
	CreatedAt string `json:"createdAt"`
	Location  *struct {
		Address *struct {
			Country string `json:"country"`
		} `json:"address"`
	} `json:"location"`
}

func decodeList(t *testing.T, resp *http.Response, body []byte) []guideIncident {
	t.Helper()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var list []guideIncident
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatalf("not a JSON array of incidents: %v", err)
	}
	return list
}

func headerInt(t *testing.T, resp *http.Response, name string) int {
	t.Helper()
	n, err := strconv.Atoi(resp.Header.Get(name))
	if err != nil {
		t.Fatalf("header %s: %q", name, resp.Header.Get(name))
	}
	return n
}

// demoToken obtains an access token the way the guide does: HTTP Basic
// with the client id and secret, grant_type=client_credentials.
func demoToken(t *testing.T, baseURL, clientID string) string {
	t.Helper()
	return token(t, baseURL, clientID, "demo-secret")
}
