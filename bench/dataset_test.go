package bench

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
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

const (
	benchIncidents = 1_000_000
	largeCount     = 200_000
	mediumCount    = 10_000
)

// env is the data set and a server over it, shared by every benchmark of
// one run.
type env struct {
	db      *sqlstore.DB
	baseURL string // http://127.0.0.1:port
	client  *http.Client
	// callers of the API: the two measured customers and the operator.
	large, medium, operator credentials
	// mediumIDs are ids of the medium customer's incidents, for reads by id.
	mediumIDs []string
}

// credentials are what a client sends on every call.
type credentials struct {
	scope         incident.Scope
	authorization string // "Bearer <token>"
	apiKey        string
}

var (
	shared    env
	sharedErr error
	setupOnce sync.Once
	cleanups  []func()
)

func TestMain(m *testing.M) {
	flag.Parse()
	printBackend()
	code := m.Run()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	os.Exit(code)
}

// setup returns the shared environment, building it on first use.
func setup(b *testing.B) *env {
	b.Helper()
	setupOnce.Do(func() { sharedErr = shared.start() })
	if sharedErr != nil {
		b.Fatal(sharedErr)
	}
	return &shared
}

func (e *env) start() error {
	ctx := context.Background()
	target, err := dataSetDatabase(ctx)
	if err != nil {
		return err
	}
	db, err := sqlstore.Open(ctx, target.url, sqlstore.Options{})
	if err != nil {
		return err
	}
	cleanups = append(cleanups, func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	e.db = db
	if err := ensureDataSet(ctx, db, target); err != nil {
		return err
	}
	if err := e.startServer(); err != nil {
		return err
	}
	if err := e.provision(ctx); err != nil {
		return err
	}
	return e.sampleIDs(ctx)
}

// ensureDataSet builds the data set into an empty database, and refuses to
// measure one that holds anything else (a different data set, or a build
// that was interrupted).
func ensureDataSet(ctx context.Context, db *sqlstore.DB, target dataSetDB) error {
	_, total, err := db.ListIncidents(ctx, incident.Scope{Operator: true}, incident.Query{Limit: 1})
	if err != nil {
		return err
	}
	if total == 0 {
		return buildDataSet(ctx, db, target)
	}
	for _, c := range []struct {
		of    string
		scope incident.Scope
		want  int
	}{
		{"in all", incident.Scope{Operator: true}, benchIncidents},
		{"for " + seed.BenchMediumCustomer, incident.Scope{CustomerID: seed.BenchMediumCustomer}, mediumCount},
		{"for " + seed.BenchLargeCustomer, incident.Scope{CustomerID: seed.BenchLargeCustomer}, largeCount},
	} {
		_, total, err := db.ListIncidents(ctx, c.scope, incident.Query{Limit: 1})
		if err != nil {
			return err
		}
		if total != c.want {
			return fmt.Errorf("%s holds %d incidents %s, not %d: it is not the benchmark data set (%s to rebuild)",
				target.name, total, c.of, c.want, target.removal)
		}
	}
	fmt.Fprintf(os.Stderr, "reusing the benchmark data set of %s\n", target.name)
	return nil
}

// buildDataSet generates the benchmark data set and tells how fast it was
// imported.
func buildDataSet(ctx context.Context, db *sqlstore.DB, target dataSetDB) error {
	fmt.Fprintf(os.Stderr, "building the benchmark data set (%d incidents) into %s…\n", benchIncidents, target.name)
	res, err := seed.Run(ctx, db, seed.Options{Plans: seed.BenchPlans(), Seed: 1,
		Progress: func(done, total int) {
			if done%200_000 == 0 {
				fmt.Fprintf(os.Stderr, "  %d/%d\n", done, total)
			}
		}})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "imported %d incidents of %d customers in %s: %.0f incidents/s\n",
		res.Incidents, res.Customers, res.Elapsed.Round(time.Millisecond), res.Rate())
	return nil
}

// startServer serves the real API on 127.0.0.1, without rate limit (the
// load benchmark exceeds any sensible one) and with request logs discarded
// after formatting, as a production logger would format them.
func (e *env) startServer() error {
	matrix := incident.DefaultMatrix()
	handler := httpapi.New(httpapi.Config{
		Manager:   &incident.Manager{Incidents: e.db, Customers: e.db, Notes: e.db, Attachments: e.db, Matrix: matrix, Now: sqlstore.DefaultNow},
		Incidents: e.db,
		Auth:      auth.NewService(e.db, auth.Options{}),
		Matrix:    matrix,
		Health:    e.db.Ping,
		Logger:    slog.New(slog.NewJSONHandler(io.Discard, nil)),
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	cleanups = append(cleanups, func() { srv.Close() })
	e.baseURL = "http://" + ln.Addr().String()
	e.client = &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	return nil
}

// provision creates a client and an API key for each caller and gets a
// token from the server's token endpoint, as an integration would.
func (e *env) provision(ctx context.Context) error {
	admin := auth.NewAdmin(e.db, auth.Options{})
	var err error
	if e.large, err = e.credentialsFor(ctx, admin, auth.CustomerOwner(seed.BenchLargeCustomer), auth.ScopeIncident); err != nil {
		return err
	}
	if e.medium, err = e.credentialsFor(ctx, admin, auth.CustomerOwner(seed.BenchMediumCustomer), auth.ScopeIncident); err != nil {
		return err
	}
	e.operator, err = e.credentialsFor(ctx, admin, auth.OperatorOwner(), auth.ScopeOperator)
	return err
}

func (e *env) credentialsFor(ctx context.Context, admin *auth.Admin, owner auth.Owner, scope string) (credentials, error) {
	client, secret, err := admin.CreateClient(ctx, owner, "Benchmark client", []string{scope})
	if err != nil {
		return credentials{}, err
	}
	_, key, err := admin.CreateAPIKey(ctx, owner, time.Hour)
	if err != nil {
		return credentials{}, err
	}
	req, err := http.NewRequest("POST", e.baseURL+"/oauth/v3/token",
		strings.NewReader(url.Values{"grant_type": {"client_credentials"}}.Encode()))
	if err != nil {
		return credentials{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(client.ID, secret)
	var token struct {
		AccessToken string `json:"access_token"`
	}
	if err := e.call(req, &token); err != nil {
		return credentials{}, fmt.Errorf("token: %w", err)
	}
	if token.AccessToken == "" {
		return credentials{}, errors.New("token: no access_token")
	}
	return credentials{
		scope:         incident.Scope{CustomerID: owner.CustomerID, Operator: owner.Operator},
		authorization: "Bearer " + token.AccessToken,
		apiKey:        key,
	}, nil
}

// sampleIDs reads ids of the medium customer's incidents from two places
// of its history.
func (e *env) sampleIDs(ctx context.Context) error {
	for _, offset := range []int{0, mediumCount / 2} {
		page, _, err := e.db.ListIncidents(ctx, e.medium.scope, incident.Query{Offset: offset, Limit: 1000})
		if err != nil {
			return err
		}
		for _, inc := range page {
			e.mediumIDs = append(e.mediumIDs, inc.ID)
		}
	}
	if len(e.mediumIDs) == 0 {
		return errors.New("no incident for the medium customer")
	}
	return nil
}
