package hardening

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentd/incidentd/seed"
)

// TestAcknowledgedWritesSurviveAKill keeps the audit's durability probe: 8
// writers report incidents as fast as the server takes them, the server is
// killed (SIGKILL) in the middle, and once it runs again every incident it
// acknowledged (201) is there.
func TestAcknowledgedWritesSurviveAKill(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, database string) {
		ts := prepare(t, database, seed.CustomerPlan{ID: "acme", Name: "Acme", Incidents: 10})
		srv := startServer(t, database, "--rate-limit", "100000", "--rate-burst", "100000")
		c := newClient(t, srv)
		who := ts.writer["acme"]
		c.login(&who)

		var mu sync.Mutex
		var acknowledged []string
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
					}
					req := as(c.request(http.MethodPost, base+"/incidents", map[string]any{"description": "Written before the crash", "impact": "S3", "urgency": "U2"}), who)
					r, err := c.send(req)
					if err != nil {
						return // the server is gone
					}
					var inc struct{ ID string }
					if r.status == http.StatusCreated && json.Unmarshal(r.body, &inc) == nil {
						mu.Lock()
						acknowledged = append(acknowledged, inc.ID)
						mu.Unlock()
					}
				}
			})
		}
		time.Sleep(time.Second)
		srv.kill(t)
		close(stop)
		wg.Wait()
		if len(acknowledged) == 0 {
			t.Fatal("no write was acknowledged before the kill")
		}

		srv.start(t)
		c.base = srv.url
		lost := 0
		for batch := range slices.Chunk(acknowledged, 400) {
			r := c.must(as(c.request(http.MethodGet, base+"/incidents?limit=1&fields=id&id="+strings.Join(batch, ","), nil), who))
			found, _ := strconv.Atoi(r.header.Get("X-Total-Count"))
			if r.status != http.StatusOK {
				t.Fatalf("listing the acknowledged incidents: %d %s", r.status, excerpt(r.body))
			}
			lost += len(batch) - found
		}
		t.Logf("%d writes acknowledged before the kill, %d lost", len(acknowledged), lost)
		if lost > 0 {
			t.Errorf("%d of %d acknowledged incidents lost", lost, len(acknowledged))
		}
	})
}
