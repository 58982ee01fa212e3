package incident

import (
	"sort"
	"strings"
)

// Reserved parameters of the aggregation, besides the filters.
const (
	ParamGroupBy = "groupBy"
	ParamMetrics = "metrics"
)

// aggregationRefuses are the listing parameters an aggregation has no use
// for: its groups are ordered by count and never paged, and it returns no
// incident to project. Refusing them tells a client it did not get what it
// asked for.
var aggregationRefuses = []string{ParamSort, ParamOffset, ParamLimit, ParamFields}

// ParseAggregation parses the query string of GET /aggregation: the
// listing's filters, groupBy (a comma list of groupable attributes, a date
// with its bucket: createdAt:month) and metrics (count, mttr, breached;
// default count). Every error is an *Error with CodeInvalidQueryParam
// naming the parameter. Aggregation.Now is left for the caller to set.
func (c Catalog) ParseAggregation(params map[string][]string, role Role) (Aggregation, error) {
	names := make([]string, 0, len(params))
	for name := range params {
		names = append(names, name)
	}
	sort.Strings(names)
	written := map[string]string{}
	for _, name := range names {
		for _, r := range aggregationRefuses {
			if strings.EqualFold(name, r) {
				return Aggregation{}, queryError(MsgAggregationParam, name)
			}
		}
		written[strings.ToLower(name)] = name
	}
	q, reserved, err := c.ParseQueryWith(params, role, QueryOptions{Reserved: []string{ParamGroupBy, ParamMetrics}})
	if err != nil {
		return Aggregation{}, err
	}
	a := Aggregation{Filters: q.Filters, Metrics: []Metric{MetricCount}}
	if v, ok := reserved[ParamGroupBy]; ok {
		if a.GroupBy, err = c.groupBy(written[strings.ToLower(ParamGroupBy)], v, role); err != nil {
			return Aggregation{}, err
		}
	}
	if v, ok := reserved[ParamMetrics]; ok {
		if a.Metrics, err = parseMetrics(written[strings.ToLower(ParamMetrics)], v); err != nil {
			return Aggregation{}, err
		}
	}
	return a, nil
}

// groupBy resolves the groupBy parameter to keys, in the order given.
func (c Catalog) groupBy(param, value string, role Role) ([]GroupKey, error) {
	var keys []GroupKey
	seen := map[string]bool{}
	for _, item := range strings.Split(value, ",") {
		name, bucket, hasBucket := strings.Cut(item, ":")
		if name == "" {
			return nil, queryError(MsgQueryEmptyValue, param)
		}
		a, ok := c.Lookup(name)
		if !ok || (a.OperatorOnly && role != RoleOperator) || !Groupable(a) {
			return nil, queryError(MsgAggregationGroupBy, param, item, strings.Join(c.GroupableNames(role), ", "))
		}
		key := GroupKey{Attr: a}
		switch {
		case a.Kind == KindTime && !hasBucket:
			return nil, queryError(MsgAggregationNoBucket, param, item, a.Name)
		case a.Kind == KindTime:
			i := indexFold(Buckets, bucket)
			if i < 0 {
				return nil, queryError(MsgAggregationBucket, param, item, strings.Join(Buckets, ", "))
			}
			key.Bucket = Bucket(Buckets[i])
		case hasBucket:
			return nil, queryError(MsgAggregationBucketless, param, item)
		}
		if seen[a.Name] {
			return nil, queryError(MsgAggregationGroupTwice, param, a.Name)
		}
		seen[a.Name] = true
		keys = append(keys, key)
	}
	return keys, nil
}

// Groupable reports whether an aggregation may group by the attribute:
// enumerations, booleans and countries, whose values are few; the date of
// creation, cut into buckets; and, for operators, the customer.
func Groupable(a Attribute) bool {
	switch a.Kind {
	case KindEnum, KindOrderedEnum, KindBool, KindCountry:
		return true
	}
	return a.Name == "createdAt" || a.Name == "customer.id"
}

// GroupableNames lists the groupBy items a role may use, in catalog order,
// dates with the bucket placeholder (createdAt:day|week|month).
func (c Catalog) GroupableNames(role Role) []string {
	var out []string
	for _, a := range c {
		if !Groupable(a) || (a.OperatorOnly && role != RoleOperator) {
			continue
		}
		if a.Kind == KindTime {
			out = append(out, a.Name+":"+strings.Join(Buckets, "|"))
			continue
		}
		out = append(out, a.Name)
	}
	return out
}

// parseMetrics resolves the metrics parameter; count is always computed
// and comes first.
func parseMetrics(param, value string) ([]Metric, error) {
	out := []Metric{MetricCount}
	seen := map[string]bool{}
	for _, item := range strings.Split(value, ",") {
		if item == "" {
			return nil, queryError(MsgQueryEmptyValue, param)
		}
		i := indexFold(Metrics, item)
		if i < 0 {
			return nil, queryError(MsgAggregationMetric, param, item, strings.Join(Metrics, ", "))
		}
		m := Metrics[i]
		if seen[m] {
			return nil, queryError(MsgAggregationMetricTwice, param, m)
		}
		seen[m] = true
		if Metric(m) != MetricCount {
			out = append(out, Metric(m))
		}
	}
	return out, nil
}

// indexFold finds s in values, ignoring case; -1 when absent.
func indexFold(values []string, s string) int {
	for i, v := range values {
		if strings.EqualFold(v, s) {
			return i
		}
	}
	return -1
}
