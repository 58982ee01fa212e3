package storetest

import (
	"sync"
	"testing"

	"github.com/incidentd/incidentd/incident"
)

func testIdempotencySequential(t *testing.T, f *fixture) {
	key := &incident.Idempotency{ClientID: "acme-app", Key: "k-1", RequestHash: "h-1"}
	first, replayed, err := f.s.CreateIncident(f.ctx, newIncident(acme), customerActor, key, nil)
	if err != nil || replayed {
		t.Fatalf("first request: replayed %t, error %v", replayed, err)
	}
	again, replayed, err := f.s.CreateIncident(f.ctx, newIncident(acme, withDescription("retry")), customerActor, key, nil)
	if err != nil || !replayed {
		t.Fatalf("retry: replayed %t, error %v; want the first incident replayed", replayed, err)
	}
	sameIncident(t, "replayed incident", first, again)

	other := *key
	other.RequestHash = "h-2"
	_, _, err = f.s.CreateIncident(f.ctx, newIncident(acme), customerActor, &other, nil)
	wantCode(t, "same key, other request", err, incident.CodeIdempotencyReused)

	// Keys belong to one client: another client's same key is new.
	otherClient := *key
	otherClient.ClientID = "acme-other"
	second, replayed, err := f.s.CreateIncident(f.ctx, newIncident(acme), customerActor, &otherClient, nil)
	if err != nil || replayed || second.ID == first.ID {
		t.Errorf("other client's key: %v replayed %t error %v; want a new incident", second, replayed, err)
	}
	if _, total := f.list(operator, incident.Query{}); total != 2 {
		t.Errorf("%d incidents stored, want 2", total)
	}
	// A failed creation releases its key.
	failing := &incident.Idempotency{ClientID: "acme-app", Key: "k-fail", RequestHash: "h"}
	if _, _, err := f.s.CreateIncident(f.ctx, newIncident("nobody"), customerActor, failing, nil); err == nil {
		t.Fatal("creation for an unknown customer succeeded")
	}
	if _, replayed, err := f.s.CreateIncident(f.ctx, newIncident(acme), customerActor, failing, nil); err != nil || replayed {
		t.Errorf("key of a failed creation: replayed %t, error %v; want a fresh creation", replayed, err)
	}
}

// testIdempotencyConcurrent sends the same request 50 times at once:
// exactly one incident is created and every request gets it.
func testIdempotencyConcurrent(t *testing.T, f *fixture) {
	const n = 50
	key := &incident.Idempotency{ClientID: "acme-app", Key: "burst", RequestHash: "h"}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		gotIDs   = map[string]int{}
		creators int
		failures []error
	)
	for range n {
		wg.Go(func() {
			inc, replayed, err := f.s.CreateIncident(f.ctx, newIncident(acme), customerActor, key, nil)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				failures = append(failures, err)
				return
			}
			gotIDs[inc.ID]++
			if !replayed {
				creators++
			}
		})
	}
	wg.Wait()
	if len(failures) > 0 {
		t.Fatalf("%d of %d requests failed, first: %v", len(failures), n, failures[0])
	}
	if len(gotIDs) != 1 || creators != 1 {
		t.Errorf("%d distinct incidents returned, %d requests created one; want 1 and 1", len(gotIDs), creators)
	}
	if _, total := f.list(operator, incident.Query{}); total != 1 {
		t.Errorf("%d incidents stored, want 1", total)
	}
}
