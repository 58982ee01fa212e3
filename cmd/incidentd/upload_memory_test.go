package main

import (
	"bufio"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
)

// Uploading 20 MiB raises the server's peak memory (resident set) by less
// than 16 MiB: the file streams to disk. The peak is the kernel's high
// water mark of the process, reset to the current size just before the
// upload (Linux: /proc/PID/clear_refs).
func TestUploadMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process")
	}
	dir := t.TempDir()
	srv := startServer(t, "--demo", "--database", "sqlite:"+dir+"/incidentd.db", "--attachments-dir", dir+"/files")
	pid := srv.cmd.Process.Pid
	if _, err := os.Stat(fmt.Sprintf("/proc/%d/status", pid)); err != nil {
		t.Skipf("no /proc to read the server's memory from: %v", err)
	}
	token, id := demoIncident(t, srv)
	upload := func(size int64) {
		t.Helper()
		resp, body := do(t, uploadRequest(t, srv, token, id, pdfStream(size)))
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("upload of %d bytes: %d %s", size, resp.StatusCode, body)
		}
	}
	upload(64 << 10) // every code path of an upload has run once

	t.Logf("peak so far (start, demo data, first upload): %d KiB", procStatusKiB(t, pid, "VmHWM"))
	if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0); err != nil {
		t.Skipf("cannot reset the server's peak memory: %v", err)
	}
	before := procStatusKiB(t, pid, "VmHWM")
	upload(20 << 20)
	peak := procStatusKiB(t, pid, "VmHWM")
	growth := peak - before
	t.Logf("server resident set: %d KiB before, peak %d KiB during a 20 MiB upload: +%d KiB (%.1f MiB)",
		before, peak, growth, float64(growth)/1024)
	if growth >= 16<<10 {
		t.Errorf("a 20 MiB upload raised the server's peak memory by %d KiB, want less than 16 MiB", growth)
	}
}

// procStatusKiB reads a "kB" line of /proc/PID/status.
func procStatusKiB(t *testing.T, pid int, name string) int64 {
	t.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if value, ok := strings.CutPrefix(sc.Text(), name+":"); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(value), "kB")), 10, 64)
			if err != nil {
				t.Fatalf("%s: %q", name, value)
			}
			return n
		}
	}
	t.Fatalf("no %s in /proc/%d/status", name, pid)
	return 0
}
