package sqlstore

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// TestStreamHoldsNoConnectionWhileItsCallerWaits stops a stream's caller in
// the middle of an export, as a client that stops reading does, on a store
// of one read connection: reads and writes of other requests still go
// through, and the stream then ends with every incident of its snapshot.
func TestStreamHoldsNoConnectionWhileItsCallerWaits(t *testing.T) {
	eachBackendWith(t, Options{MaxOpenConns: 1}, func(t *testing.T, db *DB) {
		ctx := context.Background()
		g := generate(t, db, 2, 1200) // three batches
		if err := db.ImportIncidentBatches(ctx, batchesOf(g.incidents, len(g.incidents)), nil); err != nil {
			t.Fatal(err)
		}
		paused, resume := make(chan struct{}), make(chan struct{})
		type result struct {
			total int
			ids   []string
			err   error
		}
		done := make(chan result, 1)
		go func() {
			var r result
			r.err = db.StreamIncidents(ctx, operator, incident.Query{},
				func(total int) error { r.total = total; return nil },
				func(inc *incident.Incident) error {
					if len(r.ids) == streamBatch+10 {
						close(paused)
						<-resume
					}
					r.ids = append(r.ids, inc.ID)
					return nil
				})
			done <- r
		}()
		<-paused

		// The stream waits on its caller: the one read connection is free.
		other, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if _, total, err := db.ListIncidents(other, operator, incident.Query{Limit: 5}); err != nil || total != len(g.incidents) {
			t.Fatalf("a list while the stream waits: total %d, %v", total, err)
		}
		created := *g.incidents[0]
		created.Seq, created.ID, created.Version, created.DetectedAt = 0, "", 0, nil
		if _, _, err := db.CreateIncident(other, &created, incident.Actor{Type: incident.ActorSystem, Name: "test"}, nil, nil); err != nil {
			t.Fatalf("a creation while the stream waits: %v", err)
		}
		close(resume)

		r := <-done
		if r.err != nil {
			t.Fatal(r.err)
		}
		want := make([]string, len(g.incidents))
		for i, inc := range g.incidents {
			want[i] = inc.ID
		}
		slices.Sort(want)
		got := slices.Sorted(slices.Values(r.ids))
		if r.total != len(g.incidents) || !slices.Equal(got, want) {
			t.Errorf("stream: total %d and %d rows, want the %d incidents of its snapshot", r.total, len(r.ids), len(g.incidents))
		}
	})
}
