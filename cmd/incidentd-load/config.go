package main

import (
	"errors"
	"flag"
	"fmt"
	neturl "net/url"
	"slices"
	"strings"
	"time"
)

// config is what the command line tells.
type config struct {
	database    string // storage URL; empty: an SQLite file removed at the end
	set         dataSet
	binary      string // incidentd binary; empty: built from this module
	serveArgs   []string
	kinds       []string
	concurrency int
	rounds      int
	round       time.Duration
	warmup      time.Duration
	profileDir  string
}

func parseFlags(args []string) (config, error) {
	var (
		cfg              config
		set, kinds, serv string
	)
	fs := flag.NewFlagSet("incidentd-load", flag.ContinueOnError)
	fs.StringVar(&cfg.database, "database", "", "storage URL, sqlite:PATH or postgres://… (default: a temporary SQLite file)")
	fs.StringVar(&set, "set", "100k", "data set: "+strings.Join(dataSetNames(), ", "))
	fs.StringVar(&cfg.binary, "incidentd", "", "incidentd binary to measure (default: built from this module with go build)")
	fs.StringVar(&serv, "serve-args", "", "more flags for incidentd serve, space-separated (e.g. \"--sqlite-cache-mib 64\")")
	fs.StringVar(&kinds, "kinds", strings.Join(kindNames, ","), "request kinds to measure, comma-separated")
	fs.IntVar(&cfg.concurrency, "concurrency", 16, "concurrent clients")
	fs.IntVar(&cfg.rounds, "rounds", 5, "rounds per request kind and server")
	fs.DurationVar(&cfg.round, "round", 2*time.Second, "duration of one round")
	fs.DurationVar(&cfg.warmup, "warmup", time.Second, "warm-up of each server before the rounds of a kind")
	fs.StringVar(&cfg.profileDir, "profile", "", "directory to write a CPU profile of incidentd per kind into, taken during one more round")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	var errs []error
	var ok bool
	if cfg.set, ok = dataSets[set]; !ok {
		errs = append(errs, fmt.Errorf("--set %q: want one of %s", set, strings.Join(dataSetNames(), ", ")))
	}
	for _, k := range strings.Split(kinds, ",") {
		if !slices.Contains(kindNames, k) {
			errs = append(errs, fmt.Errorf("--kinds: unknown kind %q (known: %s)", k, strings.Join(kindNames, ", ")))
		}
		cfg.kinds = append(cfg.kinds, k)
	}
	if cfg.database != "" && !strings.HasPrefix(cfg.database, "sqlite:") && !strings.HasPrefix(cfg.database, "postgres://") && !strings.HasPrefix(cfg.database, "postgresql://") {
		errs = append(errs, fmt.Errorf("--database: want sqlite:PATH or postgres://…"))
	}
	if cfg.concurrency < 1 || cfg.rounds < 1 || cfg.round < 100*time.Millisecond || cfg.warmup < 0 {
		errs = append(errs, errors.New("--concurrency and --rounds must be at least 1, --round at least 100ms, --warmup not negative"))
	}
	cfg.serveArgs = strings.Fields(serv)
	return cfg, errors.Join(errs...)
}

// redactURL hides a password before a URL is printed.
func redactURL(s string) string {
	u, err := neturl.Parse(s)
	if err != nil || u.Scheme == "sqlite" {
		return s
	}
	return u.Redacted()
}
