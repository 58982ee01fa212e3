package seed

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// Store is what seeding writes to: customers and incidents.
type Store interface {
	incident.IncidentStore
	incident.AuthStore
}

// Defaults of Options.
const (
	DefaultCustomers = 10
	DefaultIncidents = 10_000
	DefaultBatchSize = 10_000
)

// Options describe a data set to load into a store.
type Options struct {
	// Customers and Incidents size a data set of generated customers with a
	// realistic skew. Zero: DefaultCustomers, DefaultIncidents.
	Customers int
	Incidents int
	// Plans, when set, names the customers and their incidents instead
	// (BenchPlans, for instance); Customers and Incidents are then ignored.
	Plans []CustomerPlan
	Seed  uint64
	// From, To and Matrix are those of Config.
	From, To time.Time
	Matrix   incident.Matrix
	// BatchSize is the number of incidents per import transaction.
	BatchSize int
	// Progress, when set, is told the number of incidents imported so far
	// after each batch.
	Progress func(imported, total int)
}

// Result tells what Run loaded and how fast.
type Result struct {
	Customers int
	Incidents int
	Elapsed   time.Duration
}

// Rate is the number of incidents loaded per second.
func (r Result) Rate() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Incidents) / r.Elapsed.Seconds()
}

// Run creates the customers that do not exist yet and imports their
// generated incidents in batches. Generation runs ahead of the import in
// its own goroutine, so that the store works without waiting. PENDING
// incidents get their open freeze period once imported.
//
// On a store that already holds incidents, the new ones get the next ids,
// so ids then no longer follow creation times across the two loads.
func Run(ctx context.Context, store Store, opts Options) (Result, error) {
	start := time.Now()
	plans := opts.Plans
	if len(plans) == 0 {
		customers, incidents := opts.Customers, opts.Incidents
		if customers <= 0 {
			customers = DefaultCustomers
		}
		if incidents <= 0 {
			incidents = DefaultIncidents
		}
		plans = Plans(customers, incidents, opts.Seed)
	}
	batch := opts.BatchSize
	if batch <= 0 {
		batch = DefaultBatchSize
	}
	gen, err := NewGenerator(Config{Seed: opts.Seed, Customers: plans, From: opts.From, To: opts.To, Matrix: opts.Matrix})
	if err != nil {
		return Result{}, err
	}
	from, _ := gen.Window()
	if err := createCustomers(ctx, store, gen, from); err != nil {
		return Result{}, err
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan generatedBatch, 2)
	go produceBatches(ctx, gen, batch, batches)

	res := Result{Customers: len(plans)}
	for b := range batches {
		if err := importBatch(ctx, store, b); err != nil {
			return res, err
		}
		res.Incidents += len(b.incidents)
		if opts.Progress != nil {
			opts.Progress(res.Incidents, gen.Total())
		}
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// createCustomers creates the planned customers missing from the store. An
// existing customer keeps its stored name, which its new incidents carry.
func createCustomers(ctx context.Context, store incident.AuthStore, gen *Generator, since time.Time) error {
	for _, p := range gen.profiles {
		existing, err := store.GetCustomer(ctx, p.ref.ID)
		switch {
		case err == nil:
			p.ref.Name = existing.Name
		case incident.ErrorCode(err) == incident.CodeNotFound:
			c := incident.Customer{ID: p.ref.ID, Name: p.ref.Name, CreatedAt: since}
			if err := store.CreateCustomer(ctx, c); err != nil {
				return fmt.Errorf("seed: creating customer %s: %w", c.ID, err)
			}
		default:
			return fmt.Errorf("seed: reading customer %s: %w", p.ref.ID, err)
		}
	}
	return nil
}

type generatedBatch struct {
	incidents []*incident.Incident
	pending   []pendingPeriod
}

// pendingPeriod is the open freeze period of the batch's incident at index.
type pendingPeriod struct {
	index  int
	period incident.FreezePeriod
}

// produceBatches generates every incident into batches of size n and
// closes out when done or when ctx ends.
func produceBatches(ctx context.Context, gen *Generator, n int, out chan<- generatedBatch) {
	defer close(out)
	for {
		b := generatedBatch{incidents: make([]*incident.Incident, 0, min(n, gen.Total()))}
		for len(b.incidents) < n {
			inc, periods := gen.Next()
			if inc == nil {
				break
			}
			for _, p := range periods {
				b.pending = append(b.pending, pendingPeriod{len(b.incidents), p})
			}
			b.incidents = append(b.incidents, inc)
		}
		if len(b.incidents) == 0 {
			return
		}
		select {
		case out <- b:
		case <-ctx.Done():
			return
		}
	}
}

// importBatch imports the batch's incidents, then stores their open freeze
// periods.
func importBatch(ctx context.Context, store incident.IncidentStore, b generatedBatch) error {
	if err := store.ImportIncidents(ctx, b.incidents); err != nil {
		return fmt.Errorf("seed: importing incidents: %w", err)
	}
	for _, p := range b.pending {
		if err := openFreezePeriod(ctx, store, b.incidents[p.index], p.period); err != nil {
			return err
		}
	}
	return nil
}

// openFreezePeriod stores the open period of an imported PENDING incident.
// The imported clock already counts it; recomputing it from the stored
// periods keeps the two in step whatever the store did.
func openFreezePeriod(ctx context.Context, store incident.IncidentStore, inc *incident.Incident, p incident.FreezePeriod) error {
	if inc.ID == "" {
		return errors.New("seed: the store imported an incident without giving it an id")
	}
	_, err := store.UpdateIncident(ctx, incident.Scope{Operator: true}, inc.ID, func(e *incident.Edit) error {
		e.Periods = append(e.Periods, p)
		in := e.Incident
		in.Clock = incident.ComputeClock(in.ClockStart(), in.ClockStop(), in.Clock.TargetSeconds, e.Periods)
		return nil
	})
	if err != nil {
		return fmt.Errorf("seed: opening the freeze period of %s: %w", inc.ID, err)
	}
	return nil
}
