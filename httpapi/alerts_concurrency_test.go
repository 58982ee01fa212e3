package httpapi_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/incidentd/incidentd/alerts"
)

// 1,000 alert deliveries in bursts of 100 concurrent requests, each of 250
// alerts delivered four times in a shuffled order, open exactly one
// incident per fingerprint.
func TestConcurrentAlertDeliveries(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		f := newAlertFixture(e, "acme", alerts.NewIntegration{})
		const fingerprints, copies, burst = 250, 4, 100
		startsAt := e.clock.Now().Add(-time.Minute)
		var deliveries []amAlert // one request each
		for c := 0; c < copies; c++ {
			for i := 0; i < fingerprints; i++ {
				deliveries = append(deliveries, amAlert{fingerprint: fmt.Sprintf("fp-%03d", i), startsAt: startsAt,
					annotations: map[string]string{"summary": fmt.Sprintf("Alert %d", i)}})
			}
		}
		rng := rand.New(rand.NewPCG(14, 2026))
		rng.Shuffle(len(deliveries), func(i, j int) { deliveries[i], deliveries[j] = deliveries[j], deliveries[i] })

		var (
			mu       sync.Mutex
			incident = map[string]string{} // fingerprint → incident
			created  = map[string]int{}
			alerts   int
		)
		for start := 0; start < len(deliveries); start += burst {
			var wg sync.WaitGroup
			for _, d := range deliveries[start:min(start+burst, len(deliveries))] {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r := f.notify(amPayload(d))
					if r.status != http.StatusOK {
						t.Errorf("status %d: %s", r.status, r.body)
						return
					}
					var receipt struct {
						Alerts []struct{ Fingerprint, IncidentID, Effect string }
					}
					r.decode(t, &receipt)
					mu.Lock()
					defer mu.Unlock()
					for _, a := range receipt.Alerts {
						alerts++
						if prev, seen := incident[a.Fingerprint]; seen && prev != a.IncidentID {
							t.Errorf("%s: incidents %s and %s", a.Fingerprint, prev, a.IncidentID)
						}
						incident[a.Fingerprint] = a.IncidentID
						if a.Effect == "created" {
							created[a.Fingerprint]++
						} else if a.Effect != "unchanged" {
							t.Errorf("%s: effect %s", a.Fingerprint, a.Effect)
						}
					}
				}()
			}
			wg.Wait()
		}
		t.Logf("%d alerts in %d requests", alerts, len(deliveries))
		if alerts != fingerprints*copies {
			t.Errorf("%d alerts answered, want %d", alerts, fingerprints*copies)
		}
		distinct := map[string]bool{}
		for fp, id := range incident {
			distinct[id] = true
			if created[fp] != 1 {
				t.Errorf("%s: created %d times", fp, created[fp])
			}
		}
		if len(incident) != fingerprints || len(distinct) != fingerprints {
			t.Errorf("%d fingerprints, %d incidents; want %d of each", len(incident), len(distinct), fingerprints)
		}
		if n := f.incidentCount(); n != fingerprints {
			t.Errorf("%d incidents stored, want %d", n, fingerprints)
		}
	})
}
