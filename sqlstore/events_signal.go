package sqlstore

import (
	"context"
	"sync"
	"time"
)

// Readers of the feed wait for events on a channel that the store closes
// when an event commits: at once for a commit of this process, and, for a
// commit of another server sharing the database, when a poller sees the
// event counter move. The poller runs only while someone waited in the
// last minute, and reads one row by its key every eventPollInterval.
// LISTEN/NOTIFY would need a connection held by each server outside the
// pool and exists on PostgreSQL only; a key read every 25 ms costs the
// database nothing measurable and works on both.

// eventPollInterval is how often the poller reads the event counter.
const eventPollInterval = 25 * time.Millisecond

// eventPollIdle is how long the poller runs after the last wait began: a
// wait lasts at most a minute.
const eventPollIdle = 65 * time.Second

// eventSignal is the channel of the next event commit, and the poller's
// state. Its zero value is ready.
type eventSignal struct {
	mu      sync.Mutex
	ch      chan struct{}
	polling bool
	stopped bool
	wanted  time.Time
	done    chan struct{}
}

// EventsChanged returns a channel closed when an event commits after the
// call. A reader takes it before reading, so that an event committed
// between its read and its wait still wakes it.
func (db *DB) EventsChanged() <-chan struct{} {
	s := &db.signal
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ch == nil {
		s.ch = make(chan struct{})
	}
	s.wanted = time.Now()
	if !s.polling && !s.stopped {
		if s.done == nil {
			s.done = make(chan struct{})
		}
		s.polling = true
		go db.pollEvents(s.done)
	}
	return s.ch
}

// committed wakes the waiting readers.
func (s *eventSignal) committed() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ch != nil {
		close(s.ch)
		s.ch = nil
	}
}

// stop ends the poller (the store is closing).
func (s *eventSignal) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.stopped {
		s.stopped = true
		if s.done != nil {
			close(s.done)
		}
	}
}

// pollEvents wakes the readers when the event counter moves. Its first
// read wakes them too: an event committed elsewhere between a reader's read
// and that first read would otherwise wait for the next one.
func (db *DB) pollEvents(done chan struct{}) {
	s := &db.signal
	t := time.NewTicker(eventPollInterval)
	defer t.Stop()
	last := int64(-1)
	for {
		v, err := db.eventCounter()
		if err == nil && v != last {
			last = v
			s.committed()
		}
		select {
		case <-done:
			return
		case <-t.C:
		}
		s.mu.Lock()
		if time.Since(s.wanted) > eventPollIdle {
			s.polling = false
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
	}
}

// eventCounter reads the number of the last event allocated.
func (db *DB) eventCounter() (int64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	var v int64
	err := db.r.QueryRowContext(ctx, db.d.lastEvent()).Scan(&v)
	return v, err
}
