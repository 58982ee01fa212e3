// Command incidentd-load measures incidentd under load against the limit of
// HTTP on the same machine: a bare net/http server answering, for every
// request, the very bytes incidentd answered to it (status, headers, body).
//
//	go run ./cmd/incidentd-load                       # SQLite, 100,000 incidents
//	go run ./cmd/incidentd-load --database postgres://…/incidentd_load
//	go run ./cmd/incidentd-load --set bench --database sqlite:bench.db
//
// It seeds the database when it is empty (or checks the data set it finds),
// starts incidentd as a separate process (the binary given by --incidentd,
// else one built from this module), captures incidentd's answer to each
// request, starts the bare server as another process serving those answers
// verbatim, and then drives both with the same client and concurrency,
// request kind by kind, in short rounds that alternate the two servers.
// For each kind it prints the throughput, the latency percentiles, the
// ratio incidentd/bare and each server's CPU time per request, read from
// /proc/PID/stat: medians of the rounds. docs/performance.md tells how to
// read the figures.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == bareCommand {
		if err := serveBare(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "incidentd-load bare:", err)
			os.Exit(1)
		}
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "incidentd-load:", err)
		}
		os.Exit(2)
	}
}

// run parses the flags, prepares both servers and measures them; the
// report goes to out, progress to progress.
func run(ctx context.Context, args []string, out, progress io.Writer) error {
	cfg, err := parseFlags(args)
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "incidentd-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	if cfg.database == "" {
		cfg.database = "sqlite:" + work + "/load.db"
	}

	fmt.Fprintf(progress, "data set %q in %s…\n", cfg.set.name, redactURL(cfg.database))
	ds, err := prepareDataSet(ctx, cfg.database, cfg.set, progress)
	if err != nil {
		return fmt.Errorf("data set: %w", err)
	}
	bin := cfg.binary
	if bin == "" {
		if bin, err = buildIncidentd(ctx, work); err != nil {
			return err
		}
	}
	srv, err := startIncidentd(ctx, bin, cfg, work)
	if err != nil {
		return err
	}
	defer srv.stop()
	client := newClient(cfg.concurrency)
	creds, err := ds.login(ctx, client, srv.url)
	if err != nil {
		return err
	}

	kinds := requestKinds(cfg.kinds, ds)
	captured, err := capture(ctx, client, srv.url, creds, kinds)
	if err != nil {
		return err
	}
	bare, err := startBare(ctx, captured, work)
	if err != nil {
		return err
	}
	defer bare.stop()

	m := &measurement{cfg: cfg, client: client, creds: creds, incidentd: srv.side, bare: bare.side, progress: progress}
	results := make([]kindResult, 0, len(kinds))
	for _, k := range kinds {
		r, err := m.measure(ctx, k)
		if err != nil {
			return fmt.Errorf("%s: %w", k.name, err)
		}
		results = append(results, r)
		if cfg.profileDir != "" {
			if err := m.profile(ctx, k, srv.debugURL, bin); err != nil {
				return fmt.Errorf("profile of %s: %w", k.name, err)
			}
		}
	}
	mem, err := readMemory(srv.side.pid)
	if err != nil {
		return err
	}
	writeReport(out, cfg, ds, srv.dialect, results, mem)
	return nil
}
