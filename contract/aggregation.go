package contract

import (
	"sort"
	"strings"

	"github.com/incidentd/incidentd/incident"
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
// default count). Every error is an *incident.Error with incident.CodeInvalidQueryParam
// naming the parameter. incident.Aggregation.Now is left for the caller to set.
func (c Catalog) ParseAggregation(params map[string][]string, role incident.Role) (incident.Aggregation, error) {
	names := make([]string, 0, len(params))
	for name := range params {
		names = append(names, name)
	}
	sort.Strings(names)
	written := map[string]string{}
	for _, name := range names {
		for _, r := range aggregationRefuses {
			if strings.EqualFold(name, r) {
				return incident.Aggregation{}, queryError(MsgAggregationParam, name)
			}
		}
		written[strings.ToLower(name)] = name
	}
	q, reserved, err := c.ParseQueryWith(params, role, QueryOptions{Reserved: []string{ParamGroupBy, ParamMetrics}})
	if err != nil {
		return incident.Aggregation{}, err
	}
	a := incident.Aggregation{Filters: q.Filters, Metrics: []incident.Metric{incident.MetricCount}}
	if v, ok := reserved[ParamGroupBy]; ok {
		if a.GroupBy, err = c.groupBy(written[strings.ToLower(ParamGroupBy)], v, role); err != nil {
			return incident.Aggregation{}, err
		}
	}
	if v, ok := reserved[ParamMetrics]; ok {
		if a.Metrics, err = parseMetrics(written[strings.ToLower(ParamMetrics)], v); err != nil {
			return incident.Aggregation{}, err
		}
	}
	return a, nil
}

// groupBy resolves the groupBy parameter to keys, in the order given.
func (c Catalog) groupBy(param, value string, role incident.Role) ([]incident.GroupKey, error) {
	var keys []incident.GroupKey
	seen := map[string]bool{}
	for _, item := range strings.Split(value, ",") {
		name, bucket, hasBucket := strings.Cut(item, ":")
		if name == "" {
			return nil, queryError(MsgQueryEmptyValue, param)
		}
		a, ok := c.Lookup(name)
		if !ok || (a.OperatorOnly && role != incident.RoleOperator) || !Groupable(a) {
			return nil, queryError(MsgAggregationGroupBy, param, item, strings.Join(c.GroupableNames(role), ", "))
		}
		key := incident.GroupKey{Attr: a}
		switch {
		case a.Kind == incident.KindTime && !hasBucket:
			return nil, queryError(MsgAggregationNoBucket, param, item, a.Name)
		case a.Kind == incident.KindTime:
			i := indexFold(incident.Buckets, bucket)
			if i < 0 {
				return nil, queryError(MsgAggregationBucket, param, item, strings.Join(incident.Buckets, ", "))
			}
			key.Bucket = incident.Bucket(incident.Buckets[i])
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
func Groupable(a incident.Attribute) bool {
	switch a.Kind {
	case incident.KindEnum, incident.KindOrderedEnum, incident.KindBool, incident.KindCountry:
		return true
	}
	return a.Name == "createdAt" || a.Name == "customer.id"
}

// GroupableNames lists the groupBy items a role may use, in catalog order,
// dates with the bucket placeholder (createdAt:day|week|month).
func (c Catalog) GroupableNames(role incident.Role) []string {
	var out []string
	for _, a := range c {
		if !Groupable(a) || (a.OperatorOnly && role != incident.RoleOperator) {
			continue
		}
		if a.Kind == incident.KindTime {
			out = append(out, a.Name+":"+strings.Join(incident.Buckets, "|"))
			continue
		}
		out = append(out, a.Name)
	}
	return out
}

// parseMetrics resolves the metrics parameter; count is always computed
// and comes first.
func parseMetrics(param, value string) ([]incident.Metric, error) {
	out := []incident.Metric{incident.MetricCount}
	seen := map[string]bool{}
	for _, item := range strings.Split(value, ",") {
		if item == "" {
			return nil, queryError(MsgQueryEmptyValue, param)
		}
		i := indexFold(incident.Metrics, item)
		if i < 0 {
			return nil, queryError(MsgAggregationMetric, param, item, strings.Join(incident.Metrics, ", "))
		}
		m := incident.Metrics[i]
		if seen[m] {
			return nil, queryError(MsgAggregationMetricTwice, param, m)
		}
		seen[m] = true
		if incident.Metric(m) != incident.MetricCount {
			out = append(out, incident.Metric(m))
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
