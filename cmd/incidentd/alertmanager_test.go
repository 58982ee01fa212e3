package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A real Alertmanager (Debian's prometheus-alertmanager, which CI installs)
// sends its notifications to incidentd: alerts posted to Alertmanager's
// own API open one incident each, whatever the repeats and groups, and
// their resolution resolves them.
func TestRealAlertmanager(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	binary := ""
	for _, name := range []string{"prometheus-alertmanager", "alertmanager"} {
		if p, err := exec.LookPath(name); err == nil {
			binary = p
			break
		}
	}
	if binary == "" {
		t.Skip("Alertmanager not installed (apt-get install prometheus-alertmanager): the notifications of a real Alertmanager are not tested")
	}
	dir := t.TempDir()
	setup := provisionAlerts(t, "sqlite:"+filepath.Join(dir, "incidentd.db"))
	srv := startServer(t, "--database", setup.dbURL)
	r := setup.reader(t, srv.URL)

	config := filepath.Join(dir, "alertmanager.yml")
	err := os.WriteFile(config, []byte(fmt.Sprintf(`route:
  receiver: incidentd
  group_by: [alertname]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 2s
receivers:
  - name: incidentd
    webhook_configs:
      - url: %s/incident/b2b/v1/alerts/alertmanager
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: %s
`, srv.URL, setup.integrationKey)), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	listen := freeAddress(t)
	amLog := startProgram(t, binary, "--config.file="+config, "--storage.path="+filepath.Join(dir, "am"),
		"--web.listen-address="+listen, "--cluster.listen-address=", "--log.level=warn")
	am := "http://" + listen
	waitFor(t, 30*time.Second, "Alertmanager to be ready", func() bool {
		resp, err := http.Get(am + "/-/ready")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil && resp.StatusCode == http.StatusOK
	})

	// Three alerts in two groups (by alertname).
	startsAt := time.Now().UTC().Add(-time.Minute).Truncate(time.Second)
	fired := []map[string]any{
		amAPIAlert("LinkDown", "r1", "critical", "Link down on router r1", startsAt, time.Time{}),
		amAPIAlert("LinkDown", "r2", "critical", "Link down on router r2", startsAt, time.Time{}),
		amAPIAlert("DiskFull", "db1", "warning", "", startsAt, time.Time{}),
	}
	postAlerts(t, am, fired)
	waitFor(t, 30*time.Second, "three incidents", func() bool { return len(r.incidents(t)) == 3 })
	// Prometheus sends firing alerts again and again; Alertmanager repeats
	// its notifications every repeat_interval.
	for i := 0; i < 3; i++ {
		postAlerts(t, am, fired)
		time.Sleep(time.Second)
	}
	time.Sleep(3 * time.Second)
	incidents := r.incidents(t)
	if len(incidents) != 3 {
		t.Fatalf("%d incidents after repeats, want 3: %+v", len(incidents), incidents)
	}
	descriptions := map[string]bool{}
	for _, inc := range incidents {
		if inc.Origin != "PROACTIVE" || inc.Status != "VALIDATED" {
			t.Errorf("incident %s: %s %s", inc.ID, inc.Origin, inc.Status)
		}
		descriptions[inc.Description] = true
	}
	for _, want := range []string{"Link down on router r1", "Link down on router r2", "Alert DiskFull detected by the integration Prometheus"} {
		if !descriptions[want] {
			t.Errorf("no incident described %q: %v", want, descriptions)
		}
	}
	if n := notifications(srv); n < 4 {
		t.Errorf("incidentd received %d notifications, want the two groups' and their repeats; Alertmanager's log:\n%s", n, amLog)
	} else {
		t.Logf("%d notifications received for 3 alerts in 2 groups", n)
	}

	// Resolved: the same alerts, ended.
	ended := time.Now().UTC().Add(-time.Second)
	var resolved []map[string]any
	for _, a := range fired {
		labels := a["labels"].(map[string]string)
		resolved = append(resolved, amAPIAlert(labels["alertname"], labels["instance"], labels["severity"],
			a["annotations"].(map[string]string)["summary"], startsAt, ended))
	}
	postAlerts(t, am, resolved)
	waitFor(t, 30*time.Second, "every incident resolved", func() bool {
		for _, inc := range r.incidents(t) {
			if inc.Status != "RESOLVED" || inc.Resolution == nil || inc.Resolution.Code != "AUTO_RESOLVED" {
				return false
			}
		}
		return true
	})
	if n := len(r.incidents(t)); n != 3 {
		t.Errorf("%d incidents at the end, want 3", n)
	}
}

// amAPIAlert is an alert as Alertmanager's API v2 takes it; a zero endsAt
// leaves it firing.
func amAPIAlert(name, instance, severity, summary string, startsAt, endsAt time.Time) map[string]any {
	a := map[string]any{
		"labels":       map[string]string{"alertname": name, "instance": instance, "severity": severity},
		"annotations":  map[string]string{},
		"startsAt":     startsAt.Format(time.RFC3339),
		"generatorURL": "http://prometheus.example/graph",
	}
	if summary != "" {
		a["annotations"] = map[string]string{"summary": summary}
	}
	if !endsAt.IsZero() {
		a["endsAt"] = endsAt.Format(time.RFC3339)
	}
	return a
}

func postAlerts(t *testing.T, am string, alerts []map[string]any) {
	t.Helper()
	body, _ := json.Marshal(alerts)
	resp, err := http.Post(am+"/api/v2/alerts", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /api/v2/alerts to Alertmanager: %d", resp.StatusCode)
	}
}

// notifications counts the notifications the server answered 200, from
// its request log.
func notifications(srv *server) int {
	n := 0
	for _, line := range strings.Split(srv.stderr.String(), "\n") {
		var entry struct {
			Msg, Route string
			Status     int
		}
		if json.Unmarshal([]byte(line), &entry) == nil && entry.Msg == "request" &&
			entry.Route == "/incident/b2b/v1/alerts/alertmanager" && entry.Status == http.StatusOK {
			n++
		}
	}
	return n
}
