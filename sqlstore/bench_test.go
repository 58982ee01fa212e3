package sqlstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/sqlstore"
)

// Benchmarks on the data set the store is sized for: 1,000,000 incidents
// of 100 customers, one of 200,000 incidents (c000), one of 10,000 (c001),
// the others sharing the rest. They run only with -bench; the SQLite data
// set is built once per run (or reused from INCIDENTD_BENCH_SQLITE, a file
// path, when it exists).

const (
	benchTotal     = 1_000_000
	benchCustomers = 100
	benchBig       = 200_000
	benchSmall     = 10_000
	benchChunk     = 50_000
)

var benchStart = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// benchCustomer picks the customer of the i-th incident so that c000 and
// c001 get their exact shares, spread over the whole time range.
func benchCustomer(i int) string {
	switch {
	case i%5 == 0:
		return "c000"
	case i%100 == 1:
		return "c001"
	}
	return fmt.Sprintf("c%03d", 2+i%(benchCustomers-2))
}

var (
	countries = []string{"FR", "FR", "FR", "DE", "BE", "ES", "IT", "GB", "NL", "CH"}
	filler    = strings.Repeat("The customer reports that the access is down since this morning. ", 10)[:600]
)

// benchIncident is the i-th incident of the data set.
func benchIncident(r *rand.Rand, i int) *incident.Incident {
	m := incident.DefaultMatrix()
	at := benchStart.Add(time.Duration(i) * 30 * time.Second)
	inc := &incident.Incident{
		Customer:         incident.CustomerRef{ID: benchCustomer(i)},
		Status:           incident.Status(incident.Statuses[r.IntN(len(incident.Statuses))]),
		Impact:           incident.Impact(incident.Impacts[r.IntN(4)]),
		Urgency:          incident.Urgency(incident.Urgencies[r.IntN(3)]),
		ServiceCondition: incident.ConditionDegraded,
		Description:      filler,
		Origin:           incident.OriginReactive,
		Type:             incident.TypeFailure,
		Service:          &incident.Service{ID: fmt.Sprintf("SVC-%d", r.IntN(1000)), Name: "Internet access 1 Gb/s"},
		Location: &incident.Location{ID: fmt.Sprintf("LOC-%d", r.IntN(500)), Name: "Head office",
			Address: &incident.Address{Street: "1 rue de la Paix", PostalCode: "75002", City: "Paris", Country: countries[r.IntN(len(countries))]}},
		Contact:         &incident.Contact{Name: "Jane Doe", Email: "jane@example.com", Phone: "+33 1 23 45 67 89"},
		CreatedAt:       at,
		UpdatedAt:       at,
		StatusChangedAt: at,
		Version:         1,
	}
	m.Classify(inc)
	var resolved *time.Time
	if inc.Status == incident.StatusResolved || inc.Status == incident.StatusClosed {
		t := at.Add(time.Duration(r.IntN(48)) * time.Hour)
		resolved = &t
		inc.ResolvedAt = resolved
		inc.Resolution = &incident.Resolution{Code: incident.ResolutionFixed, Text: "Replaced the card"}
	}
	inc.Clock = incident.ComputeClock(at, resolved, inc.Clock.TargetSeconds, nil)
	return inc
}

// fillBench creates the customers and imports the data set in chunks; it
// returns the import rate.
func fillBench(ctx context.Context, db *sqlstore.DB, total int) (float64, error) {
	for c := range benchCustomers {
		id := fmt.Sprintf("c%03d", c)
		if err := db.CreateCustomer(ctx, incident.Customer{ID: id, Name: "Customer " + id}); err != nil {
			return 0, err
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	var spent time.Duration
	for from := 0; from < total; from += benchChunk {
		chunk := make([]*incident.Incident, min(benchChunk, total-from))
		for i := range chunk {
			chunk[i] = benchIncident(r, from+i)
		}
		began := time.Now()
		if err := db.ImportIncidents(ctx, chunk); err != nil {
			return 0, err
		}
		spent += time.Since(began)
	}
	return float64(total) / spent.Seconds(), nil
}

var bench struct {
	once sync.Once
	db   *sqlstore.DB
	dir  string
	err  error
}

// benchSQLite opens the 1,000,000-incident SQLite database.
func benchSQLite(b *testing.B) *sqlstore.DB {
	bench.once.Do(func() {
		ctx := context.Background()
		path := os.Getenv("INCIDENTD_BENCH_SQLITE")
		fresh := true
		if path == "" {
			bench.dir, bench.err = os.MkdirTemp("", "incidentd-bench-")
			if bench.err != nil {
				return
			}
			path = filepath.Join(bench.dir, "bench.db")
		} else if _, err := os.Stat(path); err == nil {
			fresh = false
		}
		bench.db, bench.err = sqlstore.Open(ctx, "sqlite:"+path, sqlstore.Options{})
		if bench.err != nil {
			return
		}
		if bench.err = bench.db.Migrate(ctx); bench.err != nil || !fresh {
			return
		}
		var rate float64
		rate, bench.err = fillBench(ctx, bench.db, benchTotal)
		fmt.Fprintf(os.Stderr, "built the SQLite data set: %d incidents at %.0f incidents/s\n", benchTotal, rate)
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.db
}

func closeBench() {
	if bench.db != nil {
		bench.db.Close()
	}
	if bench.dir != "" {
		os.RemoveAll(bench.dir)
	}
}

// measure runs op b.N times and reports the median and 90th percentile.
func measure(b *testing.B, op func() error) {
	b.Helper()
	var d []time.Duration
	for b.Loop() {
		began := time.Now()
		if err := op(); err != nil {
			b.Fatal(err)
		}
		d = append(d, time.Since(began))
	}
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(d[len(d)*9/10].Microseconds())/1000, "p90-ms")
}

func guideQuery() incident.Query {
	country, _ := incident.IncidentAttributes.Lookup("location.address.country")
	priority, _ := incident.IncidentAttributes.Lookup("priority")
	return incident.Query{
		Filters: []incident.Filter{
			{Attr: country, Op: incident.OpEq, Values: []incident.Value{{Str: "FR"}}},
			{Attr: priority, Op: incident.OpEq, Values: []incident.Value{{Str: "P1"}}},
		},
		Limit: 20,
	}
}

func benchQueries(b *testing.B, db *sqlstore.DB) {
	ctx := context.Background()
	for _, c := range []struct{ name, customer string }{{"10k", "c001"}, {"200k", "c000"}} {
		scope := incident.Scope{CustomerID: c.customer}
		b.Run("guide-"+c.name, func(b *testing.B) {
			measure(b, func() error {
				page, total, err := db.ListIncidents(ctx, scope, guideQuery())
				if err == nil && (len(page) != 20 || total < 20) {
					err = fmt.Errorf("guide query: %d incidents of %d", len(page), total)
				}
				return err
			})
		})
		b.Run("default-"+c.name, func(b *testing.B) {
			measure(b, func() error {
				_, _, err := db.ListIncidents(ctx, scope, incident.Query{Limit: 20})
				return err
			})
		})
	}
	b.Run("get", func(b *testing.B) {
		r := rand.New(rand.NewPCG(3, 4))
		measure(b, func() error {
			seq := int64(r.IntN(benchTotal) + 1)
			i := int(seq - 1)
			_, err := db.GetIncident(ctx, incident.Scope{CustomerID: benchCustomer(i)},
				incident.FormatID(seq, benchStart.Add(time.Duration(i)*30*time.Second)))
			return err
		})
	})
}

func BenchmarkSQLite(b *testing.B) {
	benchQueries(b, benchSQLite(b))
}

// BenchmarkSQLiteImport measures the bulk path alone on a fresh file.
func BenchmarkSQLiteImport(b *testing.B) {
	ctx := context.Background()
	const n = 200_000
	for b.Loop() {
		b.StopTimer()
		db, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(b.TempDir(), "import.db"), sqlstore.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := db.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		rate, err := fillBench(ctx, db, n)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(rate, "incidents/s")
		db.Close()
	}
}

// BenchmarkPostgres measures the same queries on PostgreSQL: on the
// database named by INCIDENTD_BENCH_POSTGRES (a DSN; the data set is built
// there when it holds no incident, and kept), else in the run's database
// of INCIDENTD_TEST_POSTGRES.
func BenchmarkPostgres(b *testing.B) {
	benchQueries(b, benchPostgres(b))
}

var benchPG struct {
	once sync.Once
	db   *sqlstore.DB
	err  error
}

func benchPostgres(b *testing.B) *sqlstore.DB {
	dsn := os.Getenv("INCIDENTD_BENCH_POSTGRES")
	if dsn == "" && os.Getenv(postgresEnv) == "" {
		b.Skipf("PostgreSQL benchmarks skipped: set INCIDENTD_BENCH_POSTGRES or %s", postgresEnv)
	}
	benchPG.once.Do(func() {
		ctx := context.Background()
		if dsn == "" {
			if dsn, benchPG.err = postgresRunDSN(); benchPG.err != nil {
				return
			}
		}
		benchPG.db, benchPG.err = sqlstore.Open(ctx, dsn, sqlstore.Options{})
		if benchPG.err != nil {
			return
		}
		if benchPG.err = benchPG.db.Migrate(ctx); benchPG.err != nil {
			return
		}
		var total int
		if _, total, benchPG.err = benchPG.db.ListIncidents(ctx, incident.Scope{Operator: true}, incident.Query{Limit: 1}); benchPG.err != nil || total > 0 {
			return
		}
		var rate float64
		rate, benchPG.err = fillBench(ctx, benchPG.db, benchTotal)
		fmt.Fprintf(os.Stderr, "built the PostgreSQL data set: %d incidents at %.0f incidents/s\n", benchTotal, rate)
	})
	if benchPG.err != nil {
		b.Fatal(benchPG.err)
	}
	return benchPG.db
}
