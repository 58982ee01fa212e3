package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// newClient is the one HTTP client of both servers: a connection kept
// alive per concurrent client.
func newClient(concurrency int) *http.Client {
	return &http.Client{
		Timeout: time.Minute,
		Transport: &http.Transport{
			MaxIdleConns:        2 * concurrency,
			MaxIdleConnsPerHost: concurrency,
			DisableCompression:  true,
		},
	}
}

func (c credentials) request(ctx context.Context, url string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", c.authorization)
	req.Header.Set("X-Api-Key", c.apiKey)
	return req, nil
}

// callJSON sends req and decodes a 200 JSON answer into v.
func callJSON(client *http.Client, req *http.Request, v any) error {
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
		return fmt.Errorf("%s %s: %s %s", req.Method, req.URL.Path, resp.Status, body)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// measurement drives both servers.
type measurement struct {
	cfg             config
	client          *http.Client
	creds           credentials
	incidentd, bare side
	progress        io.Writer
}

// round is what one server did during one round.
type round struct {
	requests  int
	failures  int
	firstFail string
	elapsed   time.Duration
	cpu       time.Duration // the server process's, user and system
	latencies []time.Duration
}

// kindResult holds the rounds of one kind, in pairs: incidentd[i] and
// bare[i] ran one after the other.
type kindResult struct {
	kind            string
	incidentd, bare []round
}

// measure warms both servers up on the kind, then runs the rounds,
// alternating which server goes first.
func (m *measurement) measure(ctx context.Context, k kind) (kindResult, error) {
	res := kindResult{kind: k.name}
	fmt.Fprintf(m.progress, "%s: ", k.name)
	defer fmt.Fprintln(m.progress)
	for _, s := range []side{m.incidentd, m.bare} {
		if _, err := m.drive(ctx, s, k, m.cfg.warmup); err != nil {
			return res, err
		}
	}
	for i := range m.cfg.rounds {
		order := []side{m.incidentd, m.bare}
		if i%2 == 1 {
			order = []side{m.bare, m.incidentd}
		}
		for _, s := range order {
			r, err := m.drive(ctx, s, k, m.cfg.round)
			if err != nil {
				return res, err
			}
			if s.name == m.incidentd.name {
				res.incidentd = append(res.incidentd, r)
			} else {
				res.bare = append(res.bare, r)
			}
		}
		fmt.Fprint(m.progress, ".")
	}
	return res, nil
}

// drive sends the kind's requests to the server from concurrency clients
// for d, each client cycling through the kind's paths from its own start.
func (m *measurement) drive(ctx context.Context, s side, k kind, d time.Duration) (round, error) {
	var (
		r  round
		mu sync.Mutex
		wg sync.WaitGroup
	)
	requests := m.requests(s, k)
	cpuBefore, err := cpuTime(s.pid)
	if err != nil {
		return r, err
	}
	start := time.Now()
	deadline := start.Add(d)
	for c := range m.cfg.concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := clientLoop(ctx, s, requests, c*len(requests)/m.cfg.concurrency, deadline)
			mu.Lock()
			defer mu.Unlock()
			r.failures += mine.failures
			if r.firstFail == "" {
				r.firstFail = mine.firstFail
			}
			r.latencies = append(r.latencies, mine.latencies...)
		}()
	}
	wg.Wait()
	r.elapsed = time.Since(start)
	r.requests = len(r.latencies)
	cpuAfter, err := cpuTime(s.pid)
	if err != nil {
		return r, err
	}
	r.cpu = cpuAfter - cpuBefore
	if err := ctx.Err(); err != nil {
		return r, err
	}
	if r.failures > 0 {
		return r, fmt.Errorf("%s: %d of %d requests failed, first: %s", s.name, r.failures, r.failures+r.requests, r.firstFail)
	}
	return r, nil
}

// requests are the kind's requests to the server as they go on the wire.
func (m *measurement) requests(s side, k kind) [][]byte {
	host := strings.TrimPrefix(s.url, "http://")
	out := make([][]byte, len(k.paths))
	for i, p := range k.paths {
		condition := ""
		if k.conditional {
			condition = "\r\nIf-None-Match: " + k.etags[p]
		}
		out[i] = []byte("GET " + p + " HTTP/1.1\r\nHost: " + host +
			"\r\nAuthorization: " + m.creds.authorization + "\r\nX-Api-Key: " + m.creds.apiKey + condition +
			"\r\nUser-Agent: incidentd-load\r\n\r\n")
	}
	return out
}

// clientLoop is one client: one kept-alive connection on which it writes a
// request, reads the whole answer, and starts again until the deadline.
// It is lighter than net/http's client, which shares the machine's cores
// with the servers: a heavier client would lower the bare server's figures
// most, and so flatter the ratio.
func clientLoop(ctx context.Context, s side, requests [][]byte, first int, deadline time.Time) round {
	var (
		r    round
		conn net.Conn
		br   *bufio.Reader
	)
	fail := func(err error) {
		r.failures++
		if r.firstFail == "" {
			r.firstFail = err.Error()
		}
		if conn != nil {
			conn.Close()
			conn = nil
		}
	}
	for i := first; time.Now().Before(deadline) && ctx.Err() == nil; i++ {
		t := time.Now()
		if conn == nil {
			var err error
			if conn, err = net.Dial("tcp", strings.TrimPrefix(s.url, "http://")); err != nil {
				fail(err)
				continue
			}
			br = bufio.NewReaderSize(conn, 64<<10)
		}
		conn.SetDeadline(t.Add(time.Minute))
		if _, err := conn.Write(requests[i%len(requests)]); err != nil {
			fail(err)
			continue
		}
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			fail(err)
			continue
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		switch {
		case err != nil:
			fail(err)
			continue
		case resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNotModified:
			fail(fmt.Errorf("%s: %s", s.name, resp.Status))
			continue
		case resp.Close:
			conn.Close()
			conn = nil
		}
		r.latencies = append(r.latencies, time.Since(t))
	}
	if conn != nil {
		conn.Close()
	}
	return r
}

// profile takes a CPU profile of incidentd during one more round of the
// kind, into the profile directory, with the top of it as text beside.
func (m *measurement) profile(ctx context.Context, k kind, debugURL, bin string) error {
	if err := os.MkdirAll(m.cfg.profileDir, 0o755); err != nil {
		return err
	}
	path := filepath.Join(m.cfg.profileDir, k.name+".pprof")
	seconds := max(int(m.cfg.round.Seconds()), 1)
	done := make(chan error, 1)
	go func() {
		done <- fetch(ctx, fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", debugURL, seconds), path)
	}()
	// The profile starts when its request arrives: drive a little longer.
	if _, err := m.drive(ctx, m.incidentd, k, time.Duration(seconds)*time.Second+500*time.Millisecond); err != nil {
		return err
	}
	if err := <-done; err != nil {
		return err
	}
	top, err := exec.CommandContext(ctx, "go", "tool", "pprof", "-top", "-nodecount=25", bin, path).CombinedOutput()
	if err != nil {
		return fmt.Errorf("go tool pprof: %v\n%s", err, top)
	}
	return os.WriteFile(filepath.Join(m.cfg.profileDir, k.name+".top.txt"), top, 0o644)
}

// fetch writes the body of a GET to path.
func fetch(ctx context.Context, url, path string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
