package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"
)

// latencies records the duration of each operation of a benchmark.
type latencies []time.Duration

// measure runs op b.N times, timing each run, and reports the median and
// the tail as custom metrics: p50-ms, p90-ms, p99-ms.
func measure(b *testing.B, op func() error) {
	b.Helper()
	if err := op(); err != nil { // warm-up, and a first check of the answer
		b.Fatal(err)
	}
	lat := make(latencies, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if err := op(); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	lat.report(b)
}

func (l latencies) report(b *testing.B) {
	if len(l) == 0 {
		return
	}
	slices.Sort(l)
	for _, p := range []struct {
		q    float64
		unit string
	}{{0.50, "p50-ms"}, {0.90, "p90-ms"}, {0.99, "p99-ms"}} {
		b.ReportMetric(ms(l[min(int(p.q*float64(len(l))), len(l)-1)]), p.unit)
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// get calls the API as c and checks the answer is a 200. It returns the
// exact count the list answers carry (-1 when there is none).
func (e *env) get(c credentials, path string) (total int, err error) {
	req, err := http.NewRequest("GET", e.baseURL+path, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", c.authorization)
	req.Header.Set("X-Api-Key", c.apiKey)
	resp, err := e.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	total = -1
	if h := resp.Header.Get("X-Total-Count"); h != "" {
		if total, err = strconv.Atoi(h); err != nil {
			return 0, fmt.Errorf("GET %s: X-Total-Count %q", path, h)
		}
	}
	return total, nil
}

// call sends req and decodes a 200 JSON answer into v.
func (e *env) call(req *http.Request, v any) error {
	resp, err := e.client.Do(req)
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
