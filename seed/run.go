package seed

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/incident"
)

// Store is what seeding writes to: customers and incidents.
type Store interface {
	incident.IncidentStore
	auth.Store
}

// BulkImporter is a Store that imports a whole data set as one operation,
// faster than batch by batch (sqlstore.DB is one): ImportIncidentBatches
// imports each batch as ImportIncidents does, in order, all or none, and
// stores a batch before asking for the next; it stores with each incident
// the freeze periods periodsOf gives for it.
type BulkImporter interface {
	ImportIncidentBatches(ctx context.Context, batches iter.Seq[[]*incident.Incident], periodsOf func(*incident.Incident) []incident.FreezePeriod) error
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
	// BatchSize is the number of incidents generated and imported at a
	// time: per transaction, unless the store is a BulkImporter, which
	// imports them all in one.
	BatchSize int
	// Progress, when set, is told the number of incidents imported so far
	// after each batch (written, not yet committed with a BulkImporter).
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
// generated incidents in batches, in one operation when the store is a
// BulkImporter. Generation runs ahead of the import in its own goroutine,
// so that the store works without waiting. PENDING incidents get their
// open freeze period once imported.
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

	progress := func(imported int) {
		if opts.Progress != nil {
			opts.Progress(imported, gen.Total())
		}
	}
	res := Result{Customers: len(plans)}
	if bulk, ok := store.(BulkImporter); ok {
		res.Incidents, err = importAll(ctx, bulk, batches, progress)
	} else {
		res.Incidents, err = importEach(ctx, store, batches, progress)
	}
	if err != nil {
		return res, err
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// importEach imports the batches one by one, each in its transaction, and
// returns the number of incidents imported.
func importEach(ctx context.Context, store incident.IncidentStore, batches <-chan generatedBatch, progress func(int)) (int, error) {
	imported := 0
	for b := range batches {
		if err := importBatch(ctx, store, b); err != nil {
			return imported, err
		}
		imported += len(b.incidents)
		progress(imported)
	}
	return imported, nil
}

// importAll imports every batch, with the open freeze periods of the
// PENDING incidents, in one operation of the store. It returns the number
// of incidents imported: all or none.
func importAll(ctx context.Context, bulk BulkImporter, batches <-chan generatedBatch, progress func(int)) (int, error) {
	written := 0
	var open map[*incident.Incident][]incident.FreezePeriod // of the batch being imported
	err := bulk.ImportIncidentBatches(ctx, func(yield func([]*incident.Incident) bool) {
		for b := range batches {
			open = make(map[*incident.Incident][]incident.FreezePeriod, len(b.pending))
			for _, p := range b.pending {
				inc := b.incidents[p.index]
				open[inc] = append(open[inc], p.period)
			}
			if !yield(b.incidents) {
				return
			}
			written += len(b.incidents)
			progress(written)
		}
	}, func(inc *incident.Incident) []incident.FreezePeriod { return open[inc] })
	if err != nil {
		return 0, fmt.Errorf("seed: importing incidents: %w", err)
	}
	return written, nil
}

// createCustomers creates the planned customers missing from the store. An
// existing customer keeps its stored name, which its new incidents carry.
func createCustomers(ctx context.Context, store auth.Store, gen *Generator, since time.Time) error {
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
	return openFreezePeriods(ctx, store, b)
}

// openFreezePeriods stores the open freeze periods of the batch's
// imported incidents.
func openFreezePeriods(ctx context.Context, store incident.IncidentStore, b generatedBatch) error {
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
