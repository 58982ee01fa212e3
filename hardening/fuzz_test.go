package hardening

import (
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/httpapi"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/seed"
	"github.com/incidentd/incidentd/sqlstore"
)

// FuzzQueryOnStore runs what the query parser makes of a query string on
// a real SQLite store, as the list, the aggregation, the export and the
// note list would: the parser may refuse it (400), the store may refuse it
// with a domain error, but never fail (the audit's 500 on a long LIKE
// pattern). Query strings are as long as the server lets through (16 KiB);
// the seeds are the long ones. Run it longer with
//
//	go test ./hardening -run='^$' -fuzz=FuzzQueryOnStore -fuzztime=5m
func FuzzQueryOnStore(f *testing.F) {
	for _, seed := range []string{
		"description.contains=" + strings.Repeat("%", 200),
		"description.contains=" + strings.Repeat("_\\%", 66),
		"description=" + strings.Repeat("é", 4000),
		"customerReference.contains=" + strings.Repeat("a%b_", 50) + "&sort=-priority,createdAt",
		"status=" + strings.Repeat("NEW,", 499) + "NEW",
		"description.contains=" + strings.Repeat("x", 200) + "&groupBy=status,priority&metrics=count,mttr,breached",
		"location.address.city.contains=%25%25%25&location.address.city.ne=" + strings.Repeat("\\", 3000),
		"createdAt.gte=2026-01-01&createdAt.lt=9999-12-31T23:59:59.999999999%2B14:00&sla.gtrTargetSeconds.lte=9223372036854775807",
		"text.contains=" + strings.Repeat("%_", 100) + "&author.type=CUSTOMER",
		manyFilters(20),
	} {
		f.Add(seed)
	}
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(f.TempDir(), "fuzz.db"), sqlstore.Options{})
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		f.Fatal(err)
	}
	now := time.Now().UTC()
	if _, err := seed.Run(ctx, db, seed.Options{Plans: []seed.CustomerPlan{{ID: "acme", Name: "Acme", Incidents: 300}},
		Seed: 5, From: now.AddDate(0, -3, 0), To: now}); err != nil {
		f.Fatal(err)
	}
	scope := incident.Scope{CustomerID: "acme"}

	f.Fuzz(func(t *testing.T, rawQuery string) {
		if len(rawQuery) > httpapi.MaxURLBytes {
			return // refused before any parsing
		}
		params, err := url.ParseQuery(rawQuery)
		if err != nil {
			return // refused by the transport (400)
		}
		check := func(what string, err error) {
			if err == nil {
				return
			}
			code := incident.ErrorCode(err)
			if code == 0 || code == incident.CodeInternal || code == incident.CodeUnavailable {
				t.Fatalf("%s of %q: %v", what, excerpt([]byte(rawQuery)), err)
			}
		}
		if q, err := contract.ParseIncidentQuery(params, incident.RoleCustomer); err == nil {
			q.Now = now
			_, _, err := db.ListIncidents(ctx, scope, q)
			check("list", err)
			q.Limit = 5
			check("export", db.StreamIncidents(ctx, scope, q, func(int) error { return nil }, func(*incident.Incident) error { return nil }))
		}
		if a, err := contract.ParseIncidentAggregation(params, incident.RoleCustomer); err == nil {
			a.Now = now
			_, err := db.AggregateIncidents(ctx, scope, a)
			check("aggregation", err)
		}
		if q, err := contract.ParseNoteQuery(params, incident.RoleCustomer); err == nil {
			_, _, err := db.ListNotes(ctx, scope, "2601N00001", q)
			check("note list", err)
		}
	})
}
