package bench

import (
	"net/url"
	"sync"
	"testing"
	"time"
)

// loadClients is the number of concurrent clients of BenchmarkLoad per
// GOMAXPROCS (testing's RunParallel parallelism).
const loadClients = 4

// BenchmarkLoad is the load generator: concurrent clients on 127.0.0.1
// sending a read mix of customers' integrations (half newest pages, a
// fifth guide filters, a quarter reads by id, some on the large customer)
// as fast as the server answers. b.N bounds the total number of requests:
//
//	go test ./bench -run '^$' -bench Load -benchtime 5000x
//
// It reports the throughput (req/s) and the latency percentiles under
// that load. Client and server share the machine's cores.
func BenchmarkLoad(b *testing.B) {
	e := setup(b)
	mix := []func(next func() string) error{
		func(func() string) error { _, err := e.get(e.medium, listPath+"?"+sortedPage); return err },
		func(func() string) error { _, err := e.get(e.medium, listPath+"?"+guideQuery); return err },
		func(next func() string) error {
			_, err := e.get(e.medium, listPath+"/"+url.PathEscape(next()))
			return err
		},
		func(func() string) error { _, err := e.get(e.medium, listPath+"?"+sortedPage); return err },
		func(next func() string) error {
			_, err := e.get(e.medium, listPath+"/"+url.PathEscape(next()))
			return err
		},
		func(func() string) error { _, err := e.get(e.large, listPath+"?"+sortedPage); return err },
		func(func() string) error { _, err := e.get(e.medium, listPath+"?"+sortedPage); return err },
		func(func() string) error { _, err := e.get(e.large, listPath+"?"+guideQuery); return err },
	}
	var (
		mu  sync.Mutex
		all latencies
	)
	b.SetParallelism(loadClients)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		next := e.nextID()
		var mine latencies
		for i := 0; pb.Next(); i++ {
			t := time.Now()
			if err := mix[i%len(mix)](next); err != nil {
				b.Error(err)
				return
			}
			mine = append(mine, time.Since(t))
		}
		mu.Lock()
		all = append(all, mine...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "req/s")
	all.report(b)
}
