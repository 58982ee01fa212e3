package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// Two servers on one PostgreSQL database receive 1,000 deliveries of 250
// alerts, in bursts of 100 concurrent requests, shuffled over both servers
// and both endpoints (Alertmanager's webhook and PagerDuty's events, the
// same alerts by fingerprint and dedup key): exactly one incident per
// alert.
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
	const alerts, copies, burst = 250, 4, 100
	startsAt := time.Now().UTC().Add(-time.Minute).Truncate(time.Second)
	type delivery struct{ alert, copy, node int }
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
				node := c.nodes[(start+i)%2].URL
				resp, body := do(t, alertRequest(t, node, key[1], d.alert, d.copy%2 == 0, startsAt))
				if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusAccepted {
					t.Errorf("delivery %+v: %d %s", d, resp.StatusCode, body)
				}
			}()
		}
		wg.Wait()
	}
	t.Logf("%d deliveries over two servers in %v", len(deliveries), time.Since(began).Round(time.Millisecond))

	resp, body := get(t, c.nodes[1].URL+"/incident/b2b/v1/incidents?limit=1000&fields=description", c.customerToken[1], c.customerKey)
	var list []struct{ Description string }
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatalf("list: %v: %s", err, body)
	}
	if resp.Header.Get("X-Total-Count") != fmt.Sprint(alerts) {
		t.Errorf("X-Total-Count %s, want %d", resp.Header.Get("X-Total-Count"), alerts)
	}
	seen := map[string]int{}
	for _, inc := range list {
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
