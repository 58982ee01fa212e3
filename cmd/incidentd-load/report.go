package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// percentile is the q-quantile of sorted durations (nearest rank).
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(int(q*float64(len(sorted))), len(sorted)-1)]
}

// median of the values, the mean of the two middle ones for an even count.
func median(values []float64) float64 {
	if len(values) == 0 {
		return 0
	}
	s := slices.Clone(values)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// summary is one server's figures for a kind: medians of its rounds.
type summary struct {
	throughput    float64 // requests per second
	p50, p90, p99 float64 // milliseconds
	cpuPerRequest float64 // microseconds
}

func summarize(rounds []round) summary {
	var tput, p50, p90, p99, cpu []float64
	for _, r := range rounds {
		lat := slices.Clone(r.latencies)
		slices.Sort(lat)
		tput = append(tput, float64(r.requests)/r.elapsed.Seconds())
		p50 = append(p50, ms(percentile(lat, 0.50)))
		p90 = append(p90, ms(percentile(lat, 0.90)))
		p99 = append(p99, ms(percentile(lat, 0.99)))
		if r.requests > 0 {
			cpu = append(cpu, float64(r.cpu.Microseconds())/float64(r.requests))
		}
	}
	return summary{throughput: median(tput), p50: median(p50), p90: median(p90), p99: median(p99), cpuPerRequest: median(cpu)}
}

// ratio is the median over the round pairs of incidentd's throughput over
// the bare server's in the same pair.
func (k kindResult) ratio() float64 {
	var ratios []float64
	for i := range min(len(k.incidentd), len(k.bare)) {
		b := k.bare[i]
		if b.requests == 0 {
			continue
		}
		i := k.incidentd[i]
		ratios = append(ratios, (float64(i.requests)/i.elapsed.Seconds())/(float64(b.requests)/b.elapsed.Seconds()))
	}
	return median(ratios)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// writeReport prints the configuration, a table of every kind and the
// memory of incidentd at the end.
func writeReport(out io.Writer, cfg config, ds *preparedSet, dialect string, results []kindResult, mem memory) {
	fmt.Fprintf(out, "incidentd-load: %s, data set %q (%s: %d incidents of %d), %d clients, %d rounds of %s, %d CPUs, load average %s\n",
		dialect, ds.name, ds.customer, ds.incidents, ds.total(), cfg.concurrency, cfg.rounds, cfg.round, runtime.NumCPU(), loadAverage())
	if len(cfg.serveArgs) > 0 {
		fmt.Fprintf(out, "incidentd serve flags: %s\n", strings.Join(cfg.serveArgs, " "))
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "kind\tserver\treq/s\tp50 ms\tp90 ms\tp99 ms\tCPU µs/req\tincidentd/bare\t")
	for _, k := range results {
		i, b := summarize(k.incidentd), summarize(k.bare)
		fmt.Fprintf(tw, "%s\tincidentd\t%.0f\t%.2f\t%.2f\t%.2f\t%.0f\t%.3f×\t\n", k.kind, i.throughput, i.p50, i.p90, i.p99, i.cpuPerRequest, k.ratio())
		fmt.Fprintf(tw, "\tbare\t%.0f\t%.2f\t%.2f\t%.2f\t%.0f\t\t\n", b.throughput, b.p50, b.p90, b.p99, b.cpuPerRequest)
	}
	tw.Flush()
	fmt.Fprintf(out, "incidentd resident memory: %.0f MiB at the end, %.0f MiB at its peak\n",
		float64(mem.rss)/(1<<20), float64(mem.peak)/(1<<20))
}

// loadAverage is the machine's one-minute load average, a sign of what
// else ran during the measure.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "unknown"
	}
	return f[0]
}
