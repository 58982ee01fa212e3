package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// recordedBuild is the module version and VCS revision Go recorded in a
// binary, as "go version -m" tells them, in the words of incidentd.
func recordedBuild(t *testing.T, bin string) (version, revision string) {
	t.Helper()
	out, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatalf("go version -m: %v", err)
	}
	version, revision = "dev", "unknown"
	for _, line := range strings.Split(string(out), "\n") {
		fields := strings.Fields(line)
		switch {
		case len(fields) >= 3 && fields[0] == "mod" && fields[1] == "github.com/incidentd/incidentd" && fields[2] != "(devel)":
			version = fields[2]
		case len(fields) == 2 && fields[0] == "build" && strings.HasPrefix(fields[1], "vcs.revision="):
			revision = strings.TrimPrefix(fields[1], "vcs.revision=")
		}
	}
	return version, revision
}

// versionOf is what GET /version answers.
func versionOf(t *testing.T, baseURL string) (version, commit string) {
	t.Helper()
	resp, body := get(t, baseURL+"/incident/b2b/v1/version", "", "")
	var v struct{ Version, Commit string }
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &v) != nil {
		t.Fatalf("GET /version: %d %s", resp.StatusCode, body)
	}
	return v.Version, v.Commit
}

// "incidentd version" and /version tell the build Go recorded; a build
// that names its version and commit with -ldflags wins.
func TestVersionComesFromTheBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the server")
	}
	bin := binary(t)
	version, revision := recordedBuild(t, bin)
	out, err := exec.Command(bin, "version").Output()
	if err != nil || !strings.HasPrefix(string(out), "incidentd "+version+" (revision "+revision) {
		t.Errorf("incidentd version printed %q (%v); Go recorded version %s, revision %s", out, err, version, revision)
	}
	srv := startServer(t, "--database", "sqlite:"+filepath.Join(t.TempDir(), "v.db"))
	if v, c := versionOf(t, srv.URL); v != version || c != revision {
		t.Errorf("/version: %s %s, want %s %s", v, c, version, revision)
	}

	named := filepath.Join(t.TempDir(), "incidentd")
	if out, err := exec.Command("go", "build", "-ldflags", "-X main.version=v9.8.7 -X main.commit=abc1234", "-o", named, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err = exec.Command(named, "version").Output()
	if err != nil || !strings.HasPrefix(string(out), "incidentd v9.8.7 (revision abc1234") {
		t.Errorf("with -ldflags, incidentd version printed %q (%v)", out, err)
	}
}

// --metrics-addr moves /metrics to a listener of its own; --debug-addr
// serves the profiler, which the API's listener never does.
func TestOperationalListeners(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	dir := t.TempDir()
	plain := startServer(t, "--database", "sqlite:"+filepath.Join(dir, "a.db"))
	if resp, _ := get(t, plain.URL+"/metrics", "", ""); resp.StatusCode != http.StatusOK {
		t.Errorf("/metrics on the API's listener by default: %d", resp.StatusCode)
	}
	if resp, _ := get(t, plain.URL+"/debug/pprof/", "", ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the profiler is served without --debug-addr: %d", resp.StatusCode)
	}

	srv := startServer(t, "--database", "sqlite:"+filepath.Join(dir, "b.db"),
		"--metrics-addr", "127.0.0.1:0", "--debug-addr", "127.0.0.1:0")
	get(t, srv.URL+"/livez", "", "")
	if resp, _ := get(t, srv.URL+"/metrics", "", ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/metrics stays on the API's listener with --metrics-addr: %d", resp.StatusCode)
	}
	resp, body := get(t, srv.endpointURL(t, "metrics")+"/metrics", "", "")
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(bytes.NewReader(body))
	if resp.StatusCode != http.StatusOK || err != nil {
		t.Fatalf("metrics listener: %d %v", resp.StatusCode, err)
	}
	for _, name := range []string{"incidentd_http_requests_total", "incidentd_build_info", "go_sql_open_connections", "incidentd_job_runs_total"} {
		if families[name] == nil {
			t.Errorf("the metrics have no %s", name)
		}
	}
	resp, body = get(t, srv.endpointURL(t, "debug")+"/debug/pprof/goroutine?debug=1", "", "")
	if resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte("goroutine profile")) {
		t.Errorf("profiler: %d %.200s", resp.StatusCode, body)
	}
}
