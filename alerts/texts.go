package alerts

import "github.com/incidentd/incidentd/text"

// Texts of the alert endpoints' errors.
const (
	MsgMissingIntegrationKey text.Key = "alerts_missing_integration_key"
	MsgInvalidIntegrationKey text.Key = "alerts_invalid_integration_key"
	MsgNoBody                text.Key = "alerts_no_body"
	MsgBodyNotJSON           text.Key = "alerts_body_not_json"
	MsgFieldType             text.Key = "alerts_field_type"
	MsgVersion               text.Key = "alerts_version"
	MsgAlertStatus           text.Key = "alerts_alert_status"
	MsgTime                  text.Key = "alerts_time"
	MsgDedupKey              text.Key = "alerts_dedup_key"
	MsgEventAction           text.Key = "alerts_event_action"
	MsgSeverity              text.Key = "alerts_severity"
	MsgBlank                 text.Key = "alerts_blank"
	MsgDedupKeyRequired      text.Key = "alerts_dedup_key_required"
)

func init() {
	text.Register(map[text.Key]text.Texts{
		MsgMissingIntegrationKey: {
			"an integration key is required: Authorization: Bearer <integration key>, or the routing_key of a PagerDuty event",
			"une clé d'intégration est obligatoire : Authorization: Bearer <clé d'intégration>, ou la routing_key d'un événement PagerDuty"},
		MsgInvalidIntegrationKey: {
			"the integration key is unknown or revoked",
			"la clé d'intégration est inconnue ou révoquée"},
		MsgNoBody: {
			"the body is empty: a JSON object is expected",
			"le corps est vide : un objet JSON est attendu"},
		MsgBodyNotJSON: {
			"the body is not a JSON object: %s",
			"le corps n'est pas un objet JSON : %s"},
		MsgFieldType: {
			"field %q has the wrong JSON type",
			"le champ %q n'a pas le bon type JSON"},
		MsgVersion: {
			"field \"version\" must be \"4\", Alertmanager's webhook payload version; got %q",
			"le champ \"version\" doit valoir \"4\", la version du webhook d'Alertmanager ; reçu %q"},
		MsgAlertStatus: {
			"field %q must be firing or resolved",
			"le champ %q doit valoir firing ou resolved"},
		MsgTime: {
			"field %q must be an RFC 3339 date-time",
			"le champ %q doit être une date RFC 3339"},
		MsgDedupKey: {
			"field %q must have 1 to 255 characters, without control characters",
			"le champ %q doit compter de 1 à 255 caractères, sans caractère de contrôle"},
		MsgEventAction: {
			"field \"event_action\" must be trigger, acknowledge or resolve",
			"le champ \"event_action\" doit valoir trigger, acknowledge ou resolve"},
		MsgSeverity: {
			"field \"payload.severity\" must be critical, error, warning or info",
			"le champ \"payload.severity\" doit valoir critical, error, warning ou info"},
		MsgBlank: {
			"field %q is missing or blank",
			"le champ %q est absent ou vide"},
		MsgDedupKeyRequired: {
			"field \"dedup_key\" is required to acknowledge or resolve",
			"le champ \"dedup_key\" est obligatoire pour acquitter ou résoudre"},
	})
}
