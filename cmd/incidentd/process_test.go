package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/incidentd/incidentd/internal/proctest"
)

// binary is the incidentd binary, built once per test run.
func binary(t *testing.T) string { return proctest.Binary(t) }

// server is one incidentd process started by a test.
type server struct {
	URL    string
	stdout *syncBuffer
	stderr *syncBuffer // the log, as far as read
	cmd    *exec.Cmd
}

// syncBuffer collects a process's output while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startServer runs "incidentd serve" with args on a random port and returns
// once it listens. The process gets SIGTERM at the end of the test, and the
// test fails if it does not stop cleanly.
func startServer(t *testing.T, args ...string) *server {
	t.Helper()
	return startServerIn(t, "", args...)
}

// startServerIn is startServer in the working directory dir.
func startServerIn(t *testing.T, dir string, args ...string) *server {
	t.Helper()
	cmd := exec.Command(binary(t), append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Dir = dir
	stdout := &syncBuffer{}
	cmd.Stdout = stdout
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	s := &server{stdout: stdout, stderr: &syncBuffer{}, cmd: cmd}
	go watchLog(stderr, s.stderr, addr)
	t.Cleanup(func() { s.stop(t) })
	select {
	case a, ok := <-addr:
		if !ok {
			t.Fatal("incidentd exited before listening")
		}
		s.URL = a
	case <-time.After(60 * time.Second):
		t.Fatal("incidentd did not start listening within 60 s")
	}
	return s
}

// watchLog reads the server's JSON log into copy, sends the URL of the
// "serving" line, and drains the rest; addr is closed when the log ends.
func watchLog(r io.Reader, copy *syncBuffer, addr chan<- string) {
	defer close(addr)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		copy.Write(append(sc.Bytes(), '\n'))
		var line struct {
			Msg string `json:"msg"`
			URL string `json:"url"`
		}
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "serving" {
			addr <- line.URL
		}
	}
}

// endpointURL is the URL of a listener the server logged it opened
// ("metrics", "debug"); they are logged before the server says it serves.
func (s *server) endpointURL(t *testing.T, endpoint string) string {
	t.Helper()
	for _, text := range strings.Split(s.stderr.String(), "\n") {
		var line struct {
			Msg      string `json:"msg"`
			Endpoint string `json:"endpoint"`
			URL      string `json:"url"`
		}
		if json.Unmarshal([]byte(text), &line) == nil && line.Msg == "listening" && line.Endpoint == endpoint {
			return line.URL
		}
	}
	t.Fatalf("the server logged no %s listener:\n%s", endpoint, s.stderr)
	return ""
}

func (s *server) stop(t *testing.T) {
	if s.cmd.ProcessState != nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("incidentd did not stop cleanly on SIGTERM: %v", err)
		}
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		t.Error("incidentd did not stop within 30 s of SIGTERM")
	}
}

// get sends a GET with the guide's headers and returns the response and its body.
func get(t *testing.T, url, token, apiKey string) (*http.Response, []byte) {
	t.Helper()
	return getWith(t, http.DefaultClient, url, token, apiKey)
}

func getWith(t *testing.T, client *http.Client, url, token, apiKey string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	if apiKey != "" {
		req.Header.Set("X-API-key", apiKey)
	}
	return doWith(t, client, req)
}

func mustGet(t *testing.T, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func do(t *testing.T, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	return doWith(t, http.DefaultClient, req)
}

func doWith(t *testing.T, client *http.Client, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode >= 500 {
		t.Errorf("%s %s: status %d: %s", req.Method, req.URL, resp.StatusCode, body)
	}
	return resp, body
}
