package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"

	"github.com/incidentd/incidentd/account"
	"github.com/incidentd/incidentd/console"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/seed"
	"github.com/incidentd/incidentd/sqlstore"
)

// consoleUser is the reporter of the medium customer the console
// benchmarks sign in as; created once in the data set's database.
const consoleUser = "bench-reporter@bench-10k.example"

// consoleHandler is the console over the data set, and the cookie of a
// session of consoleUser.
func (e *env) consoleHandler(b *testing.B) (http.Handler, *http.Cookie) {
	b.Helper()
	ctx := context.Background()
	accounts := &account.Service{Store: e.db}
	if _, err := e.db.GetUserByEmail(ctx, consoleUser); incident.ErrorCode(err) == incident.CodeNotFound {
		admin := &account.Admin{Store: e.db}
		if _, _, err := admin.CreateUser(ctx, account.NewUser{Email: consoleUser, Name: "Bench Reporter",
			CustomerID: seed.BenchMediumCustomer, Role: account.RoleReporter, Password: "bench-password"}); err != nil {
			b.Fatal(err)
		}
	} else if err != nil {
		b.Fatal(err)
	}
	id, _, err := accounts.SignIn(ctx, consoleUser, "bench-password", "127.0.0.1", "bench")
	if err != nil {
		b.Fatal(err)
	}
	h := console.New(console.Config{
		Manager:    &incident.Manager{Incidents: e.db, Customers: e.db, Notes: e.db, Attachments: e.db, Matrix: incident.DefaultMatrix(), Now: sqlstore.DefaultNow},
		Aggregator: e.db,
		Customers:  e.db,
		Accounts:   accounts,
		Logger:     slog.New(slog.NewJSONHandler(io.Discard, nil)),
	})
	return h, &http.Cookie{Name: "incidentd_session", Value: id}
}

// render serves one console page in the server's process, as the server
// would (session, query, store, template), without the network; with
// etag, as a live page's poll.
func render(h http.Handler, cookie *http.Cookie, path, etag string, want int) func() error {
	return func() error {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.AddCookie(cookie)
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != want {
			return fmt.Errorf("GET %s: status %d, want %d", path, rec.Code, want)
		}
		return nil
	}
}

// measureWithCPU is measure, adding the process's CPU time per operation
// (user and system, every goroutine: the handler, the database driver and
// the garbage collector) as cpu-ms.
func measureWithCPU(b *testing.B, op func() error) {
	b.Helper()
	before := processCPU(b)
	measure(b, op)
	b.ReportMetric(ms(processCPU(b)-before)/float64(b.N+1), "cpu-ms")
}

func processCPU(b *testing.B) time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		b.Fatal(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// BenchmarkConsoleList is the server's time to render the console's
// incident list of the 10,000-incident customer: its first page, the
// guide's filter, a filter on status, and a live page's poll when nothing
// changed (304).
func BenchmarkConsoleList(b *testing.B) {
	e := setup(b)
	h, cookie := e.consoleHandler(b)
	for _, c := range []struct{ name, query string }{
		{"first page", ""},
		{"guide filter", "location.address.country=FR&priority=P1"},
		{"status filter", "status=IN_PROGRESS,PENDING&sort=priority"},
	} {
		path := "/console/incidents?" + c.query
		b.Run(c.name, func(b *testing.B) { measureWithCPU(b, render(h, cookie, path, "", http.StatusOK)) })
	}
	path := "/console/incidents"
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.AddCookie(cookie)
	h.ServeHTTP(rec, req)
	b.Run("poll unchanged", func(b *testing.B) {
		measureWithCPU(b, render(h, cookie, path, rec.Header().Get("ETag"), http.StatusNotModified))
	})
	b.Run("detail", func(b *testing.B) {
		measureWithCPU(b, render(h, cookie, "/console/incidents/"+e.mediumIDs[0], "", http.StatusOK))
	})
}
