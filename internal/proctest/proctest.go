// Package proctest builds the incidentd binary for tests that run it as a
// process.
package proctest

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

var (
	once  sync.Once
	built string
	err   error
)

// Binary builds incidentd once per test process and returns its path.
func Binary(t testing.TB) string {
	t.Helper()
	once.Do(func() {
		dir, mkErr := os.MkdirTemp("", "incidentd-bin-")
		if mkErr != nil {
			err = mkErr
			return
		}
		built = filepath.Join(dir, "incidentd")
		out, buildErr := exec.Command("go", "build", "-o", built, "github.com/incidentd/incidentd/cmd/incidentd").CombinedOutput()
		if buildErr != nil {
			err, built = buildErr, string(out)
		}
	})
	if err != nil {
		t.Fatalf("building incidentd: %v\n%s", err, built)
	}
	return built
}
