package contract

import "github.com/incidentd/incidentd/text"

// Texts of the wire format's errors: request bodies that are not the JSON
// the API takes (codes 21 to 24, 66) and query strings outside the listing
// grammar (code 28). Query errors name the parameter first.
const (
	MsgBodyOversized    text.Key = "body_oversized"
	MsgMissingBody      text.Key = "missing_body"
	MsgBodyMalformed    text.Key = "body_malformed"
	MsgBodyNotObject    text.Key = "body_not_object"
	MsgBodyTooDeep      text.Key = "body_too_deep"
	MsgBodyDuplicateKey text.Key = "body_duplicate_key"
	MsgBodyTrailingData text.Key = "body_trailing_data"
	MsgUnknownField     text.Key = "unknown_field"
	MsgReadOnlyField    text.Key = "read_only_field"
	MsgFieldNull        text.Key = "field_null"
	MsgFieldNotString   text.Key = "field_not_string"
	MsgFieldNotBool     text.Key = "field_not_bool"
	MsgFieldNotObject   text.Key = "field_not_object"
	MsgFieldNotTime     text.Key = "field_not_time"
	MsgNoteID           text.Key = "attachment_note_id"

	MsgQueryUnknownAttribute text.Key = "query_unknown_attribute"
	MsgQueryUnknownOperator  text.Key = "query_unknown_operator"
	MsgQueryEmptyValue       text.Key = "query_empty_value"
	MsgQueryInvalidText      text.Key = "query_invalid_text"
	MsgQueryEnumValue        text.Key = "query_enum_value"
	MsgQueryBoolValue        text.Key = "query_bool_value"
	MsgQueryTimeValue        text.Key = "query_time_value"
	MsgQueryIntValue         text.Key = "query_int_value"
	MsgQueryCountryValue     text.Key = "query_country_value"
	MsgQueryIDValue          text.Key = "query_id_value"
	MsgQueryTooManyValues    text.Key = "query_too_many_values"
	MsgQueryTooManyFilters   text.Key = "query_too_many_filters"
	MsgQueryValueTooLong     text.Key = "query_value_too_long"
	MsgQueryDuplicateParam   text.Key = "query_duplicate_param"
	MsgQueryOffset           text.Key = "query_offset"
	MsgQueryLimit            text.Key = "query_limit"
	MsgQuerySortAttribute    text.Key = "query_sort_attribute"
	MsgQuerySortTwice        text.Key = "query_sort_twice"
	MsgQueryUnknownField     text.Key = "query_unknown_field"
	MsgQueryCursor           text.Key = "query_cursor"
	MsgQueryCursorOffset     text.Key = "query_cursor_offset"

	MsgAggregationParam       text.Key = "aggregation_param"
	MsgAggregationGroupBy     text.Key = "aggregation_group_by"
	MsgAggregationNoBucket    text.Key = "aggregation_no_bucket"
	MsgAggregationBucket      text.Key = "aggregation_bucket"
	MsgAggregationBucketless  text.Key = "aggregation_bucketless"
	MsgAggregationGroupTwice  text.Key = "aggregation_group_twice"
	MsgAggregationMetric      text.Key = "aggregation_metric"
	MsgAggregationMetricTwice text.Key = "aggregation_metric_twice"
)

func init() {
	text.Register(map[text.Key]text.Texts{
		MsgBodyOversized:    {"the body exceeds %d bytes", "le corps dépasse %d octets"},
		MsgMissingBody:      {"a request body is required", "un corps de requête est obligatoire"},
		MsgBodyMalformed:    {"the body is not valid JSON: %s", "le corps n'est pas du JSON valide : %s"},
		MsgBodyNotObject:    {"the body must be a JSON object", "le corps doit être un objet JSON"},
		MsgBodyTooDeep:      {"the body nests values deeper than %d levels", "le corps imbrique des valeurs sur plus de %d niveaux"},
		MsgBodyDuplicateKey: {"the body repeats the key %q", "le corps répète la clé %q"},
		MsgBodyTrailingData: {"the body has data after its JSON object", "le corps contient des données après son objet JSON"},
		MsgUnknownField:     {"unknown field %q", "champ inconnu %q"},
		MsgReadOnlyField:    {"field %q is read-only", "le champ %q est en lecture seule"},
		MsgFieldNull:        {"field %q cannot be null", "le champ %q ne peut pas être null"},
		MsgFieldNotString:   {"field %q must be a string", "le champ %q doit être une chaîne"},
		MsgFieldNotBool:     {"field %q must be true or false", "le champ %q doit valoir true ou false"},
		MsgFieldNotObject:   {"field %q must be an object", "le champ %q doit être un objet"},
		MsgFieldNotTime:     {"field %q must be an RFC 3339 date-time", "le champ %q doit être une date-heure RFC 3339"},
		MsgNoteID: {
			"field \"noteId\" must be the id of a note, a positive integer",
			"le champ \"noteId\" doit être l'identifiant d'une note, un entier positif"},

		MsgQueryUnknownAttribute: {"parameter %q: unknown attribute", "paramètre %q : attribut inconnu"},
		MsgQueryUnknownOperator:  {"parameter %q: operator %q does not apply to this attribute; allowed: %s", "paramètre %q : l'opérateur %q ne s'applique pas à cet attribut ; autorisés : %s"},
		MsgQueryEmptyValue:       {"parameter %q: empty value", "paramètre %q : valeur vide"},
		MsgQueryInvalidText:      {"parameter %q: the value is not valid UTF-8 text", "paramètre %q : la valeur n'est pas du texte UTF-8 valide"},
		MsgQueryEnumValue:        {"parameter %q: %q is not one of %s", "paramètre %q : %q ne fait pas partie de %s"},
		MsgQueryBoolValue:        {"parameter %q: %q is not true or false", "paramètre %q : %q ne vaut ni true ni false"},
		MsgQueryTimeValue:        {"parameter %q: %q is neither an RFC 3339 date-time nor a date YYYY-MM-DD", "paramètre %q : %q n'est ni une date-heure RFC 3339 ni une date AAAA-MM-JJ"},
		MsgQueryIntValue:         {"parameter %q: %q is not an integer", "paramètre %q : %q n'est pas un entier"},
		MsgQueryCountryValue:     {"parameter %q: %q is not a two-letter country code", "paramètre %q : %q n'est pas un code pays à deux lettres"},
		MsgQueryIDValue:          {"parameter %q: %q is not an incident id", "paramètre %q : %q n'est pas un identifiant d'incident"},
		MsgQueryTooManyValues:    {"parameter %q: the query has more than %d filter values", "paramètre %q : la requête compte plus de %d valeurs de filtre"},
		MsgQueryTooManyFilters:   {"parameter %q: the query has more than %d filters", "paramètre %q : la requête compte plus de %d filtres"},
		MsgQueryValueTooLong:     {"parameter %q: a value has at most %d characters here", "paramètre %q : une valeur compte au plus %d caractères ici"},
		MsgQueryDuplicateParam:   {"parameter %q is given more than once", "le paramètre %q est donné plusieurs fois"},
		MsgQueryOffset:           {"parameter %q must be an integer of 0 or more", "le paramètre %q doit être un entier positif ou nul"},
		MsgQueryLimit:            {"parameter %q must be an integer from 1 to %d", "le paramètre %q doit être un entier de 1 à %d"},
		MsgQuerySortAttribute:    {"parameter %q: %q is not a sortable attribute", "paramètre %q : %q n'est pas un attribut de tri"},
		MsgQuerySortTwice:        {"parameter %q: attribute %q is sorted on twice", "paramètre %q : l'attribut %q figure deux fois dans le tri"},
		MsgQueryUnknownField:     {"parameter %q: unknown field %q", "paramètre %q : champ inconnu %q"},
		MsgQueryCursor: {
			"parameter %q is not a cursor of this order: take the cursor of a Link header of the same listing",
			"le paramètre %q n'est pas un curseur de cet ordre : prenez le curseur d'un en-tête Link de la même liste"},
		MsgQueryCursorOffset: {
			"parameter %q cannot be given with %q: a page starts at an offset or after a cursor",
			"le paramètre %q ne peut pas accompagner %q : une page commence à un rang ou après un curseur"},

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
	})
}
