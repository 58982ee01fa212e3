package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A real Prometheus server scrapes incidentd and answers a query for the
// request counter of a route just called. CI installs Prometheus (Debian's
// package); elsewhere the test is skipped unless it is installed.
func TestPrometheusScrapes(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	prometheus, err := exec.LookPath("prometheus")
	if err != nil {
		t.Skip("prometheus not installed (apt-get install prometheus): the scrape by a real Prometheus is not tested")
	}
	dir := t.TempDir()
	srv := startServer(t, "--database", "sqlite:"+filepath.Join(dir, "incidentd.db"))
	get(t, srv.URL+"/incident/b2b/v1/status", "", "")
	target := strings.TrimPrefix(srv.URL, "http://")

	config := filepath.Join(dir, "prometheus.yml")
	err = os.WriteFile(config, []byte(fmt.Sprintf(`global:
  scrape_interval: 1s
scrape_configs:
  - job_name: incidentd
    static_configs:
      - targets: ["%s"]
`, target)), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	listen := freeAddress(t)
	log := startProgram(t, prometheus, "--config.file="+config, "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+listen, "--log.level=warn")

	query := `incidentd_http_requests_total{job="incidentd",route="/incident/b2b/v1/status",method="GET",status="200"}`
	deadline := time.Now().Add(60 * time.Second)
	for {
		if value, ok := promQuery(t, listen, query); ok {
			if value != "1" {
				t.Errorf("Prometheus has %s = %s, want 1", query, value)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Prometheus did not get %s within 60 s; its log:\n%s", query, log)
		}
		time.Sleep(500 * time.Millisecond)
	}
	if value, ok := promQuery(t, listen, `up{job="incidentd"}`); !ok || value != "1" {
		t.Errorf("up{job=\"incidentd\"} = %q", value)
	}
}

// startProgram runs a program for the rest of the test, which ends it with
// SIGTERM, and returns its output as far as written.
func startProgram(t *testing.T, name string, args ...string) *syncBuffer {
	t.Helper()
	cmd := exec.Command(name, args...)
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	})
	return out
}

// promQuery asks Prometheus' HTTP API for an instant vector of one series
// and returns its value; ok is false while Prometheus cannot answer or
// has no such series yet.
func promQuery(t *testing.T, addr, query string) (value string, ok bool) {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/api/v1/query?query=" + url.QueryEscape(query))
	if err != nil {
		return "", false // not listening yet
	}
	defer resp.Body.Close()
	var answer struct {
		Status string `json:"status"`
		Data   struct {
			Result []struct {
				Value [2]any `json:"value"`
			} `json:"result"`
		} `json:"data"`
	}
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&answer) != nil || answer.Status != "success" {
		return "", false
	}
	if len(answer.Data.Result) != 1 {
		return "", false
	}
	v, _ := answer.Data.Result[0].Value[1].(string)
	return v, true
}

// freeAddress is a loopback address with a port free a moment ago.
func freeAddress(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
