package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// 1,000 deliveries of 250 alerts (each four times, shuffled), in bursts of
// 100 concurrent requests over both endpoints (Alertmanager's webhook and
// PagerDuty's events, the same alerts by fingerprint and dedup key), open
// exactly one incident per alert: on SQLite with one server, and on
// PostgreSQL with two servers sharing the deliveries.

func TestAlertBurstOneIncidentPerFingerprint(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	setup := provisionAlerts(t, "sqlite:"+filepath.Join(t.TempDir(), "incidentd.db"))
	srv := startServer(t, "--database", setup.dbURL)
	deliverBurst(t, setup.reader(t, srv.URL), setup.integrationKey, srv.URL)
}

func TestClusterAlertsOneIncidentPerFingerprint(t *testing.T) {
	c := startCluster(t)
	out := &strings.Builder{}
	err := run(context.Background(), []string{"admin", "integration", "create", "--customer", "acme", "--name", "Prometheus",
		"--database", c.dbURL}, out)
	if err != nil {
		t.Fatalf("admin integration create: %v\n%s", err, out)
	}
	key := regexp.MustCompile(`integration_key: (\S+)`).FindStringSubmatch(out.String())
	if key == nil {
		t.Fatalf("no key in %q", out)
	}
	r := &reader{url: c.nodes[1].URL, token: c.customerToken[1], key: c.customerKey, doc: document(t, c.nodes[1].URL)}
	deliverBurst(t, r, key[1], c.nodes[0].URL, c.nodes[1].URL)
}

// deliverBurst sends the deliveries to the nodes in turn, then checks the
// incidents through r. Every answer is checked against the document.
func deliverBurst(t *testing.T, r *reader, key string, nodes ...string) {
	t.Helper()
	const alerts, copies, burst = 250, 4, 100
	startsAt := time.Now().UTC().Add(-time.Minute).Truncate(time.Second)
	type delivery struct{ alert, copy int }
	var deliveries []delivery
	for cp := 0; cp < copies; cp++ {
		for a := 0; a < alerts; a++ {
			deliveries = append(deliveries, delivery{alert: a, copy: cp})
		}
	}
	rng := rand.New(rand.NewPCG(2, 14))
	rng.Shuffle(len(deliveries), func(i, j int) { deliveries[i], deliveries[j] = deliveries[j], deliveries[i] })
	began := time.Now()
	for start := 0; start < len(deliveries); start += burst {
		var wg sync.WaitGroup
		for i, d := range deliveries[start : start+burst] {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req := alertRequest(t, nodes[(start+i)%len(nodes)], key, d.alert, d.copy%2 == 0, startsAt)
				resp, body := do(t, req)
				r.doc.Check(t, req, resp.StatusCode, resp.Header, body)
				if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusAccepted {
					t.Errorf("delivery %+v: %d %s", d, resp.StatusCode, body)
				}
			}()
		}
		wg.Wait()
	}
	t.Logf("%d deliveries to %d servers in %v", len(deliveries), len(nodes), time.Since(began).Round(time.Millisecond))

	incidents := r.incidents(t)
	if len(incidents) != alerts {
		t.Errorf("%d incidents, want %d", len(incidents), alerts)
	}
	seen := map[string]int{}
	for _, inc := range incidents {
		summary, _, _ := strings.Cut(inc.Description, "\n") // PagerDuty's source follows
		seen[summary]++
	}
	for a := 0; a < alerts; a++ {
		if n := seen[alertSummary(a)]; n != 1 {
			t.Errorf("%s: %d incidents", alertSummary(a), n)
		}
	}
}

func alertSummary(a int) string { return fmt.Sprintf("Alert %03d", a) }

// alertRequest delivers alert a firing since startsAt: as an Alertmanager
// notification, or as a PagerDuty trigger whose timestamp is startsAt.
func alertRequest(t *testing.T, node, key string, a int, alertmanager bool, startsAt time.Time) *http.Request {
	t.Helper()
	fingerprint := fmt.Sprintf("fp-%03d", a)
	var payload any
	path := "/v2/enqueue"
	if alertmanager {
		path = "/incident/b2b/v1/alerts/alertmanager"
		payload = map[string]any{"version": "4", "status": "firing", "alerts": []map[string]any{{
			"status": "firing", "fingerprint": fingerprint, "startsAt": startsAt.Format(time.RFC3339),
			"labels": map[string]string{"alertname": "A"}, "annotations": map[string]string{"summary": alertSummary(a)}}}}
	} else {
		payload = map[string]any{"routing_key": key, "event_action": "trigger", "dedup_key": fingerprint,
			"payload": map[string]any{"summary": alertSummary(a), "source": "host", "severity": "warning", "timestamp": startsAt.Format(time.RFC3339)}}
	}
	body, _ := json.Marshal(payload)
	req, err := http.NewRequest(http.MethodPost, node+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+key)
	return req
}
