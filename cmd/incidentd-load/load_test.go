package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestMain lets the test binary be the bare server too: the command starts
// itself again with the bare subcommand.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == bareCommand {
		if err := serveBare(os.Args[2:]); err != nil {
			os.Exit(1)
		}
		return
	}
	os.Exit(m.Run())
}

// TestReplayAnswersTheSameBytes captures the answers of a server that
// writes them as incidentd does (Content-Length set, the body written at
// once) and checks that the bare server's are byte for byte the same but
// for the date.
func TestReplayAnswersTheSameBytes(t *testing.T) {
	big := strings.Repeat("x", 40_000) // past net/http's buffer
	original := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := []byte(`{"id":"` + r.URL.Path + `"}`)
		if r.URL.Query().Get("size") == "big" {
			body = []byte(big)
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("ETag", `"v7"`)
		w.Header().Set("X-Total-Count", "1234")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	}))
	defer original.Close()
	kinds := []kind{{name: "k", paths: []string{"/a?x=1", "/b", "/c?size=big"}}}
	answers, err := capture(context.Background(), http.DefaultClient, original.URL, credentials{}, kinds)
	if err != nil {
		t.Fatal(err)
	}
	bare := httptest.NewServer(replay(answers))
	defer bare.Close()
	for _, path := range kinds[0].paths {
		want, got := rawGet(t, original.URL, path), rawGet(t, bare.URL, path)
		if !bytes.Equal(want, got) {
			t.Errorf("%s: the bare server answers\n%q\nwhere the original answered\n%q", path, got, want)
		}
	}
	if resp := rawGet(t, bare.URL, "/unknown"); !bytes.HasPrefix(resp, []byte("HTTP/1.1 404")) {
		t.Errorf("an unknown path: %q", resp)
	}
}

// rawGet is the answer to a GET as it went over the wire, its Date line
// left out.
func rawGet(t *testing.T, base, path string) []byte {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET "+path+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	var out bytes.Buffer
	sc := bufio.NewScanner(conn)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if !strings.HasPrefix(sc.Text(), "Date: ") {
			out.WriteString(sc.Text() + "\n")
		}
	}
	return out.Bytes()
}

func TestProcessFigures(t *testing.T) {
	if _, err := cpuTime(os.Getpid()); err != nil {
		t.Errorf("cpu time of this process: %v", err)
	}
	m, err := readMemory(os.Getpid())
	if err != nil || m.rss <= 0 || m.peak < m.rss {
		t.Errorf("memory of this process: %+v, %v", m, err)
	}
}

func TestMedianAndPercentile(t *testing.T) {
	if got := median([]float64{5, 1, 3}); got != 3 {
		t.Errorf("median of 5, 1, 3: %v", got)
	}
	if got := median([]float64{4, 1, 3, 2}); got != 2.5 {
		t.Errorf("median of 4, 1, 3, 2: %v", got)
	}
}

// TestLoadRun runs the whole command on the small data set, one short
// round per kind, and reads its report: every kind measured on both
// servers, with a ratio.
func TestLoadRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds incidentd and runs both servers")
	}
	var out, progress bytes.Buffer
	args := []string{"--set", "small", "--rounds", "1", "--round", "300ms", "--warmup", "0", "--concurrency", "4"}
	if err := run(context.Background(), args, &out, &progress); err != nil {
		t.Fatalf("%v\n%s", err, progress.String())
	}
	report := out.String()
	t.Log(report)
	lines := strings.Split(report, "\n")
	for _, k := range kindNames {
		i := indexOfPrefix(lines, k)
		if i < 0 || i+1 >= len(lines) {
			t.Errorf("no line for %s", k)
			continue
		}
		inc, bare := strings.Fields(lines[i]), strings.Fields(lines[i+1])
		if len(inc) != 8 || inc[1] != "incidentd" || len(bare) != 6 || bare[0] != "bare" {
			t.Errorf("%s: lines %q and %q", k, lines[i], lines[i+1])
			continue
		}
		for _, v := range []string{inc[2], bare[1]} {
			if n, err := strconv.ParseFloat(v, 64); err != nil || n <= 0 {
				t.Errorf("%s: throughput %q", k, v)
			}
		}
		if ratio, err := strconv.ParseFloat(strings.TrimSuffix(inc[7], "×"), 64); err != nil || ratio <= 0 {
			t.Errorf("%s: ratio %q", k, inc[7])
		}
	}
	if !strings.Contains(report, "incidentd resident memory:") {
		t.Error("no memory figure")
	}
}

func indexOfPrefix(lines []string, prefix string) int {
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), prefix+" ") {
			return i
		}
	}
	return -1
}
