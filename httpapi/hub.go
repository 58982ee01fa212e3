package httpapi

import (
	"net/http"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/webhook"
)

// The webhook subscriptions (spec §11.2). A subscription belongs to the
// caller's side: a customer's, or the operator side's; another's is not
// found, as a missing one.

// withHub refuses the /hub routes of a server built without
// subscriptions (503, code 5).
func (s *server) withHub(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.hub == nil {
			return fail(incident.CodeUnavailable, MsgHubUnavailable)
		}
		return h(w, r)
	}
}

// createSubscription subscribes → 201 with the subscription, its secret
// shown this once, and its Location.
func (s *server) createSubscription(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	caller := stateOf(r.Context()).caller
	n, err := contract.DecodeSubscription(body, caller.Role)
	if err != nil {
		return err
	}
	sub, err := s.hub.Create(r.Context(), caller.Scope, n)
	if err != nil {
		return err
	}
	w.Header().Set("Location", contract.SubscriptionPath(sub.ID))
	w.Header().Set("Cache-Control", "no-store")
	writeJSONBytes(w, http.StatusCreated, contract.AppendNewSubscriptionJSON(nil, sub))
	return nil
}

// listSubscriptions answers the caller's subscriptions, oldest first.
func (s *server) listSubscriptions(w http.ResponseWriter, r *http.Request) error {
	if err := refuseQuery(r); err != nil {
		return err
	}
	list, err := s.hub.List(r.Context(), stateOf(r.Context()).caller.Scope)
	if err != nil {
		return err
	}
	return writeAll(w, list, contract.AppendSubscriptionJSON)
}

func (s *server) getSubscription(w http.ResponseWriter, r *http.Request) error {
	if err := refuseQuery(r); err != nil {
		return err
	}
	sub, err := s.hub.Get(r.Context(), stateOf(r.Context()).caller.Scope, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSONBytes(w, http.StatusOK, contract.AppendSubscriptionJSON(nil, sub))
	return nil
}

// patchSubscription changes callback, query or status (merge patch).
func (s *server) patchSubscription(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	caller := stateOf(r.Context()).caller
	p, err := contract.DecodeSubscriptionPatch(body, caller.Role)
	if err != nil {
		return err
	}
	sub, err := s.hub.Update(r.Context(), caller.Scope, r.PathValue("id"), p)
	if err != nil {
		return err
	}
	writeJSONBytes(w, http.StatusOK, contract.AppendSubscriptionJSON(nil, sub))
	return nil
}

// deleteSubscription unsubscribes → 204.
func (s *server) deleteSubscription(w http.ResponseWriter, r *http.Request) error {
	if err := s.hub.Delete(r.Context(), stateOf(r.Context()).caller.Scope, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// listDeliveries answers a page of the delivery log, newest first.
func (s *server) listDeliveries(w http.ResponseWriter, r *http.Request) error {
	values, err := queryValues(r)
	if err != nil {
		return err
	}
	q, err := contract.ParseDeliveryPage(values)
	if err != nil {
		return err
	}
	page, total, err := s.hub.Deliveries(r.Context(), stateOf(r.Context()).caller.Scope, r.PathValue("id"), q.Offset, q.Limit)
	if err != nil {
		return err
	}
	body := appendArray(nil, page, func(dst []byte, d webhook.Delivery) []byte {
		return contract.AppendDeliveryJSON(dst, &d)
	})
	return writePage(w, r, q, body, total, len(page), "")
}

// replaySubscription delivers again the events after a cursor or since a
// time → 202 with the subscription: the deliveries follow.
func (s *server) replaySubscription(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	from, err := contract.DecodeReplay(body)
	if err != nil {
		return err
	}
	sub, err := s.hub.Replay(r.Context(), stateOf(r.Context()).caller.Scope, r.PathValue("id"), from)
	if err != nil {
		return err
	}
	writeJSONBytes(w, http.StatusAccepted, contract.AppendSubscriptionJSON(nil, sub))
	return nil
}
