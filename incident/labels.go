package incident

import "github.com/incidentd/incidentd/text"

// labelKey is the text key of an enumeration value's label.
func labelKey(value string) text.Key { return text.Key("label." + value) }

// labels are the human-readable names of the enumeration values of an
// incident, registered as texts too (label.NEW…).
var labels = map[string]text.Texts{
	"NEW":         {"New", "Nouveau"},
	"VALIDATED":   {"Validated", "Validé"},
	"IN_PROGRESS": {"In progress", "En cours"},
	"PENDING":     {"Pending", "En attente"},
	"RESOLVED":    {"Resolved", "Résolu"},
	"CLOSED":      {"Closed", "Clos"},
	"CANCELLED":   {"Cancelled", "Annulé"},

	"S1": {"Critical impact", "Impact critique"},
	"S2": {"Major impact", "Impact majeur"},
	"S3": {"Minor impact", "Impact mineur"},
	"S4": {"No significant impact", "Impact faible"},

	"U1": {"High urgency", "Urgence haute"},
	"U2": {"Medium urgency", "Urgence moyenne"},
	"U3": {"Low urgency", "Urgence basse"},

	"P1": {"Critical", "Critique"},
	"P2": {"High", "Haute"},
	"P3": {"Medium", "Moyenne"},
	"P4": {"Low", "Basse"},

	"INTERUPTED":   {"Service interrupted", "Service interrompu"},
	"DEGRADED":     {"Service degraded", "Service dégradé"},
	"NOT_AFFECTED": {"Service not affected", "Service non affecté"},

	"PROACTIVE": {"Detected by the provider", "Détecté par le fournisseur"},
	"REACTIVE":  {"Reported by the customer", "Signalé par le client"},

	"FAILURE":       {"Failure", "Panne"},
	"DEGRADATION":   {"Degradation", "Dégradation"},
	"CONFIGURATION": {"Configuration", "Configuration"},
	"INFORMATION":   {"Information", "Information"},
}

func init() {
	keyed := make(map[text.Key]text.Texts, len(labels))
	for value, t := range labels {
		keyed[labelKey(value)] = t
	}
	text.Register(keyed)
}

// Label is the human-readable name of an enumeration value in a language;
// a value without a label is returned as it is.
func Label(lang text.Language, value string) string {
	if t, ok := labels[value]; ok {
		return t.In(lang)
	}
	return value
}

// Labels are the labels of an incident's enumeration attributes.
type Labels struct {
	Status, Impact, Urgency, Priority, ServiceCondition, Origin, Type string
}

// LabelsOf computes an incident's labels in a language.
func LabelsOf(inc *Incident, lang text.Language) Labels {
	return Labels{
		Status:           Label(lang, string(inc.Status)),
		Impact:           Label(lang, string(inc.Impact)),
		Urgency:          Label(lang, string(inc.Urgency)),
		Priority:         Label(lang, string(inc.Priority)),
		ServiceCondition: Label(lang, string(inc.ServiceCondition)),
		Origin:           Label(lang, string(inc.Origin)),
		Type:             Label(lang, string(inc.Type)),
	}
}
