package storetest

import (
	"testing"
	"time"

	"github.com/incidentd/incidentd/account"
	"github.com/incidentd/incidentd/incident"
)

func testUsers(t *testing.T, f *fixture) {
	viewer, err := f.s.CreateUser(f.ctx, account.User{Email: "ann@acme.example", Name: "Ann", CustomerID: acme,
		Role: account.RoleViewer, PasswordHash: "hash-1", CreatedAt: start})
	if err != nil || viewer.ID == 0 {
		t.Fatalf("create user: %+v, %v", viewer, err)
	}
	agent, err := f.s.CreateUser(f.ctx, account.User{Email: "bob@provider.example", Name: "Bob", Role: account.RoleAgent, PasswordHash: "hash-2"})
	if err != nil || agent.ID == viewer.ID || !agent.CreatedAt.Equal(start) {
		t.Fatalf("create agent: %+v, %v (want the transaction's instant as creation time)", agent, err)
	}
	if _, err := f.s.CreateUser(f.ctx, account.User{Email: "ann@acme.example", Name: "Again", CustomerID: globex, Role: account.RoleViewer, PasswordHash: "h"}); err == nil {
		t.Error("second user with the same email accepted")
	}
	_, err = f.s.CreateUser(f.ctx, account.User{Email: "eve@nowhere.example", Name: "Eve", CustomerID: "nobody", Role: account.RoleViewer, PasswordHash: "h"})
	wantCode(t, "user of an unknown customer", err, incident.CodeInvalidBodyField)

	got, err := f.s.GetUserByEmail(f.ctx, "ann@acme.example")
	if err != nil || got != viewer {
		t.Errorf("by email: %+v, %v; want %+v", got, err, viewer)
	}
	got, err = f.s.GetUser(f.ctx, agent.ID)
	if err != nil || got.Email != agent.Email || got.CustomerID != "" || got.Role != account.RoleAgent {
		t.Errorf("by id: %+v, %v", got, err)
	}
	_, err = f.s.GetUserByEmail(f.ctx, "nobody@acme.example")
	wantCode(t, "unknown email", err, incident.CodeNotFound)
	_, err = f.s.GetUser(f.ctx, 999_999)
	wantCode(t, "unknown id", err, incident.CodeNotFound)

	mine, err := f.s.ListUsers(f.ctx, acme)
	if err != nil || len(mine) != 1 || mine[0].ID != viewer.ID {
		t.Errorf("acme's users: %+v, %v", mine, err)
	}
	all, err := f.s.ListUsers(f.ctx, "")
	if err != nil || len(all) != 2 || all[0].Email != "ann@acme.example" || all[1].Email != "bob@provider.example" {
		t.Errorf("every user, by email: %+v, %v", all, err)
	}

	if err := f.s.SetUserPassword(f.ctx, viewer.ID, "hash-3"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "password of an unknown user", f.s.SetUserPassword(f.ctx, 999_999, "h"), incident.CodeNotFound)
	if got, _ := f.s.GetUser(f.ctx, viewer.ID); got.PasswordHash != "hash-3" {
		t.Errorf("password hash %q after the change", got.PasswordHash)
	}

	disabled := start.Add(time.Hour)
	if err := f.s.DisableUser(f.ctx, viewer.ID, disabled); err != nil {
		t.Fatal(err)
	}
	if err := f.s.DisableUser(f.ctx, viewer.ID, disabled.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.s.GetUser(f.ctx, viewer.ID); got.DisabledAt == nil || !got.DisabledAt.Equal(disabled) {
		t.Errorf("disabled at %v, want the first time %v", got.DisabledAt, disabled)
	}
	wantCode(t, "disabling an unknown user", f.s.DisableUser(f.ctx, 999_999, disabled), incident.CodeNotFound)
}

func testSessions(t *testing.T, f *fixture) {
	ann, err := f.s.CreateUser(f.ctx, account.User{Email: "ann@acme.example", Name: "Ann", CustomerID: acme, Role: account.RoleReporter, PasswordHash: "h"})
	if err != nil {
		t.Fatal(err)
	}
	bob, err := f.s.CreateUser(f.ctx, account.User{Email: "bob@provider.example", Name: "Bob", Role: account.RoleAdmin, PasswordHash: "h"})
	if err != nil {
		t.Fatal(err)
	}
	session := func(hash string, u account.User, created time.Time, lifetime time.Duration) account.Session {
		s := account.Session{IDHash: hash, UserID: u.ID, CreatedAt: created, ExpiresAt: created.Add(lifetime), Address: "192.0.2.1", UserAgent: "test"}
		if err := f.s.CreateSession(f.ctx, s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	first := session("s1", ann, start, time.Hour)
	second := session("s2", ann, start.Add(time.Minute), 3*time.Hour)
	session("s3", bob, start, time.Hour)
	if err := f.s.CreateSession(f.ctx, account.Session{IDHash: "s4", UserID: 999_999, CreatedAt: start, ExpiresAt: start.Add(time.Hour)}); err == nil {
		t.Error("session of an unknown user accepted")
	}

	got, user, err := f.s.GetSession(f.ctx, "s1", start.Add(time.Minute))
	if err != nil || got != first || user.ID != ann.ID || user.Email != ann.Email || user.Role != account.RoleReporter {
		t.Errorf("get session: %+v %+v, %v", got, user, err)
	}
	_, _, err = f.s.GetSession(f.ctx, "s1", first.ExpiresAt)
	wantCode(t, "a session at its expiry", err, incident.CodeNotFound)
	_, _, err = f.s.GetSession(f.ctx, "unknown", start)
	wantCode(t, "an unknown session", err, incident.CodeNotFound)

	list, err := f.s.ListSessions(f.ctx, ann.ID, start.Add(2*time.Minute))
	if err != nil || len(list) != 2 || list[0] != second || list[1] != first {
		t.Errorf("ann's sessions, newest first: %+v, %v", list, err)
	}
	if list, _ := f.s.ListSessions(f.ctx, ann.ID, first.ExpiresAt); len(list) != 1 || list[0].IDHash != "s2" {
		t.Errorf("ann's sessions once the first expired: %+v", list)
	}

	n, err := f.s.DeleteExpiredSessions(f.ctx, start.Add(2*time.Hour))
	if err != nil || n != 2 {
		t.Errorf("expired sessions removed: %d, %v; want 2", n, err)
	}
	if _, _, err := f.s.GetSession(f.ctx, "s2", start.Add(2*time.Hour)); err != nil {
		t.Errorf("the live session went with the expired ones: %v", err)
	}
	if err := f.s.DeleteSession(f.ctx, "s2"); err != nil {
		t.Fatal(err)
	}
	if err := f.s.DeleteSession(f.ctx, "s2"); err != nil {
		t.Errorf("ending an ended session: %v", err)
	}
	_, _, err = f.s.GetSession(f.ctx, "s2", start)
	wantCode(t, "an ended session", err, incident.CodeNotFound)

	session("s5", ann, start, time.Hour)
	session("s6", ann, start, time.Hour)
	if err := f.s.DeleteUserSessions(f.ctx, ann.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := f.s.ListSessions(f.ctx, ann.ID, start); len(list) != 0 {
		t.Errorf("sessions left after ending them all: %+v", list)
	}
	session("s7", bob, start, time.Hour)
	if err := f.s.DisableUser(f.ctx, bob.ID, start); err != nil {
		t.Fatal(err)
	}
	_, _, err = f.s.GetSession(f.ctx, "s7", start)
	wantCode(t, "a session of a disabled user", err, incident.CodeNotFound)
}
