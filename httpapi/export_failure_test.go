package httpapi_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/httpapi"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/seed"
	"github.com/incidentd/incidentd/sqlstore"
)

// failingStream is the real store whose stream fails after some rows, as
// when the database goes away in the middle of an export.
type failingStream struct {
	*sqlstore.DB
	after int
}

var errConnectionLost = errors.New("database connection lost")

func (f failingStream) StreamIncidents(ctx context.Context, scope incident.Scope, q incident.Query, start func(int) error, each func(*incident.Incident) error) error {
	n := 0
	return f.DB.StreamIncidents(ctx, scope, q, start, func(inc *incident.Incident) error {
		if n++; n > f.after {
			return errConnectionLost
		}
		return each(inc)
	})
}

// syncBuffer is a log destination tests read while the server writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// logServer serves the API over the env's database and credentials, with
// store as the incident store, and keeps its log for the test to read.
func logServer(t *testing.T, e *env, store incident.IncidentStore) (*httptest.Server, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	handler := httpapi.New(httpapi.Config{
		Manager:   &incident.Manager{Incidents: e.db, Customers: e.db, Notes: e.db, Attachments: e.db, Matrix: incident.DefaultMatrix(), Now: e.clock.Now},
		Incidents: store,
		Auth:      auth.NewService(e.db, auth.Options{Now: e.clock.Now}),
		Matrix:    incident.DefaultMatrix(),
		Logger:    slog.New(slog.NewTextHandler(logs, nil)),
		Now:       e.clock.Now,
	})
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return srv, logs
}

// exportRequest is an export request of c to a server.
func exportRequest(t *testing.T, baseURL string, c caller, query, accept string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, baseURL+base+"/incidents?"+query, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("X-Api-Key", c.key)
	req.Header.Set("Accept", accept)
	return req
}

// A database failure after the export has begun cannot become an error
// answer any more: the server cuts the connection, so that the client sees
// a broken transfer instead of a short export that looks complete, and the
// log says why.
func TestExportFailureCutsTheConnection(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		c := e.seedCustomers(seed.CustomerPlan{ID: "acme", Name: "Acme", Incidents: 2500})["acme"]
		srv, logs := logServer(t, e, failingStream{DB: e.db, after: 1800})
		resp, err := srv.Client().Do(exportRequest(t, srv.URL, c, "fields=status", "text/csv"))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Header.Get("X-Total-Count") != "2500" {
			t.Fatalf("status %d, X-Total-Count %q", resp.StatusCode, resp.Header.Get("X-Total-Count"))
		}
		body, err := io.ReadAll(resp.Body)
		if err == nil {
			t.Fatalf("the export ended cleanly after %d bytes: a client would take it for complete", len(body))
		}
		records, _ := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if len(records) > 1802 {
			t.Errorf("%d records arrived, more than the stream gave", len(records))
		}
		if log := logs.String(); !strings.Contains(log, errConnectionLost.Error()) || !strings.Contains(log, "requestId=") {
			t.Errorf("the log does not tell the failure: %s", log)
		}
	})
}

// A client that leaves in the middle of exports leaves nothing behind:
// every export's read transaction ends, and the store serves the next
// requests at once (SQLite has 4 reading connections; 6 exports are left).
func TestExportClientLeaves(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		c := e.seedCustomers(seed.CustomerPlan{ID: "acme", Name: "Acme", Incidents: 3000})["acme"]
		srv, logs := logServer(t, e, e.db)
		for i := 0; i < 6; i++ {
			// Megabytes of NDJSON: more than the connection buffers, so
			// that the server is still writing when the client leaves.
			resp, err := srv.Client().Do(exportRequest(t, srv.URL, c, "", "application/x-ndjson"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.ReadFull(resp.Body, make([]byte, 4096)); err != nil {
				t.Fatal(err)
			}
			resp.Body.Close() // the rest is never read
		}
		srv.CloseClientConnections()
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(logs.String(), "export interrupted") && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if !strings.Contains(logs.String(), "export interrupted") {
			t.Fatalf("no export was interrupted: the test did not leave in the middle: %s", logs.String())
		}
		for {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			_, total, err := e.db.ListIncidents(ctx, incident.Scope{CustomerID: "acme"}, incident.Query{Limit: 1})
			cancel()
			if err == nil && total == 3000 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the store does not answer after the clients left: %d, %v", total, err)
			}
		}
		if r := e.call(c, http.MethodGet, aggregationPath+"?groupBy=status", nil); r.status != http.StatusOK {
			t.Errorf("aggregation after the clients left: %d", r.status)
		}
	})
}
