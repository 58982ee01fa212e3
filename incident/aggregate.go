package incident

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// This file is the model of an aggregation (spec §6): the incidents
// matching a listing's filters, counted by groups of attribute values.

// Bucket is the width of the time groups of a date attribute.
type Bucket string

const (
	BucketDay   Bucket = "day"   // "2026-11-26"
	BucketWeek  Bucket = "week"  // ISO 8601 week, "2026-W48"
	BucketMonth Bucket = "month" // "2026-11"
)

// Buckets lists the buckets in the order the documentation gives them.
var Buckets = []string{string(BucketDay), string(BucketWeek), string(BucketMonth)}

// GroupKey is one attribute the groups are keyed by; a date attribute is
// cut into buckets of UTC time.
type GroupKey struct {
	Attr   Attribute
	Bucket Bucket // set for a date attribute, empty otherwise
}

// Metric is a figure computed for each group besides its count.
type Metric string

const (
	// MetricCount is the number of incidents of the group; every group
	// has it, since groups are ordered by it.
	MetricCount Metric = "count"
	// MetricMTTR is the mean time to restore of the group's resolved
	// incidents.
	MetricMTTR Metric = "mttr"
	// MetricBreached is the number of the group's incidents whose SLA is
	// breached at the aggregation's instant.
	MetricBreached Metric = "breached"
)

// Metrics lists every metric.
var Metrics = []string{string(MetricCount), string(MetricMTTR), string(MetricBreached)}

// MaxGroups bounds the groups of one aggregation by default: beyond it the
// request is refused (400, code 28) rather than answered with a response as
// large as the data.
const MaxGroups = 10_000

// TooManyGroups refuses an aggregation with more groups than its bound
// (code 28, naming the groupBy parameter that asked for them).
func TooManyGroups(limit int) *Error {
	return Errorf(CodeInvalidQueryParam, MsgAggregationTooMany, "groupBy", limit)
}

// Aggregation is a parsed aggregation request.
type Aggregation struct {
	// GroupBy are the keys of the groups, in the order requested; none
	// makes one group of every matching incident.
	GroupBy []GroupKey
	// Metrics are the figures requested, count always among them.
	Metrics []Metric
	// Filters select the incidents, as in a listing.
	Filters []Filter
	// Now is the instant clock-dependent figures (sla.isBreached as a
	// filter, a key or the breached metric) are evaluated at.
	Now time.Time
	// MaxGroups bounds the number of groups; 0 means MaxGroups.
	MaxGroups int
}

// GroupLimit is the bound on the number of groups that applies.
func (a Aggregation) GroupLimit() int {
	if a.MaxGroups > 0 {
		return a.MaxGroups
	}
	return MaxGroups
}

// Wants reports whether the metric was requested.
func (a Aggregation) Wants(m Metric) bool {
	return slices.Contains(a.Metrics, m)
}

// Group is one group of an aggregation.
type Group struct {
	// Keys are the group's values of the GroupBy keys, in their order; nil
	// is an unset value (no country, no resolution). A bucket's value has
	// its label in Str and its time range in [From, To).
	Keys  []*Value
	Count int
	// Breached is the number of breached incidents (MetricBreached).
	Breached int
	// Resolved is the number of RESOLVED and CLOSED incidents that have a
	// resolution time, and RestoreSeconds the sum of their times to
	// restore (MetricMTTR).
	Resolved       int
	RestoreSeconds int64
}

// MTTRSeconds is the mean time to restore of the group's resolved
// incidents, rounded to the second; ok is false when none is resolved.
func (g Group) MTTRSeconds() (mttr int64, ok bool) {
	if g.Resolved == 0 {
		return 0, false
	}
	n := int64(g.Resolved)
	// Times to restore are never negative: round half up.
	return (g.RestoreSeconds + n/2) / n, true
}

// IsResolvedForMTTR tells whether an incident counts in the mean time to
// restore: resolved (or closed after its resolution), with a resolution
// time. Its time to restore no longer moves.
func IsResolvedForMTTR(inc *Incident) bool {
	return (inc.Status == StatusResolved || inc.Status == StatusClosed) && inc.ResolvedAt != nil
}

// SortGroups orders groups by count, largest first, then by their key
// values so that the order never depends on the database: enumerations in
// their documented order, false before true, text and buckets ascending,
// unset values last.
func SortGroups(groups []Group, keys []GroupKey) {
	slices.SortStableFunc(groups, func(a, b Group) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		for i, k := range keys {
			if c := compareKey(k, a.Keys[i], b.Keys[i]); c != 0 {
				return c
			}
		}
		return 0
	})
}

func compareKey(k GroupKey, a, b *Value) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	switch k.Attr.Kind {
	case KindBool:
		return cmp.Compare(boolRank(a.Bool), boolRank(b.Bool))
	case KindEnum, KindOrderedEnum:
		return cmp.Compare(slices.Index(k.Attr.Values, a.Str), slices.Index(k.Attr.Values, b.Str))
	}
	return strings.Compare(a.Str, b.Str)
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// BucketOf is the bucket of an instant: its label and its UTC range.
func BucketOf(b Bucket, t time.Time) Value {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	switch b {
	case BucketWeek:
		monday := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
		year, week := monday.ISOWeek()
		return Value{Str: fmt.Sprintf("%04d-W%02d", year, week), From: monday, To: monday.AddDate(0, 0, 7)}
	case BucketMonth:
		first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
		return Value{Str: first.Format("2006-01"), From: first, To: first.AddDate(0, 1, 0)}
	default:
		return Value{Str: day.Format(time.DateOnly), From: day, To: day.AddDate(0, 0, 1)}
	}
}

// ParseBucket reads a bucket's label back into its value (label and
// range), for a store that computes labels itself.
func ParseBucket(b Bucket, label string) (Value, error) {
	var (
		start time.Time
		err   error
	)
	switch b {
	case BucketDay:
		start, err = time.Parse(time.DateOnly, label)
	case BucketMonth:
		start, err = time.Parse("2006-01", label)
	case BucketWeek:
		start, err = isoWeekStart(label)
	default:
		err = fmt.Errorf("unknown bucket %q", b)
	}
	if err != nil {
		return Value{}, fmt.Errorf("bucket %s %q: %w", b, label, err)
	}
	v := BucketOf(b, start)
	if v.Str != label {
		return Value{}, fmt.Errorf("bucket %s %q: not a canonical label (%s)", b, label, v.Str)
	}
	return v, nil
}

// isoWeekStart is the Monday of an ISO 8601 week written YYYY-Www.
func isoWeekStart(label string) (time.Time, error) {
	var year, week int
	if n, err := fmt.Sscanf(label, "%4d-W%2d", &year, &week); err != nil || n != 2 || len(label) != 8 {
		return time.Time{}, fmt.Errorf("want YYYY-Www")
	}
	// January 4th is always in week 1.
	jan4 := time.Date(year, time.January, 4, 0, 0, 0, 0, time.UTC)
	week1 := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
	return week1.AddDate(0, 0, 7*(week-1)), nil
}
