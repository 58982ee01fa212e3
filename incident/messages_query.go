package incident

// Detail messages of listing query errors (code 28). Each names the
// query-string parameter first.
const (
	MsgQueryUnknownAttribute MessageKey = "query_unknown_attribute"
	MsgQueryUnknownOperator  MessageKey = "query_unknown_operator"
	MsgQueryEmptyValue       MessageKey = "query_empty_value"
	MsgQueryInvalidText      MessageKey = "query_invalid_text"
	MsgQueryEnumValue        MessageKey = "query_enum_value"
	MsgQueryBoolValue        MessageKey = "query_bool_value"
	MsgQueryTimeValue        MessageKey = "query_time_value"
	MsgQueryIntValue         MessageKey = "query_int_value"
	MsgQueryCountryValue     MessageKey = "query_country_value"
	MsgQueryIDValue          MessageKey = "query_id_value"
	MsgQueryTooManyValues    MessageKey = "query_too_many_values"
	MsgQueryDuplicateParam   MessageKey = "query_duplicate_param"
	MsgQueryOffset           MessageKey = "query_offset"
	MsgQueryLimit            MessageKey = "query_limit"
	MsgQuerySortAttribute    MessageKey = "query_sort_attribute"
	MsgQuerySortTwice        MessageKey = "query_sort_twice"
	MsgQueryUnknownField     MessageKey = "query_unknown_field"
)

func init() {
	registerMessages(map[MessageKey][2]string{
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
		MsgQueryDuplicateParam:   {"parameter %q is given more than once", "le paramètre %q est donné plusieurs fois"},
		MsgQueryOffset:           {"parameter %q must be an integer of 0 or more", "le paramètre %q doit être un entier positif ou nul"},
		MsgQueryLimit:            {"parameter %q must be an integer from 1 to %d", "le paramètre %q doit être un entier de 1 à %d"},
		MsgQuerySortAttribute:    {"parameter %q: %q is not a sortable attribute", "paramètre %q : %q n'est pas un attribut de tri"},
		MsgQuerySortTwice:        {"parameter %q: attribute %q is sorted on twice", "paramètre %q : l'attribut %q figure deux fois dans le tri"},
		MsgQueryUnknownField:     {"parameter %q: unknown field %q", "paramètre %q : champ inconnu %q"},
	})
}
