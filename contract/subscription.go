package contract

import (
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
	"github.com/incidentd/incidentd/webhook"
)

// The wire format of webhook subscriptions (spec §11.2): their bodies,
// their representation, the delivery log and the replay request.

// SubscriptionPath is the path of a subscription resource.
func SubscriptionPath(id string) string { return BasePath + "/hub/" + id }

// subscriptionBody is what a subscription's body gives.
type subscriptionBody struct {
	callback, query, status *string
}

type subscriptionField = field[webhook.Subscription, subscriptionBody]

var subscriptionStatuses = []string{string(webhook.StatusActive), string(webhook.StatusDisabled)}

// subscriptionFields is the field catalogue of a subscription. The secret
// is not in it: it is shown once, by AppendNewSubscriptionJSON.
var subscriptionFields = newCatalogue([]subscriptionField{
	{name: "id", get: func(s *webhook.Subscription) value { return str(s.ID) }},
	{name: "href", get: func(s *webhook.Subscription) value { return str(SubscriptionPath(s.ID)) }},
	{name: "callback", kind: incident.KindString, body: requiredOnCreate,
		get: func(s *webhook.Subscription) value { return str(s.Callback) },
		set: func(b *subscriptionBody, x any) { b.callback = ptr(textOf(x)) }},
	{name: "query", kind: incident.KindString, body: writable,
		get: func(s *webhook.Subscription) value { return str(s.Query) },
		set: func(b *subscriptionBody, x any) { b.query = ptr(textOf(x)) }},
	{name: "status", kind: incident.KindEnum, values: subscriptionStatuses, body: patchedOnly,
		get: func(s *webhook.Subscription) value { return str(string(s.Status)) },
		set: func(b *subscriptionBody, x any) { b.status = ptr(textOf(x)) }},
	{name: "disabledReason", get: func(s *webhook.Subscription) value { return optionalString(s.DisabledReason) }},
	{name: "createdAt", get: func(s *webhook.Subscription) value { return instant(s.CreatedAt) }},
	{name: "updatedAt", get: func(s *webhook.Subscription) value { return instant(s.UpdatedAt) }},
})

// DecodeSubscription reads the body that subscribes: a callback, and a
// query that must parse for the caller's role (code 28, as on the list).
func DecodeSubscription(body []byte, role incident.Role) (webhook.NewSubscription, error) {
	var b subscriptionBody
	if err := subscriptionFields.decodeBody(body, opCreate, role, &b); err != nil {
		return webhook.NewSubscription{}, err
	}
	n := webhook.NewSubscription{Callback: *b.callback}
	if b.query != nil {
		n.Query = *b.query
	}
	if _, err := ParseSubscriptionQuery(n.Query, role); err != nil {
		return webhook.NewSubscription{}, err
	}
	return n, nil
}

// DecodeSubscriptionPatch reads a merge patch of a subscription: callback,
// query (checked as on creation), status (active or disabled).
func DecodeSubscriptionPatch(body []byte, role incident.Role) (webhook.SubscriptionPatch, error) {
	var b subscriptionBody
	if err := subscriptionFields.decodeBody(body, opPatch, role, &b); err != nil {
		return webhook.SubscriptionPatch{}, err
	}
	p := webhook.SubscriptionPatch{Callback: b.callback, Query: b.query}
	if b.query != nil {
		if _, err := ParseSubscriptionQuery(*b.query, role); err != nil {
			return webhook.SubscriptionPatch{}, err
		}
	}
	if b.status != nil {
		st := webhook.Status(*b.status)
		if st != webhook.StatusActive && st != webhook.StatusDisabled {
			return webhook.SubscriptionPatch{}, incident.Errorf(incident.CodeInvalidBodyField, incident.MsgFieldEnum, "status", strings.Join(subscriptionStatuses, ", "))
		}
		p.Status = &st
	}
	return p, nil
}

// ParseSubscriptionQuery parses a subscription's query: the parameters of
// the event feed's filter (eventType and the listing's incident filters),
// written as a query string. Anything else, paging included, is code 28.
func ParseSubscriptionQuery(query string, role incident.Role) (incident.EventFilter, error) {
	params, err := url.ParseQuery(query)
	if err != nil {
		return incident.EventFilter{}, incident.Errorf(incident.CodeInvalidQueryParam, MsgSubscriptionQuery, err.Error())
	}
	return ParseEventFilter(params, role)
}

// AppendSubscriptionJSON appends a subscription's representation.
func AppendSubscriptionJSON(dst []byte, s *webhook.Subscription) []byte {
	return subscriptionFields.appendJSON(dst, s, nil)
}

// AppendNewSubscriptionJSON appends the representation of a subscription
// just created: with its secret, which no later answer shows.
func AppendNewSubscriptionJSON(dst []byte, s *webhook.Subscription) []byte {
	dst = AppendSubscriptionJSON(dst, s)
	dst = append(dst[:len(dst)-1], `,"secret":`...)
	return append(appendString(dst, s.Secret), '}')
}

// replayBody is a replay request.
type replayBody struct {
	after *string
	since *time.Time
}

var replayFields = newCatalogue([]field[struct{}, replayBody]{
	{name: "after", kind: incident.KindString, body: writable, set: func(b *replayBody, x any) { b.after = ptr(textOf(x)) }},
	{name: "since", kind: incident.KindTime, body: writable, set: func(b *replayBody, x any) { b.since = ptr(x.(time.Time)) }},
})

// DecodeReplay reads a replay request: exactly one of after (a cursor)
// and since (a date-time).
func DecodeReplay(body []byte) (webhook.ReplayFrom, error) {
	var b replayBody
	if err := replayFields.decodeBody(body, opCreate, incident.RoleCustomer, &b); err != nil {
		return webhook.ReplayFrom{}, err
	}
	if (b.after == nil) == (b.since == nil) || b.after != nil && *b.after == "" {
		return webhook.ReplayFrom{}, incident.Errorf(incident.CodeInvalidBodyField, webhook.MsgReplayPoint)
	}
	if b.after != nil {
		return webhook.ReplayFrom{After: *b.after}, nil
	}
	return webhook.ReplayFrom{Since: b.since}, nil
}

// deliveryFields is the field catalogue of a delivery attempt.
var deliveryFields = newCatalogue([]field[webhook.Delivery, struct{}]{
	{name: "eventId", get: func(d *webhook.Delivery) value { return str(d.EventID) }},
	{name: "attempt", get: func(d *webhook.Delivery) value { return integer(int64(d.Attempt)) }},
	{name: "at", get: func(d *webhook.Delivery) value { return instant(d.At) }},
	{name: "statusCode", get: func(d *webhook.Delivery) value {
		if d.StatusCode == 0 {
			return value{}
		}
		return integer(int64(d.StatusCode))
	}},
	{name: "error", get: func(d *webhook.Delivery) value { return optionalString(d.Error) }},
	{name: "durationMs", get: func(d *webhook.Delivery) value { return integer(d.Duration.Milliseconds()) }},
})

// AppendDeliveryJSON appends a delivery attempt's representation.
func AppendDeliveryJSON(dst []byte, d *webhook.Delivery) []byte {
	return deliveryFields.appendJSON(dst, d, nil)
}

// ParseDeliveryPage reads the query string of the delivery log: offset
// and limit only, as on the other lists (code 28 otherwise).
func ParseDeliveryPage(params map[string][]string) (incident.Query, error) {
	q := incident.Query{Limit: incident.DefaultLimit}
	names := make([]string, 0, len(params))
	for name := range params {
		names = append(names, name)
	}
	sort.Strings(names) // the error names the same parameter every time
	for _, name := range names {
		values := params[name]
		if len(values) != 1 {
			return incident.Query{}, queryError(MsgQueryDuplicateParam, name)
		}
		n, ok := parseCount(values[0])
		switch {
		case strings.EqualFold(name, ParamOffset):
			if !ok {
				return incident.Query{}, queryError(MsgQueryOffset, name)
			}
			q.Offset = n
		case strings.EqualFold(name, ParamLimit):
			if !ok || n < 1 || n > MaxLimit {
				return incident.Query{}, queryError(MsgQueryLimit, name, MaxLimit)
			}
			q.Limit = n
		default:
			return incident.Query{}, queryError(MsgQueryUnknownAttribute, name)
		}
	}
	return q, nil
}

// Texts of subscriptions.
const MsgSubscriptionQuery text.Key = "subscription_query"

func init() {
	text.Register(map[text.Key]text.Texts{
		MsgSubscriptionQuery: {
			"field \"query\" is not a query string: %s",
			"le champ \"query\" n'est pas une chaîne de requête : %s"},
	})
}
