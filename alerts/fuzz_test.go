package alerts_test

import (
	"context"
	"errors"
	"testing"

	"github.com/incidentd/incidentd/alerts"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/internal/teststore"
	"github.com/incidentd/incidentd/sqlstore"
)

// Fuzz targets of the payload decoders, with seed corpora; run one with
//
//	go test ./alerts -run='^$' -fuzz=FuzzDecodeAlertmanager -fuzztime=30s
//
// Whatever the body, a decoder refuses it with an API error, or returns
// events that the ingester carries out on a real store without error.

func FuzzDecodeAlertmanager(f *testing.F) {
	f.Add(`{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"LinkDown","severity":"critical","service":"SVC-1"},` +
		`"annotations":{"summary":"Link down","description":"since 08:02"},"startsAt":"2026-11-26T08:02:03.123Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"5f2c"}]}`)
	f.Add(`{"version":"4","alerts":[{"status":"resolved","fingerprint":"5f2c","startsAt":"2026-11-26T08:02:03.123Z","labels":{"impact":"S1"}}]}`)
	f.Add(`{"version":"4","alerts":[]}`)
	f.Add(`{"version":"3"}`)
	f.Add(`[{"status":"firing"}]`)
	g, in := fuzzIngester(f)
	f.Fuzz(func(t *testing.T, body string) {
		events, err := alerts.DecodeAlertmanager([]byte(body))
		if err != nil {
			var e *incident.Error
			if !errors.As(err, &e) || e.Code < incident.CodeMissingBody || e.Code > incident.CodeInvalidBodyField {
				t.Fatalf("error %v is not a 400 of the body", err)
			}
			return
		}
		for _, ev := range events {
			carryOut(t, g, in, ev)
		}
	})
}

func FuzzDecodePagerDuty(f *testing.F) {
	f.Add(`{"routing_key":"k","event_action":"trigger","dedup_key":"d","payload":{"summary":"s","source":"h","severity":"error","custom_details":{"urgency":"U1"}}}`)
	f.Add(`{"event_action":"resolve","dedup_key":"d"}`)
	f.Add(`{"event_action":"trigger","payload":{"summary":"s","source":"h","severity":"info","timestamp":"2015-07-17T08:42:58.315+0000"}}`)
	f.Add(`{"event_action":"acknowledge"}`)
	f.Add(`{"payload":null}`)
	g, in := fuzzIngester(f)
	f.Fuzz(func(t *testing.T, body string) {
		_, ev, err := alerts.DecodePagerDuty([]byte(body))
		if err != nil {
			var invalid *alerts.InvalidEvent
			if !errors.As(err, &invalid) || len(invalid.Problems) == 0 {
				t.Fatalf("error %v is not an invalid event", err)
			}
			return
		}
		carryOut(t, g, in, ev)
	})
}

// fuzzIngester is the ingester over a real SQLite store, with an
// integration.
func fuzzIngester(f *testing.F) (*alerts.Ingester, alerts.Integration) {
	ctx := context.Background()
	db := teststore.Open(f, teststore.SQLiteURL(f))
	if err := db.CreateCustomer(ctx, incident.Customer{ID: "acme", Name: "Acme"}); err != nil {
		f.Fatal(err)
	}
	in, _, err := (&alerts.Admin{Store: db}).Create(ctx, alerts.NewIntegration{CustomerID: "acme", Name: "fuzz"})
	if err != nil {
		f.Fatal(err)
	}
	manager := &incident.Manager{Incidents: db, Customers: db, Notes: db, Matrix: incident.DefaultMatrix(), Now: sqlstore.DefaultNow}
	return &alerts.Ingester{Store: db, Manager: manager, Now: manager.Now}, in
}

// carryOut checks that an event names its alert and is carried out.
func carryOut(t *testing.T, g *alerts.Ingester, in alerts.Integration, ev alerts.Event) {
	t.Helper()
	if ev.DedupKey == "" {
		t.Fatalf("event without dedup key: %+v", ev)
	}
	out, err := g.Handle(context.Background(), in, ev)
	if err != nil {
		t.Fatalf("event %+v: %v", ev, err)
	}
	if (out.IncidentID == "") != (out.Effect == alerts.Ignored) {
		t.Fatalf("event %+v: outcome %+v", ev, out)
	}
}
