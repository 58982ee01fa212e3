package incident

// Detail messages of aggregation query errors (code 28). Each names the
// query-string parameter first.
const (
	MsgAggregationParam       MessageKey = "aggregation_param"
	MsgAggregationGroupBy     MessageKey = "aggregation_group_by"
	MsgAggregationNoBucket    MessageKey = "aggregation_no_bucket"
	MsgAggregationBucket      MessageKey = "aggregation_bucket"
	MsgAggregationBucketless  MessageKey = "aggregation_bucketless"
	MsgAggregationGroupTwice  MessageKey = "aggregation_group_twice"
	MsgAggregationMetric      MessageKey = "aggregation_metric"
	MsgAggregationMetricTwice MessageKey = "aggregation_metric_twice"
	MsgAggregationTooMany     MessageKey = "aggregation_too_many_groups"
)

func init() {
	registerMessages(map[MessageKey][2]string{
		MsgAggregationParam: {
			"parameter %q is not taken by the aggregation: groups are ordered by count and never paged",
			"le paramètre %q n'est pas accepté par l'agrégation : les groupes sont triés par effectif et jamais paginés"},
		MsgAggregationGroupBy: {
			"parameter %q: cannot group by %q; allowed: %s",
			"paramètre %q : impossible de regrouper par %q ; autorisés : %s"},
		MsgAggregationNoBucket: {
			"parameter %q: %q needs a bucket: %[3]s:day, %[3]s:week or %[3]s:month",
			"paramètre %q : %q exige une période : %[3]s:day, %[3]s:week ou %[3]s:month"},
		MsgAggregationBucket: {
			"parameter %q: %q: the bucket is one of %s",
			"paramètre %q : %q : la période vaut l'une des valeurs %s"},
		MsgAggregationBucketless: {
			"parameter %q: %q: only a date is grouped by bucket",
			"paramètre %q : %q : seule une date se regroupe par période"},
		MsgAggregationGroupTwice: {
			"parameter %q: attribute %q is grouped by twice",
			"paramètre %q : l'attribut %q figure deux fois dans le regroupement"},
		MsgAggregationMetric: {
			"parameter %q: unknown metric %q; allowed: %s",
			"paramètre %q : indicateur inconnu %q ; autorisés : %s"},
		MsgAggregationMetricTwice: {
			"parameter %q: metric %q is named twice",
			"paramètre %q : l'indicateur %q figure deux fois"},
		MsgAggregationTooMany: {
			"parameter %q: the grouping makes more than %d groups; group by fewer attributes or filter more",
			"paramètre %q : le regroupement produit plus de %d groupes ; regroupez par moins d'attributs ou filtrez davantage"},
	})
}
