package webhook

import "github.com/incidentd/incidentd/text"

// Texts of the subscriptions' errors.
const (
	MsgCallbackInvalid    text.Key = "webhook_callback_invalid"
	MsgCallbackNotHTTPS   text.Key = "webhook_callback_not_https"
	MsgCallbackAddress    text.Key = "webhook_callback_address"
	MsgCallbackUnresolved text.Key = "webhook_callback_unresolved"
	MsgTooMany            text.Key = "webhook_too_many"
	MsgReplayPoint        text.Key = "webhook_replay_point"
	MsgReplayCursor       text.Key = "webhook_replay_cursor"
)

func init() {
	text.Register(map[text.Key]text.Texts{
		MsgCallbackInvalid: {
			"field \"callback\" must be an absolute URL of at most 2048 characters, without fragment: %q",
			"le champ \"callback\" doit être une URL absolue d'au plus 2048 caractères, sans fragment : %q"},
		MsgCallbackNotHTTPS: {
			"field \"callback\" must be an https URL",
			"le champ \"callback\" doit être une URL https"},
		MsgCallbackAddress: {
			"field \"callback\": host %s has address %s, which is loopback, private, link-local, multicast or otherwise not public",
			"champ \"callback\" : l'hôte %s a l'adresse %s, de bouclage, privée, lien-local, multicast ou autrement non publique"},
		MsgCallbackUnresolved: {
			"field \"callback\": host %s does not resolve",
			"champ \"callback\" : l'hôte %s ne se résout pas"},
		MsgTooMany: {
			"at most %d subscriptions are allowed; delete one first",
			"au plus %d abonnements sont permis ; supprimez-en un d'abord"},
		MsgReplayPoint: {
			"give exactly one of \"after\" (an event cursor) and \"since\" (a date-time)",
			"donnez exactement l'un de \"after\" (un curseur d'événement) et \"since\" (une date-heure)"},
		MsgReplayCursor: {
			"field \"after\" is not a cursor of the event feed: %q",
			"le champ \"after\" n'est pas un curseur du flux d'événements : %q"},
	})
}
