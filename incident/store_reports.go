package incident

import "context"

// Aggregator counts incidents by groups (spec §6). It is an interface of
// its own, beside IncidentStore, so that a store offers it by choice.
type Aggregator interface {
	// AggregateIncidents returns the groups of the incidents of the scope
	// matching a.Filters, ordered as SortGroups orders them, with the
	// metrics a.Metrics names (Count always). Without GroupBy there is
	// exactly one group, of every matching incident, possibly empty. More
	// groups than a.GroupLimit() is an *Error with CodeInvalidQueryParam
	// naming groupBy (MsgAggregationTooMany).
	AggregateIncidents(ctx context.Context, scope Scope, a Aggregation) ([]Group, error)
}

// IncidentStreamer reads the whole result of a query one incident at a
// time, for exports whose size has no bound: a store holds a bounded batch
// of incidents at a time, never the whole result.
type IncidentStreamer interface {
	// StreamIncidents reads, in one snapshot of the data, the number of
	// incidents of the scope matching q.Filters and the result in q.Sort
	// order: from q.Offset, at most q.Limit of them when q.Limit > 0, else
	// all of them. It calls start once with that number, then each for
	// every incident of that result, complete with its texts and its
	// customer's name, as it is when the store reads it (never older than
	// the snapshot). The store holds no connection while start and each
	// run, so a slow caller costs no database resource. An error returned
	// by start or each ends the stream and is returned as it is.
	StreamIncidents(ctx context.Context, scope Scope, q Query, start func(total int) error, each func(*Incident) error) error
}
