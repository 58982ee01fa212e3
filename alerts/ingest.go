package alerts

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/incident"
)

// DefaultReopenWindow is how long after its resolution an alert that fires
// again goes back to the same incident, unless configured otherwise.
const DefaultReopenWindow = 30 * time.Minute

// Ingester carries out alert events on incidents.
type Ingester struct {
	Store   Store
	Manager *incident.Manager
	// ReopenWindow: an alert that fires again within it after it resolved
	// reopens its incident; later, it opens a new one. Zero means
	// DefaultReopenWindow.
	ReopenWindow time.Duration
	// Now is the clock, the manager's; nil means time.Now.
	Now func() time.Time
}

// Effect is what an event did.
type Effect string

const (
	Created      Effect = "created"      // opened an incident
	Noted        Effect = "noted"        // added a note to the alert's incident
	Reopened     Effect = "reopened"     // reopened the resolved incident, with a note
	Resolved     Effect = "resolved"     // resolved the incident (AUTO_RESOLVED)
	Acknowledged Effect = "acknowledged" // took the incident IN_PROGRESS
	Unchanged    Effect = "unchanged"    // a repeat, or nothing the lifecycle allows
	Ignored      Effect = "ignored"      // news of an alert that opened no incident
)

// Outcome is what an event did, and to which incident (none when
// Ignored).
type Outcome struct {
	DedupKey   string
	IncidentID string
	Effect     Effect
}

// Authenticate finds the integration of a key: code 40 when no key is
// given, 41 when it is unknown or revoked, or its integration revoked.
func (g *Ingester) Authenticate(ctx context.Context, key string) (Integration, error) {
	key = strings.TrimSpace(key)
	if key == "" {
		return Integration{}, incident.Errorf(incident.CodeMissingCredentials, MsgMissingIntegrationKey)
	}
	in, k, err := g.Store.FindIntegrationKey(ctx, auth.HashCredential(key))
	switch {
	case incident.ErrorCode(err) == incident.CodeNotFound:
		return Integration{}, incident.Errorf(incident.CodeInvalidCredentials, MsgInvalidIntegrationKey)
	case err != nil:
		return Integration{}, err
	case k.RevokedAt != nil || in.RevokedAt != nil:
		return Integration{}, incident.Errorf(incident.CodeInvalidCredentials, MsgInvalidIntegrationKey)
	}
	return in, nil
}

// maxAttempts bounds the retries of an event whose incident an agent
// changed between its reading and its update.
const maxAttempts = 5

// Handle carries out one event of an integration's alert, in one
// transaction with the alert's state (Store.WithAlert).
func (g *Ingester) Handle(ctx context.Context, in Integration, ev Event) (Outcome, error) {
	if out, repeated, err := g.repeat(ctx, in, ev); repeated || err != nil {
		return out, err
	}
	now := g.now()
	var out Outcome
	err := g.Store.WithAlert(ctx, in.ID, ev.DedupKey, func(ctx context.Context, st *State) error {
		a := &alertRun{g: g, in: in, ev: ev, st: st, now: now, caller: callerOf(in, ev.RequestID)}
		stored := *st
		for attempt := 1; ; attempt++ {
			effect, err := a.apply(ctx)
			if incident.ErrorCode(err) == incident.CodePreconditionFailed && attempt < maxAttempts {
				*st = stored // an agent changed the incident meanwhile: decide again
				continue
			}
			out = Outcome{DedupKey: ev.DedupKey, IncidentID: st.IncidentID, Effect: effect}
			return err
		}
	})
	if err != nil {
		return Outcome{}, fmt.Errorf("alert %q of integration %s: %w", ev.DedupKey, in.ID, err)
	}
	return out, nil
}

// repeat answers, without a write, an event that repeats what the alert's
// state already says: a firing with the start of the one last seen, or the
// resolution of the firing last seen resolved. Alertmanager sends such
// repeats at every repeat_interval and with every notification of the
// alert's group. They change nothing under the alert's lock either; read
// without it, a state older than the stored one can only make a late copy
// of a former firing count as a repeat, which it is.
func (g *Ingester) repeat(ctx context.Context, in Integration, ev Event) (out Outcome, repeated bool, err error) {
	if ev.StartsAt.IsZero() || ev.Action == ActionAcknowledge {
		return Outcome{}, false, nil
	}
	st, err := g.Store.AlertState(ctx, in.ID, ev.DedupKey)
	if err != nil {
		return Outcome{}, false, fmt.Errorf("alert %q of integration %s: %w", ev.DedupKey, in.ID, err)
	}
	if st.IncidentID == "" || !ev.StartsAt.Equal(st.StartsAt) || (ev.Action == ActionResolve && st.Firing) {
		return Outcome{}, false, nil
	}
	return Outcome{DedupKey: ev.DedupKey, IncidentID: st.IncidentID, Effect: Unchanged}, true, nil
}

// callerOf is the integration acting on its customer's incidents: the
// provider's supervision, with the operator's rights within that customer,
// recorded in the history and the notes under the integration's name.
func callerOf(in Integration, requestID string) incident.Caller {
	return incident.Caller{
		Role:      incident.RoleOperator,
		Scope:     incident.Scope{CustomerID: in.CustomerID},
		Actor:     incident.Actor{Type: incident.ActorProvider, Name: in.Name},
		ClientID:  "integration:" + in.ID,
		RequestID: requestID,
	}
}

func (g *Ingester) now() time.Time {
	if g.Now != nil {
		return g.Now().UTC().Truncate(time.Millisecond)
	}
	return time.Now().UTC().Truncate(time.Millisecond)
}

func (g *Ingester) reopenWindow() time.Duration {
	if g.ReopenWindow > 0 {
		return g.ReopenWindow
	}
	return DefaultReopenWindow
}
