package bench

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
)

const aggregationPath = "/incident/b2b/v1/aggregation"

// The measured aggregations, as a client writes them: the dashboard's
// counts by status and priority, the same with the SLA figures, and a
// monthly trend of the mean time to restore.
const (
	statusPriority    = "groupBy=status,priority"
	statusPrioritySLA = "groupBy=status,priority&metrics=count,mttr,breached"
	monthlyMTTR       = "groupBy=createdAt:month&metrics=mttr"
)

// BenchmarkAggregate measures GET /aggregation at the store level (the
// GROUP BY alone) and through the real server.
func BenchmarkAggregate(b *testing.B) {
	e := setup(b)
	for _, c := range []struct {
		name  string
		who   credentials
		query string
	}{
		{"medium/status-priority", e.medium, statusPriority},
		{"medium/status-priority-sla", e.medium, statusPrioritySLA},
		{"medium/monthly-mttr", e.medium, monthlyMTTR},
		{"large/status-priority", e.large, statusPriority},
		{"large/status-priority-sla", e.large, statusPrioritySLA},
	} {
		b.Run("store/"+c.name, func(b *testing.B) {
			measure(b, e.storeAggregate(b, c.who, c.query))
		})
		b.Run("http/"+c.name, func(b *testing.B) {
			measure(b, e.httpAggregate(c.who, c.query))
		})
	}
}

// storeAggregate aggregates through the store and checks there are groups.
func (e *env) storeAggregate(b *testing.B, c credentials, query string) func() error {
	values, err := url.ParseQuery(query)
	if err != nil {
		b.Fatal(err)
	}
	a, err := contract.ParseIncidentAggregation(values, incident.RoleCustomer)
	if err != nil {
		b.Fatal(err)
	}
	return func() error {
		a.Now = time.Now()
		groups, err := e.db.AggregateIncidents(context.Background(), c.scope, a)
		if err == nil && len(groups) < 2 {
			err = fmt.Errorf("%s: %d groups", query, len(groups))
		}
		return err
	}
}

// httpAggregate calls the API and checks the groups are counted.
func (e *env) httpAggregate(c credentials, query string) func() error {
	return func() error {
		groups, err := e.get(c, aggregationPath+"?"+query)
		if err == nil && groups < 2 {
			err = fmt.Errorf("%s: X-Total-Count %d", query, groups)
		}
		return err
	}
}

// BenchmarkExport measures the CSV export of the large customer's 200,000
// incidents through the real server, parsed by the client as it arrives.
// Besides the time, it reports the rows per second and how far the
// server's process raised its Go heap in use (heap-MiB), its peak over the
// runs; each run checks the row count against X-Total-Count.
//
//	go test ./bench -run '^$' -bench Export -benchtime 3x
func BenchmarkExport(b *testing.B) {
	e := setup(b)
	var peakHeap int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		stop := watchHeap()
		rows, err := e.exportCSV(e.large)
		heap := stop()
		if err != nil {
			b.Fatal(err)
		}
		peakHeap = max(peakHeap, heap)
		if i == 0 {
			b.ReportMetric(float64(rows), "rows")
		}
	}
	b.StopTimer()
	b.ReportMetric(200_000*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peakHeap)/(1<<20), "heap-MiB")
}

// exportCSV exports every incident of c as CSV and counts the rows, which
// must be X-Total-Count.
func (e *env) exportCSV(c credentials) (int, error) {
	req, err := http.NewRequest("GET", e.baseURL+listPath, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", c.authorization)
	req.Header.Set("X-Api-Key", c.apiKey)
	req.Header.Set("Accept", "text/csv")
	resp, err := e.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("export: %s", resp.Status)
	}
	r := csv.NewReader(resp.Body)
	r.ReuseRecord = true
	rows := -1 // the header row
	for {
		if _, err := r.Read(); err == io.EOF {
			break
		} else if err != nil {
			return rows, err
		}
		rows++
	}
	if total, _ := strconv.Atoi(resp.Header.Get("X-Total-Count")); total != rows || rows <= 0 {
		return rows, fmt.Errorf("export: %d rows, X-Total-Count %q", rows, resp.Header.Get("X-Total-Count"))
	}
	return rows, nil
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

// watchHeap samples the Go heap in use until the returned function is
// called, which returns its highest rise above the level after a
// collection now.
func watchHeap() (stop func() int64) {
	runtime.GC()
	base := heapInUse()
	var (
		peak    int64
		done    = make(chan struct{})
		stopped sync.WaitGroup
	)
	stopped.Add(1)
	go func() {
		defer stopped.Done()
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			peak = max(peak, heapInUse()-base)
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() int64 {
		close(done)
		stopped.Wait()
		return peak
	}
}
