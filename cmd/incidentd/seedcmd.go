package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/incidentd/incidentd/seed"
)

// seedCommand fills a database with generated incidents, for trials and
// benchmarks.
func seedCommand(ctx context.Context, args []string, out io.Writer) error {
	var cfg Config
	var opts seed.Options
	var bench bool
	fs := newFlagSet("seed")
	bindStorage(fs, &cfg)
	fs.IntVar(&opts.Customers, "customers", seed.DefaultCustomers, "number of customers")
	fs.IntVar(&opts.Incidents, "incidents", seed.DefaultIncidents, "number of incidents, shared among the customers")
	fs.Uint64Var(&opts.Seed, "seed", 1, "random seed: the same seed generates the same data")
	fs.BoolVar(&bench, "bench", false, "the benchmark data set instead: 1,000,000 incidents across 100 customers, one with 200,000 and one with 10,000")
	if err := parseConfig(fs, args, nil); err != nil {
		return err
	}
	if bench {
		opts.Plans = seed.BenchPlans()
	}
	db, err := openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := seed.Run(ctx, db, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "seeded %d customers and %d incidents in %s (%.0f incidents/s)\n",
		res.Customers, res.Incidents, res.Elapsed.Round(time.Millisecond), res.Rate())
	return nil
}
