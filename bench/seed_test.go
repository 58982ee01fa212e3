package bench

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/incidentd/incidentd/seed"
	"github.com/incidentd/incidentd/sqlstore"
)

// seedBatch is the size of one BenchmarkSeed operation.
const seedBatch = 100_000

// BenchmarkSeed measures the import rate of seed.Run into an empty
// database of the run's backend (a fresh SQLite file, or the scratch
// PostgreSQL database incidentd_bench_seed, dropped at the end): each
// operation generates and imports 100,000 incidents of 100 customers. It
// reports incidents/s.
func BenchmarkSeed(b *testing.B) {
	ctx := context.Background()
	var imported int
	var seconds float64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := emptyDatabase(b)
		if err := db.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := seed.Run(ctx, db, seed.Options{Customers: 100, Incidents: seedBatch, Seed: uint64(i + 1)})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		imported += res.Incidents
		seconds += res.Elapsed.Seconds()
		db.Close()
	}
	b.ReportMetric(float64(imported)/seconds, "incidents/s")
}

// emptyDatabase opens a new, empty database of the run's backend.
func emptyDatabase(b *testing.B) *sqlstore.DB {
	b.Helper()
	ctx := context.Background()
	storageURL := "sqlite:" + filepath.Join(b.TempDir(), "seed.db")
	if server := os.Getenv(benchPostgresEnv); server != "" {
		if err := dropPostgresDatabase(ctx, server, seedPostgresDatabase); err != nil {
			b.Fatal(err)
		}
		dsn, err := createPostgresDatabase(ctx, server, seedPostgresDatabase)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() {
			if err := dropPostgresDatabase(ctx, server, seedPostgresDatabase); err != nil {
				b.Error(err)
			}
		})
		storageURL = dsn
	}
	db, err := sqlstore.Open(ctx, storageURL, sqlstore.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return db
}

// BenchmarkGenerate measures the generator alone, without storage: the
// part of the import rate seeding itself costs.
func BenchmarkGenerate(b *testing.B) {
	gen, err := seed.NewGenerator(seed.Config{Seed: 1, Customers: seed.Plans(100, b.N, 1)})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if inc, _ := gen.Next(); inc == nil {
			b.Fatal("generator exhausted")
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "incidents/s")
}
