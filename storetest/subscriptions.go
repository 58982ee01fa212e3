package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/webhook"
)

// Webhook subscriptions (spec §11.2): kept per owner, bounded per owner,
// leased to one delivery worker at a time, their progress stored only by
// the lease holder on the version it worked on.

func (f *fixture) subscription(owner incident.Scope, callback string) *webhook.Subscription {
	f.t.Helper()
	now := f.clock()
	s := &webhook.Subscription{
		ID: fmt.Sprintf("sub_%d_%s", now.UnixNano(), callback), Owner: owner, Callback: callback, Query: "priority=P1",
		Status: webhook.StatusActive, Secret: "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0", CreatedAt: now, UpdatedAt: now, Version: 1,
	}
	if err := f.s.CreateSubscription(f.ctx, s, webhook.MaxPerOwner); err != nil {
		f.t.Fatalf("create subscription: %v", err)
	}
	f.advance(time.Millisecond)
	return s
}

func testSubscriptions(t *testing.T, f *fixture) {
	a := f.subscription(acmeScope, "https://a.example/1")
	f.subscription(acmeScope, "https://a.example/2")
	g := f.subscription(globexScope, "https://g.example/1")
	op := f.subscription(operator, "https://noc.example/1")

	got, err := f.s.GetSubscription(f.ctx, acmeScope, a.ID)
	if err != nil || got.Callback != a.Callback || got.Query != "priority=P1" || got.Status != webhook.StatusActive ||
		got.Secret != a.Secret || got.Owner != acmeScope || !got.CreatedAt.Equal(a.CreatedAt) || got.Version != 1 {
		t.Fatalf("get: %+v, %v", got, err)
	}
	// Another owner's subscription is not found, as a missing one.
	for _, c := range []struct {
		owner incident.Scope
		id    string
	}{{globexScope, a.ID}, {acmeScope, g.ID}, {operator, a.ID}, {acmeScope, op.ID}, {acmeScope, "sub_missing"}} {
		if _, err := f.s.GetSubscription(f.ctx, c.owner, c.id); incident.ErrorCode(err) != incident.CodeNotFound {
			t.Errorf("get %s as %+v: %v, want not found", c.id, c.owner, err)
		}
		if err := f.s.DeleteSubscription(f.ctx, c.owner, c.id); incident.ErrorCode(err) != incident.CodeNotFound {
			t.Errorf("delete %s as %+v: %v, want not found", c.id, c.owner, err)
		}
		_, err := f.s.UpdateSubscription(f.ctx, c.owner, c.id, func(*webhook.Subscription) error { return nil })
		if incident.ErrorCode(err) != incident.CodeNotFound {
			t.Errorf("update %s as %+v: %v, want not found", c.id, c.owner, err)
		}
		if _, _, err := f.s.ListDeliveries(f.ctx, c.owner, c.id, 0, 10); incident.ErrorCode(err) != incident.CodeNotFound {
			t.Errorf("deliveries of %s as %+v: %v, want not found", c.id, c.owner, err)
		}
	}
	for owner, want := range map[incident.Scope]int{acmeScope: 2, globexScope: 1, operator: 1} {
		list, err := f.s.ListSubscriptions(f.ctx, owner)
		if err != nil || len(list) != want {
			t.Errorf("list of %+v: %d, %v; want %d", owner, len(list), err, want)
		}
		for _, s := range list {
			if s.Owner != owner {
				t.Errorf("list of %+v holds %s of %+v", owner, s.ID, s.Owner)
			}
		}
	}

	updated, err := f.s.UpdateSubscription(f.ctx, acmeScope, a.ID, func(s *webhook.Subscription) error {
		s.Callback, s.Status, s.DisabledReason = "https://a.example/new", webhook.StatusDisabled, "paused"
		s.After = "e5"
		return nil
	})
	if err != nil || updated.Version != 2 || updated.Callback != "https://a.example/new" {
		t.Fatalf("update: %+v, %v", updated, err)
	}
	got, _ = f.s.GetSubscription(f.ctx, acmeScope, a.ID)
	if got.Status != webhook.StatusDisabled || got.DisabledReason != "paused" || got.After != "e5" || got.Version != 2 {
		t.Fatalf("after update: %+v", got)
	}

	if err := f.s.DeleteSubscription(f.ctx, acmeScope, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.GetSubscription(f.ctx, acmeScope, a.ID); incident.ErrorCode(err) != incident.CodeNotFound {
		t.Fatalf("deleted subscription: %v", err)
	}
}

// At most MaxPerOwner subscriptions per owner, even when they are
// created concurrently; a deletion makes room.
func testSubscriptionsLimit(t *testing.T, f *fixture) {
	var wg sync.WaitGroup
	errs := make(chan error, webhook.MaxPerOwner+5)
	for i := range webhook.MaxPerOwner + 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := &webhook.Subscription{ID: fmt.Sprintf("sub_limit_%d", i), Owner: acmeScope, Callback: "https://a.example",
				Status: webhook.StatusActive, Secret: "whsec_x", CreatedAt: start, UpdatedAt: start, Version: 1}
			errs <- f.s.CreateSubscription(f.ctx, s, webhook.MaxPerOwner)
		}()
	}
	wg.Wait()
	close(errs)
	refused := 0
	for err := range errs {
		switch {
		case incident.ErrorCode(err) == incident.CodeInvalidBodyField:
			refused++
		case err != nil:
			t.Fatalf("create: %v", err)
		}
	}
	list, _ := f.s.ListSubscriptions(f.ctx, acmeScope)
	if refused != 5 || len(list) != webhook.MaxPerOwner {
		t.Fatalf("%d refused, %d kept; want 5 and %d", refused, len(list), webhook.MaxPerOwner)
	}
	// Other owners have their own room.
	f.subscription(globexScope, "https://g.example")
	if err := f.s.DeleteSubscription(f.ctx, acmeScope, list[0].ID); err != nil {
		t.Fatal(err)
	}
	f.subscription(acmeScope, "https://a.example/again")
}

// One worker holds a subscription at a time; progress is stored by the
// holder only, on the version it read; a lease expires or is released.
func testSubscriptionLeases(t *testing.T, f *fixture) {
	s := f.subscription(acmeScope, "https://a.example/1")
	disabled := f.subscription(acmeScope, "https://a.example/2")
	if _, err := f.s.UpdateSubscription(f.ctx, acmeScope, disabled.ID, func(s *webhook.Subscription) error {
		s.Status = webhook.StatusDisabled
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	until := f.clock().Add(10 * time.Second)

	// Two workers race for the free subscriptions: each is won once; the
	// disabled one by nobody.
	var wg sync.WaitGroup
	claims := make([][]string, 2)
	for i, w := range []string{"w1", "w2"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ids, err := f.s.ClaimSubscriptions(f.ctx, w, until, 10)
			if err != nil {
				t.Errorf("claim by %s: %v", w, err)
			}
			claims[i] = ids
		}()
	}
	wg.Wait()
	all := append(append([]string{}, claims[0]...), claims[1]...)
	if len(all) != 1 || all[0] != s.ID {
		t.Fatalf("claims %v, want %s once", claims, s.ID)
	}
	holder, other := "w1", "w2"
	if len(claims[1]) == 1 {
		holder, other = "w2", "w1"
	}

	if _, held, err := f.s.RenewLease(f.ctx, s.ID, other, until); held || err != nil {
		t.Fatalf("renewed by a worker without the lease: %v %v", held, err)
	}
	got, held, err := f.s.RenewLease(f.ctx, s.ID, holder, until)
	if !held || err != nil || got.Secret != s.Secret || got.Owner != acmeScope {
		t.Fatalf("renew by the holder: %+v %v %v", got, held, err)
	}

	// All of a worker's leases in one statement, with their versions.
	if held, err := f.s.RenewLeases(f.ctx, holder, until); err != nil || len(held) != 1 || held[s.ID] != 1 {
		t.Fatalf("renew the holder's leases: %v %v", held, err)
	}
	if held, err := f.s.RenewLeases(f.ctx, other, until); err != nil || len(held) != 0 {
		t.Fatalf("renew another worker's leases: %v %v", held, err)
	}

	p := webhook.Progress{After: "e3", Attempt: 2, FailingSince: f.clock(), NextAttemptAt: f.clock().Add(time.Minute)}
	d := &webhook.Delivery{EventID: "ev1", Attempt: 2, At: f.clock(), StatusCode: 500, Error: "status 500", Duration: 12 * time.Millisecond}
	if ok, err := f.s.RecordDelivery(f.ctx, s.ID, other, 1, d, p, ""); ok || err != nil {
		t.Fatalf("recorded by a worker without the lease: %v %v", ok, err)
	}
	if ok, err := f.s.RecordDelivery(f.ctx, s.ID, holder, 1, d, p, ""); !ok || err != nil {
		t.Fatalf("record by the holder: %v %v", ok, err)
	}
	got, _ = f.s.GetSubscription(f.ctx, acmeScope, s.ID)
	if got.After != "e3" || got.Attempt != 2 || !got.FailingSince.Equal(p.FailingSince) || !got.NextAttemptAt.Equal(p.NextAttemptAt) {
		t.Fatalf("progress %+v, want %+v", got.Progress, p)
	}
	// Both attempts are in the log (the refused progress, not the attempt),
	// newest first, with what they found.
	log, total, err := f.s.ListDeliveries(f.ctx, acmeScope, s.ID, 0, 10)
	if err != nil || total != 2 || len(log) != 2 || log[0].EventID != "ev1" || log[0].StatusCode != 500 ||
		log[0].Error != "status 500" || log[0].Duration != 12*time.Millisecond || !log[0].At.Equal(d.At) {
		t.Fatalf("log %+v (%d), %v", log, total, err)
	}

	// A change by the subscriber makes the worker's next record refused:
	// it reads the subscription again.
	if _, err := f.s.UpdateSubscription(f.ctx, acmeScope, s.ID, func(s *webhook.Subscription) error {
		s.Progress = webhook.Progress{After: "e1"}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := f.s.RecordDelivery(f.ctx, s.ID, holder, 1, nil, webhook.Progress{After: "e9"}, ""); ok {
		t.Fatal("progress stored on a stale version")
	}
	got, _ = f.s.GetSubscription(f.ctx, acmeScope, s.ID)
	if got.After != "e1" || got.Version != 2 {
		t.Fatalf("after the subscriber's change: %+v", got)
	}
	if ok, _ := f.s.RecordDelivery(f.ctx, s.ID, holder, 2, nil, webhook.Progress{After: "e4"}, "gone"); !ok {
		t.Fatal("disable refused")
	}
	got, _ = f.s.GetSubscription(f.ctx, acmeScope, s.ID)
	if got.Status != webhook.StatusDisabled || got.DisabledReason != "gone" || got.After != "e4" {
		t.Fatalf("disabled: %+v", got)
	}
	if _, held, _ := f.s.RenewLease(f.ctx, s.ID, holder, until); held {
		t.Fatal("a disabled subscription's lease was renewed")
	}
	if held, _ := f.s.RenewLeases(f.ctx, holder, until); len(held) != 0 {
		t.Fatalf("a disabled subscription's lease was renewed: %v", held)
	}

	// Made active again: claimable once the lease expires, or at once
	// when released.
	if _, err := f.s.UpdateSubscription(f.ctx, acmeScope, s.ID, func(s *webhook.Subscription) error {
		s.Status = webhook.StatusActive
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if ids, _ := f.s.ClaimSubscriptions(f.ctx, other, until, 10); len(ids) != 0 {
		t.Fatalf("claimed %v under a live lease", ids)
	}
	f.advance(11 * time.Second)
	if ids, _ := f.s.ClaimSubscriptions(f.ctx, other, f.clock().Add(10*time.Second), 10); len(ids) != 1 {
		t.Fatalf("expired lease not taken over: %v", ids)
	}
	if err := f.s.ReleaseLease(f.ctx, s.ID, other); err != nil {
		t.Fatal(err)
	}
	if ids, _ := f.s.ClaimSubscriptions(f.ctx, holder, f.clock().Add(10*time.Second), 10); len(ids) != 1 {
		t.Fatalf("released lease not taken: %v", ids)
	}
}

// The delivery log pages newest first and keeps a bounded history.
func testDeliveryLog(t *testing.T, f *fixture) {
	s := f.subscription(operator, "https://noc.example")
	if ids, err := f.s.ClaimSubscriptions(f.ctx, "w", f.clock().Add(time.Hour), 10); err != nil || len(ids) != 1 {
		t.Fatalf("claim: %v %v", ids, err)
	}
	const n = 1300
	for i := range n {
		d := &webhook.Delivery{EventID: fmt.Sprintf("ev%04d", i), Attempt: 1, At: f.clock(), StatusCode: 204}
		if ok, err := f.s.RecordDelivery(f.ctx, s.ID, "w", 1, d, webhook.Progress{}, ""); !ok || err != nil {
			t.Fatalf("record %d: %v %v", i, ok, err)
		}
	}
	page, total, err := f.s.ListDeliveries(f.ctx, operator, s.ID, 10, 5)
	if err != nil || len(page) != 5 || page[0].EventID != fmt.Sprintf("ev%04d", n-11) || page[4].EventID != fmt.Sprintf("ev%04d", n-15) {
		t.Fatalf("page: %+v, %v", page, err)
	}
	if total < 1000 || total >= n {
		t.Fatalf("log of %d entries after %d deliveries: not pruned to about 1000", total, n)
	}
	if page[0].StatusCode != 204 || page[0].Error != "" {
		t.Fatalf("entry %+v", page[0])
	}
}
