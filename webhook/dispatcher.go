package webhook

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
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
// holding its lease in the store, renewed while it works (one statement
// for all of a server's leases); a server that
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
	running map[string]*delivery
	wg      sync.WaitGroup
}

// delivery is a subscription this server delivers, as the dispatcher
// keeps track of it.
type delivery struct {
	wake    chan struct{}      // the subscription may have changed: read it again
	stop    context.CancelFunc // the lease is lost: stop
	version atomic.Int64       // the subscription's version the delivery works on
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
		d.running = map[string]*delivery{}
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
	renew := time.NewTicker(d.LeaseTTL / 3)
	defer renew.Stop()
	for {
		d.claim(ctx)
		select {
		case <-ctx.Done():
			d.wg.Wait()
			return
		case <-tick.C:
		case <-renew.C:
			d.renew(ctx)
		case <-d.wake:
			d.mu.Lock()
			for _, dl := range d.running {
				signal(dl.wake)
			}
			d.mu.Unlock()
		}
	}
}

// renew extends, in one statement, the leases of every subscription this
// server delivers, every third of their life: a delivery whose lease is
// gone (taken over after a stall, or its subscription disabled or
// deleted) stops; one whose subscription changed reads it again.
func (d *Dispatcher) renew(ctx context.Context) {
	held, err := d.Store.RenewLeases(ctx, d.id, d.now().Add(d.LeaseTTL))
	if err != nil {
		if ctx.Err() == nil {
			d.Logger.Error("webhook: renew leases", "err", err)
		}
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for id, dl := range d.running {
		switch v, ok := held[id]; {
		case !ok:
			dl.stop()
		case v != dl.version.Load():
			signal(dl.wake)
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
		dctx, stop := context.WithCancel(ctx)
		dl := &delivery{wake: make(chan struct{}, 1), stop: stop}
		d.running[id] = dl
		d.wg.Add(1)
		go func() {
			defer d.wg.Done()
			defer stop()
			d.deliver(dctx, id, dl)
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
