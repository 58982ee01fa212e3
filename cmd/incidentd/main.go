// Command incidentd serves the Incident API and administers its data.
//
//	incidentd serve [--demo]      run the server
//	incidentd migrate             apply the database migrations
//	incidentd admin …             manage customers, clients and API keys
//	incidentd seed …              fill a database with generated incidents
//	incidentd backup --to FILE    copy a live SQLite database
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/incidentd/incidentd/buildinfo"
)

// version and commit, when set at build time with
// -ldflags "-X main.version=… -X main.commit=…", win over the module version
// and VCS revision Go records in the binary (see package buildinfo).
var (
	version string
	commit  string
)

const usage = `usage: incidentd <command> [flags]

commands:
  serve     run the Incident API server (--demo for demo data)
  migrate   apply the database migrations
  admin     manage customers, clients and API keys
  seed      fill a database with generated incidents
  backup    copy a live SQLite database consistently (--to FILE)
  version   print the version

Run "incidentd <command> -h" for the flags of a command. Every flag can also be
set by an INCIDENTD_* environment variable (--rate-limit: INCIDENTD_RATE_LIMIT).
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "incidentd:", err)
		}
		os.Exit(2)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(out, usage)
		return errors.New("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, out)
	case "migrate":
		return migrate(ctx, rest, out)
	case "admin":
		return admin(ctx, rest, out)
	case "seed":
		return seedCommand(ctx, rest, out)
	case "backup":
		return backup(ctx, rest, out)
	case "version":
		fmt.Fprintln(out, buildinfo.Read(version, commit))
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(out, usage)
		return nil
	}
	fmt.Fprint(out, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

func newLogger(format, level string) *slog.Logger {
	lvl, _ := parseLevel(level)
	opts := &slog.HandlerOptions{Level: lvl}
	if format == "text" {
		return slog.New(slog.NewTextHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewJSONHandler(os.Stderr, opts))
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	err := l.UnmarshalText([]byte(s))
	return l, err
}
