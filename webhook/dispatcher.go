package webhook

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// Defaults of the Dispatcher.
const (
	DefaultRetryInitial  = 5 * time.Second
	DefaultRetryMaxAge   = 24 * time.Hour
	DefaultMaxConcurrent = 32
	DefaultLeaseTTL      = 15 * time.Second
	DefaultPollInterval  = time.Second
	// maxRetryInterval caps the time between two attempts (spec §11.3).
	maxRetryInterval = time.Hour
	// claimBatch is how many free subscriptions one look takes at most.
	claimBatch = 100
)

// Dispatcher delivers the events of every active subscription (spec
// §11.3). Each subscription is delivered by one server at a time, the one
// holding its lease in the store, renewed while it works; a server that
// dies hands its subscriptions over once their leases expire. A
// subscription's events go out one after the other, in cursor order, each
// retried until it succeeds or is given up; subscriptions are independent
// of each other, so a dead receiver only holds its own, and at most
// MaxConcurrent deliveries are in flight at once.
type Dispatcher struct {
	Store  Store
	Events incident.EventStore
	// Filter parses a subscription's query for its owner's role
	// (contract.ParseSubscriptionQuery).
	Filter func(query string, role incident.Role) (incident.EventFilter, error)
	// Render appends the body of an event as the role may see it
	// (contract.AppendEventJSON): the feed's bytes.
	Render func(dst []byte, e *incident.Event, role incident.Role) []byte
	Logger *slog.Logger
	// AllowPrivate lifts the callback rules (https, public addresses).
	AllowPrivate bool
	// RetryInitial is the wait before the first retry, doubled at each
	// retry up to an hour; RetryMaxAge is how long an event is retried
	// before the subscription is disabled. Zero: the defaults.
	RetryInitial time.Duration
	RetryMaxAge  time.Duration
	// MaxConcurrent bounds the deliveries in flight; LeaseTTL is how long
	// a server holds a subscription without renewing; PollInterval is how
	// often free subscriptions are looked for. Zero: the defaults.
	MaxConcurrent int
	LeaseTTL      time.Duration
	PollInterval  time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time

	id      string // this server's lease owner name
	client  *http.Client
	slots   chan struct{}
	wake    chan struct{}
	once    sync.Once
	mu      sync.Mutex
	running map[string]chan struct{} // each runner's wake-up
	wg      sync.WaitGroup
}

func (d *Dispatcher) init() {
	d.once.Do(func() {
		d.id = "w_" + strings.ToLower(rand.Text())
		if d.Logger == nil {
			d.Logger = slog.Default()
		}
		if d.RetryInitial <= 0 {
			d.RetryInitial = DefaultRetryInitial
		}
		if d.RetryMaxAge <= 0 {
			d.RetryMaxAge = DefaultRetryMaxAge
		}
		if d.MaxConcurrent <= 0 {
			d.MaxConcurrent = DefaultMaxConcurrent
		}
		if d.LeaseTTL <= 0 {
			d.LeaseTTL = DefaultLeaseTTL
		}
		if d.PollInterval <= 0 {
			d.PollInterval = DefaultPollInterval
		}
		d.client = newClient(d.AllowPrivate)
		d.slots = make(chan struct{}, d.MaxConcurrent)
		d.wake = make(chan struct{}, 1)
		d.running = map[string]chan struct{}{}
	})
}

// Wake tells the dispatcher that subscriptions changed (created, patched,
// replayed, deleted): it looks for free ones and its running deliveries
// read their subscription again, at once rather than at the next poll.
func (d *Dispatcher) Wake() {
	d.init()
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run delivers until ctx ends, then waits for the deliveries under way to
// stop and hands their subscriptions back.
func (d *Dispatcher) Run(ctx context.Context) {
	d.init()
	tick := time.NewTicker(d.PollInterval)
	defer tick.Stop()
	for {
		d.claim(ctx)
		select {
		case <-ctx.Done():
			d.wg.Wait()
			return
		case <-tick.C:
		case <-d.wake:
			d.mu.Lock()
			for _, w := range d.running {
				signal(w)
			}
			d.mu.Unlock()
		}
	}
}

// claim takes the free subscriptions and starts delivering each.
func (d *Dispatcher) claim(ctx context.Context) {
	ids, err := d.Store.ClaimSubscriptions(ctx, d.id, d.now().Add(d.LeaseTTL), claimBatch)
	if err != nil {
		if ctx.Err() == nil {
			d.Logger.Error("webhook: claim subscriptions", "err", err)
		}
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, id := range ids {
		if _, ok := d.running[id]; ok {
			continue // its lease was renewed by the claim
		}
		w := make(chan struct{}, 1)
		d.running[id] = w
		d.wg.Add(1)
		go func() {
			defer d.wg.Done()
			d.deliver(ctx, id, w)
			d.mu.Lock()
			delete(d.running, id)
			d.mu.Unlock()
		}()
	}
}

func signal(w chan struct{}) {
	select {
	case w <- struct{}{}:
	default:
	}
}

func (d *Dispatcher) now() time.Time {
	if d.Now == nil {
		return time.Now().UTC()
	}
	return d.Now().UTC()
}
