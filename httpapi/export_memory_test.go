package httpapi_test

import (
	"bufio"
	"encoding/csv"
	"io"
	"net/http"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/seed"
)

// exportMemoryEnv names the number of incidents TestExportMemory exports;
// by default a little more than the JSON list's largest page:
//
//	INCIDENTD_TEST_EXPORT_INCIDENTS=200000 go test ./httpapi -run TestExportMemory -v
const exportMemoryEnv = "INCIDENTD_TEST_EXPORT_INCIDENTS"

// exportMemoryBound is the most an export may raise the Go heap in use,
// whatever its size.
const exportMemoryBound = 20 << 20

// TestExportMemory exports every incident of a customer, as CSV and as
// NDJSON, through a real server, and checks that the export is complete
// (as many rows as X-Total-Count, each parsed) while the memory in use
// stays within a bound that does not depend on the number of incidents:
// the server streams rows as the database gives them.
func TestExportMemory(t *testing.T) {
	n := contract.MaxLimit + 200
	if s := os.Getenv(exportMemoryEnv); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n <= 0 {
			t.Fatalf("%s=%q: want a number of incidents", exportMemoryEnv, s)
		}
	}
	eachBackend(t, func(t *testing.T, e *env) {
		started := time.Now()
		c := e.seedCustomers(seed.CustomerPlan{ID: "bulk", Name: "Bulk Logistics", Country: "FR", Incidents: n})["bulk"]
		t.Logf("seeded %d incidents in %s", n, time.Since(started).Round(time.Millisecond))
		for _, format := range []string{"text/csv", "application/x-ndjson"} {
			// Twice: the first export also fills the database's page
			// cache, which its configuration bounds, whatever reads it.
			for run := 1; run <= 2; run++ {
				exportWithin(t, e, c, format, "", n)
			}
		}
		// In an order no index serves: the database sorts.
		exportWithin(t, e, c, "text/csv", "sort=location.address.city,-priority", n)
	})
}

// exportWithin exports every incident of c in the format, counting the
// rows as it reads them, and checks the memory the export took.
func exportWithin(t *testing.T, e *env, c caller, format, query string, n int) {
	t.Helper()
	req := e.request(http.MethodGet, base+"/incidents?"+query, nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("X-Api-Key", c.key)
	req.Header.Set("Accept", format)

	peak := watchMemory()
	started := time.Now()
	// Not the checking transport, which reads a body whole: this client
	// streams it too, so that the test holds no export.
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := countRows(format, resp.Body)
	resp.Body.Close()
	elapsed := time.Since(started)
	heap, rss := peak()
	if err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	total, _ := strconv.Atoi(resp.Header.Get("X-Total-Count"))
	if resp.StatusCode != http.StatusOK || total != n || rows != n {
		t.Fatalf("%s: status %d, X-Total-Count %d, %d rows, want %d", format, resp.StatusCode, total, rows, n)
	}
	t.Logf("%s export of %d incidents %q in %s: Go heap in use +%.1f MiB at most, resident memory +%.1f MiB at most",
		format, n, query, elapsed.Round(time.Millisecond), mib(heap), mib(rss))
	if heap > exportMemoryBound {
		t.Errorf("%s: the export raised the heap in use by %.1f MiB, more than %.0f MiB", format, mib(heap), mib(exportMemoryBound))
	}
}

// countRows reads an export to its end, parsing each row, and counts the
// incidents in it.
func countRows(format string, body io.Reader) (int, error) {
	if format == "text/csv" {
		r := csv.NewReader(body)
		r.ReuseRecord = true
		header, err := r.Read()
		if err != nil || header[0] != "id" {
			return 0, err
		}
		n := 0
		for {
			_, err := r.Read()
			if err == io.EOF {
				return n, nil
			}
			if err != nil {
				return n, err
			}
			n++
		}
	}
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		if !strings.HasPrefix(sc.Text(), `{"id":"`) {
			return n, io.ErrUnexpectedEOF
		}
		n++
	}
	return n, sc.Err()
}

// watchMemory samples, until the returned function is called, how far the
// Go heap in use and the process's resident memory rise above their level
// now (after a collection); the function returns both peaks, in bytes.
func watchMemory() (peaks func() (heap, rss int64)) {
	runtime.GC()
	baseHeap, baseRSS := heapInUse(), residentBytes()
	var (
		maxHeap, maxRSS int64
		done            = make(chan struct{})
		stopped         = make(chan struct{})
	)
	go func() {
		defer close(stopped)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			maxHeap = max(maxHeap, heapInUse()-baseHeap)
			maxRSS = max(maxRSS, residentBytes()-baseRSS)
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() (int64, int64) {
		close(done)
		<-stopped
		return maxHeap, maxRSS
	}
}

// heapInUse is the memory of the heap's spans in use: objects and the free
// space inside their spans (runtime.MemStats.HeapInuse), read without
// stopping the world.
func heapInUse() int64 {
	samples := []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
	}
	metrics.Read(samples)
	return int64(samples[0].Value.Uint64() + samples[1].Value.Uint64())
}

// residentBytes is the process's resident memory (VmRSS), 0 where
// /proc/self/status does not exist.
func residentBytes() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }
