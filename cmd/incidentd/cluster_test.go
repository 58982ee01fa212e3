package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/internal/pgtest"
)

// cluster is two incidentd processes sharing one PostgreSQL database, with
// a customer and an operator provisioned.
type cluster struct {
	nodes          [2]*server
	dbURL          string
	keyID          string
	customerKey    string
	customerToken  [2]string
	operatorKey    string
	operatorToken  string
	customerClient string
}

func startCluster(t *testing.T, args ...string) *cluster {
	t.Helper()
	if testing.Short() {
		t.Skip("starts server processes")
	}
	c := &cluster{dbURL: pgtest.Database(t)}
	ctx := context.Background()
	db, acme := provisionAcme(t, c.dbURL)
	admin := auth.NewAdmin(db, auth.Options{})
	client, secret, key, keyText := acme.client, acme.secret, acme.key, acme.keyText
	opClient, opSecret, err := admin.CreateClient(ctx, auth.OperatorOwner(), "NOC", []string{auth.ScopeOperator})
	if err != nil {
		t.Fatal(err)
	}
	_, opKey, err := admin.CreateAPIKey(ctx, auth.OperatorOwner(), 0)
	if err != nil {
		t.Fatal(err)
	}
	c.keyID, c.customerKey, c.operatorKey, c.customerClient = key.ID, keyText, opKey, client.ID
	for i := range c.nodes {
		c.nodes[i] = startServer(t, append([]string{"--database", c.dbURL}, args...)...)
		c.customerToken[i] = token(t, c.nodes[i].URL, client.ID, secret)
	}
	c.operatorToken = token(t, c.nodes[0].URL, opClient.ID, opSecret)
	return c
}

// TestClusterAllocatesUniqueIDs creates incidents concurrently through two
// servers: every id is distinct and the sequence has no gap.
func TestClusterAllocatesUniqueIDs(t *testing.T) {
	c := startCluster(t)
	const perNode = 25
	ids := make(chan string, 2*perNode)
	var wg sync.WaitGroup
	for n := range c.nodes {
		for i := 0; i < perNode; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				resp, body := c.create(t, n, fmt.Sprintf(`{"description":"concurrent %d-%d","impact":"S3","urgency":"U2"}`, n, i), "")
				if resp.StatusCode != http.StatusCreated {
					t.Errorf("node %d: status %d: %s", n, resp.StatusCode, body)
					return
				}
				ids <- incidentID(t, body)
			}()
		}
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	seqs := map[string]bool{}
	for id := range ids {
		if seen[id] {
			t.Errorf("id %s allocated twice", id)
		}
		seen[id] = true
		seqs[id[5:]] = true
	}
	if len(seen) != 2*perNode {
		t.Fatalf("%d distinct ids, want %d", len(seen), 2*perNode)
	}
	for i := 1; i <= 2*perNode; i++ {
		if !seqs[fmt.Sprintf("%05d", i)] {
			t.Errorf("sequence %d missing: ids have a gap", i)
		}
	}
}

// TestClusterIdempotencyAcrossNodes replays a create on the other node.
func TestClusterIdempotencyAcrossNodes(t *testing.T) {
	c := startCluster(t)
	body := `{"description":"retried through the load balancer","impact":"S2","urgency":"U2"}`
	resp, first := c.create(t, 0, body, "retry-42")
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("first: status %d: %s", resp.StatusCode, first)
	}
	resp, again := c.create(t, 1, body, "retry-42")
	if resp.StatusCode/100 != 2 || incidentID(t, again) != incidentID(t, first) {
		t.Fatalf("replay on the other node: status %d, %s; first was %s", resp.StatusCode, again, first)
	}
	resp, other := c.create(t, 1, `{"description":"another body","impact":"S2","urgency":"U2"}`, "retry-42")
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(other), `"code":102`) {
		t.Fatalf("same key, other body: status %d, %s", resp.StatusCode, other)
	}
	resp, list := get(t, c.nodes[1].URL+"/incident/b2b/v1/incidents", c.customerToken[1], c.customerKey)
	if resp.Header.Get("X-Total-Count") != "1" {
		t.Fatalf("want exactly one incident, X-Total-Count %s: %s", resp.Header.Get("X-Total-Count"), list)
	}
}

// TestClusterRevocationApplies revokes a key while both nodes have just
// accepted it: both refuse it within 5 seconds.
func TestClusterRevocationApplies(t *testing.T) {
	c := startCluster(t)
	for n, node := range c.nodes {
		if resp, body := get(t, node.URL+"/incident/b2b/v1/incidents", c.customerToken[n], c.customerKey); resp.StatusCode != http.StatusOK {
			t.Fatalf("node %d before revocation: status %d: %s", n, resp.StatusCode, body)
		}
	}
	out := &strings.Builder{}
	if err := run(context.Background(), []string{"admin", "key", "revoke", "--id", c.keyID, "--database", c.dbURL}, out); err != nil {
		t.Fatalf("admin key revoke: %v", err)
	}
	revoked := time.Now()
	for n, node := range c.nodes {
		for {
			resp, body := get(t, node.URL+"/incident/b2b/v1/incidents", c.customerToken[n], c.customerKey)
			if resp.StatusCode == http.StatusUnauthorized && strings.Contains(string(body), `"code":41`) {
				t.Logf("node %d refuses the revoked key %v after revocation", n, time.Since(revoked).Round(time.Millisecond))
				break
			}
			if time.Since(revoked) > 5*time.Second {
				t.Fatalf("node %d still answers %d 5 s after the revocation", n, resp.StatusCode)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// TestClusterAutoClosesOnce runs the auto-close job on two nodes: a
// resolved incident past the delay is closed once, with one history entry.
func TestClusterAutoClosesOnce(t *testing.T) {
	c := startCluster(t, "--auto-close-after", "2s", "--job-interval", "200ms")
	resp, body := c.create(t, 0, `{"description":"to be resolved","impact":"S3","urgency":"U3"}`, "")
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	id := incidentID(t, body)
	for _, patch := range []string{
		`{"status":"VALIDATED"}`,
		`{"status":"RESOLVED","resolution":{"code":"FIXED","text":"replaced the card"}}`,
	} {
		if resp, body := c.patch(t, id, patch); resp.StatusCode != http.StatusOK {
			t.Fatalf("patch %s: %d %s", patch, resp.StatusCode, body)
		}
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, body := get(t, c.nodes[1].URL+"/incident/b2b/v1/incidents/"+id, c.operatorToken, c.operatorKey)
		var inc struct{ Status string }
		if resp.StatusCode == http.StatusOK && json.Unmarshal(body, &inc) == nil && inc.Status == "CLOSED" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not closed 15 s after resolution: %s", body)
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(time.Second) // both nodes run their job several more times
	resp, body = get(t, c.nodes[0].URL+"/incident/b2b/v1/incidents/"+id+"/history", c.operatorToken, c.operatorKey)
	var history []struct {
		Field string  `json:"field"`
		To    *string `json:"to"`
		Actor struct {
			Type string `json:"type"`
		} `json:"actor"`
	}
	if err := json.Unmarshal(body, &history); err != nil {
		t.Fatalf("history: %v: %s", err, body)
	}
	closed := 0
	for _, h := range history {
		if h.Field == "status" && h.To != nil && *h.To == "CLOSED" {
			closed++
			if h.Actor.Type != "SYSTEM" {
				t.Errorf("auto-close recorded by %s, want SYSTEM", h.Actor.Type)
			}
		}
	}
	if closed != 1 {
		t.Fatalf("%d CLOSED entries in the history, want 1: %s", closed, body)
	}
}

func (c *cluster) create(t *testing.T, node int, body, idempotencyKey string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.nodes[node].URL+"/incident/b2b/v1/incidents", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.customerToken[node])
	req.Header.Set("X-Api-Key", c.customerKey)
	req.Header.Set("Content-Type", "application/json")
	if idempotencyKey != "" {
		req.Header.Set("Idempotency-Key", idempotencyKey)
	}
	return do(t, req)
}

func (c *cluster) patch(t *testing.T, id, body string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPatch, c.nodes[0].URL+"/incident/b2b/v1/incidents/"+id, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.operatorToken)
	req.Header.Set("X-Api-Key", c.operatorKey)
	req.Header.Set("Content-Type", "application/merge-patch+json")
	return do(t, req)
}

func incidentID(t *testing.T, body []byte) string {
	t.Helper()
	var inc struct{ ID string }
	if err := json.Unmarshal(body, &inc); err != nil || inc.ID == "" {
		t.Fatalf("no incident in %s", body)
	}
	return inc.ID
}

// token obtains an access token with HTTP Basic client authentication.
func token(t *testing.T, baseURL, clientID, secret string) string {
	t.Helper()
	return tokenWith(t, http.DefaultClient, baseURL, clientID, secret)
}

func tokenWith(t *testing.T, client *http.Client, baseURL, clientID, secret string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, baseURL+"/oauth/v3/token", strings.NewReader("grant_type=client_credentials"))
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(clientID, secret)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, body := doWith(t, client, req)
	var tok struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &tok) != nil || tok.AccessToken == "" ||
		tok.TokenType != "Bearer" || tok.ExpiresIn != 3600 || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("token for %s: status %d: %s", clientID, resp.StatusCode, body)
	}
	return tok.AccessToken
}
