package hardening

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/incidentd/incidentd/internal/proctest"
)

// server is an incidentd process started by a test, with its log.
type server struct {
	url  string
	cmd  *exec.Cmd
	log  *serverLog
	args []string
}

// startServer runs "incidentd serve" on a random port with the database
// URL and extra flags, and returns once it listens. It is stopped with
// SIGTERM at the end of the test, which fails if it does not stop cleanly.
func startServer(t *testing.T, database string, args ...string) *server {
	t.Helper()
	if testing.Short() {
		t.Skip("starts server processes")
	}
	s := &server{args: append([]string{"serve", "--addr", "127.0.0.1:0", "--database", database, "--log-level", "info"}, args...)}
	s.start(t)
	t.Cleanup(func() { s.stop(t) })
	return s
}

// start runs the process; restart after a kill calls it again.
func (s *server) start(t *testing.T) {
	t.Helper()
	s.cmd = exec.Command(proctest.Binary(t), s.args...)
	stderr, err := s.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s.log = &serverLog{listening: make(chan string, 1)}
	go s.log.read(stderr)
	select {
	case addr, ok := <-s.log.listening:
		if !ok {
			t.Fatalf("incidentd exited before listening:\n%s", s.log.text())
		}
		s.url = "http://" + addr
	case <-time.After(60 * time.Second):
		t.Fatal("incidentd did not listen within 60 s")
	}
}

func (s *server) stop(t *testing.T) {
	if s.cmd.ProcessState != nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("incidentd did not stop cleanly on SIGTERM: %v", err)
		}
	case <-time.After(60 * time.Second):
		s.cmd.Process.Kill()
		t.Error("incidentd did not stop within 60 s of SIGTERM")
	}
}

// kill stops the process at once (SIGKILL), as a crash would.
func (s *server) kill(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	s.cmd.Wait()
}

// cpuTime is the processor time the process has used so far, user and
// system, from /proc/PID/stat.
func (s *server) cpuTime(t *testing.T) time.Duration {
	t.Helper()
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(s.cmd.Process.Pid) + "/stat")
	if err != nil {
		t.Fatal(err)
	}
	// The command name, in parentheses, may hold spaces: count from after it.
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+2:]))
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	const ticksPerSecond = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / ticksPerSecond
}

// serverLog collects a process's JSON log lines and counts their bytes.
type serverLog struct {
	listening chan string

	mu    sync.Mutex
	lines []string
	bytes int
}

func (l *serverLog) read(r io.Reader) {
	defer close(l.listening)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		line := sc.Text()
		l.mu.Lock()
		l.lines = append(l.lines, line)
		l.bytes += len(line) + 1
		l.mu.Unlock()
		var entry struct {
			Msg  string `json:"msg"`
			Addr string `json:"addr"`
		}
		if json.Unmarshal([]byte(line), &entry) == nil && entry.Msg == "serving" {
			l.listening <- entry.Addr
		}
	}
}

// size is the number of bytes logged so far.
func (l *serverLog) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.bytes
}

// text is the whole log.
func (l *serverLog) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// waitFor waits up to timeout for n log lines holding every one of the
// substrings, and reports whether they came.
func (l *serverLog) waitFor(timeout time.Duration, n int, substrings ...string) bool {
	for deadline := time.Now().Add(timeout); ; time.Sleep(50 * time.Millisecond) {
		if l.count(substrings...) >= n {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}

// count is the number of log lines holding every one of the substrings.
func (l *serverLog) count(substrings ...string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, line := range l.lines {
		if containsAll(line, substrings) {
			n++
		}
	}
	return n
}

func containsAll(s string, substrings []string) bool {
	for _, sub := range substrings {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
