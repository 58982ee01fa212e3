package httpapi

import "github.com/incidentd/incidentd/text"

// Texts of the HTTP transport: routing, content negotiation, headers, body
// limits, the upload form and file downloads (spec §7, §9).
const (
	MsgInternal             text.Key = "internal"
	MsgRouteNotFound        text.Key = "http_route_not_found"
	MsgMethodNotAllowed     text.Key = "http_method_not_allowed"
	MsgNotAcceptable        text.Key = "http_not_acceptable"
	MsgUnsupportedMediaType text.Key = "http_unsupported_media_type"
	MsgMissingContentType   text.Key = "http_missing_content_type"
	MsgBodyTooLarge         text.Key = "http_body_too_large"
	MsgBodyUnreadable       text.Key = "http_body_unreadable"
	MsgInvalidEntityTags    text.Key = "http_invalid_entity_tags"
	MsgInvalidIdempotency   text.Key = "http_invalid_idempotency_key"
	MsgQueryMalformed       text.Key = "http_query_malformed"
	MsgQueryNotAccepted     text.Key = "http_query_not_accepted"
	MsgExportCursor         text.Key = "http_export_cursor"

	MsgAttachmentTooLarge   text.Key = "attachment_too_large"
	MsgAttachmentType       text.Key = "attachment_type"
	MsgAttachmentForm       text.Key = "attachment_form"
	MsgAttachmentPartTwice  text.Key = "attachment_part_twice"
	MsgAttachmentPartLength text.Key = "attachment_part_length"
	MsgRangeNotSatisfiable  text.Key = "range_not_satisfiable"
	MsgFileChanged          text.Key = "file_changed"
	// MsgNotesUnavailable is the detail of CodeUnavailable on the note and
	// attachment routes of a server configured without their storage.
	MsgNotesUnavailable text.Key = "notes_unavailable"
	// MsgHubUnavailable is the detail of CodeUnavailable on the /hub
	// routes of a server without webhook subscriptions.
	MsgHubUnavailable text.Key = "hub_unavailable"
	// MsgAlertsUnavailable is the detail of CodeUnavailable on the alert
	// routes of a server configured without alert ingestion.
	MsgAlertsUnavailable text.Key = "alerts_unavailable"
	// MsgEventsUnavailable is the detail of CodeUnavailable on the feed of
	// a server configured without an event store.
	MsgEventsUnavailable text.Key = "events_unavailable"

	// The feed's parameters (spec §11.4).
	MsgEventLimit text.Key = "events_limit"
	MsgEventWait  text.Key = "events_wait"
)

func init() {
	text.Register(map[text.Key]text.Texts{
		MsgInternal: {"internal error, request id %s", "erreur interne, identifiant de requête %s"},
		MsgEventsUnavailable: {
			"the event feed is not configured on this server",
			"le flux d'événements n'est pas configuré sur ce serveur"},
		MsgEventLimit: {
			"parameter %q must be an integer from 1 to %d",
			"le paramètre %q doit être un entier de 1 à %d"},
		MsgEventWait: {
			"parameter %q must be a number of seconds from 0 to %d",
			"le paramètre %q doit être un nombre de secondes de 0 à %d"},
		MsgAlertsUnavailable: {
			"alert ingestion is not configured on this server",
			"la réception d'alertes n'est pas configurée sur ce serveur"},
		MsgRouteNotFound: {
			"no resource at %s",
			"aucune ressource à l'adresse %s"},
		MsgMethodNotAllowed: {
			"method %s is not allowed here; allowed: %s",
			"la méthode %s n'est pas autorisée ici ; autorisées : %s"},
		MsgNotAcceptable: {
			"this resource is available as %s only",
			"cette ressource n'est disponible qu'au format %s"},
		MsgUnsupportedMediaType: {
			"Content-Type %q is not accepted here; use %s",
			"le Content-Type %q n'est pas accepté ici ; utilisez %s"},
		MsgMissingContentType: {
			"a request body needs a Content-Type header: use %s",
			"un corps de requête exige un en-tête Content-Type : utilisez %s"},
		MsgBodyTooLarge: {
			"the request body exceeds %d bytes",
			"le corps de la requête dépasse %d octets"},
		MsgBodyUnreadable: {
			"the request body could not be read",
			"le corps de la requête n'a pas pu être lu"},
		MsgInvalidEntityTags: {
			"%s must be * or a comma-separated list of quoted entity tags",
			"%s doit valoir * ou une liste d'étiquettes d'entité entre guillemets séparées par des virgules"},
		MsgInvalidIdempotency: {
			"Idempotency-Key must have 1 to %d printable ASCII characters",
			"Idempotency-Key doit compter de 1 à %d caractères ASCII imprimables"},
		MsgQueryMalformed: {
			"the query string is not valid: use name=value pairs separated by & and percent-encoding",
			"la chaîne de requête n'est pas valide : utilisez des paires nom=valeur séparées par & et l'encodage pour cent"},
		MsgExportCursor: {
			"parameter %q: an export takes the whole result; cursors page the JSON list",
			"paramètre %q : un export prend tout le résultat ; les curseurs paginent la liste JSON"},
		MsgQueryNotAccepted: {
			"parameter %q: this list takes no query parameter",
			"paramètre %q : cette liste n'accepte aucun paramètre"},

		MsgAttachmentTooLarge: {
			"the file exceeds %d bytes",
			"le fichier dépasse %d octets"},
		MsgAttachmentType: {
			"files of type %s are not accepted; accepted types: %s",
			"les fichiers de type %s ne sont pas acceptés ; types acceptés : %s"},
		MsgAttachmentForm: {
			"the body is not a valid multipart/form-data form",
			"le corps n'est pas un formulaire multipart/form-data valide"},
		MsgAttachmentPartTwice: {
			"the form has more than one part named %q",
			"le formulaire a plus d'une partie nommée %q"},
		MsgAttachmentPartLength: {
			"form part %q exceeds %d bytes",
			"la partie %q du formulaire dépasse %d octets"},
		MsgRangeNotSatisfiable: {
			"the range is outside the file's %d bytes",
			"la plage sort des %d octets du fichier"},
		MsgFileChanged: {
			"the file does not match the condition: its ETag is %s",
			"le fichier ne remplit pas la condition : son ETag est %s"},
		MsgNotesUnavailable: {
			"notes and attachments are not available on this server",
			"les notes et les pièces jointes ne sont pas disponibles sur ce serveur"},
		MsgHubUnavailable: {
			"webhook subscriptions are not available on this server",
			"les abonnements webhook ne sont pas disponibles sur ce serveur"},
	})
}

// Texts of the limits a request meets: concurrent exports, sizes of the
// request, time and storage.
const (
	MsgExportsPerParty text.Key = "limit_exports_per_party"
	MsgExportsTotal    text.Key = "limit_exports_total"
	MsgURLTooLong      text.Key = "limit_url"
	MsgHeadersTooLarge text.Key = "limit_headers"
)

func init() {
	text.Register(map[text.Key]text.Texts{
		MsgExportsPerParty: {
			"at most %d exports may run at once per customer: retry when one has ended",
			"au plus %d exports peuvent s'exécuter à la fois par client : réessayez quand l'un d'eux est terminé"},
		MsgExportsTotal: {
			"the server runs at most %d exports at once: retry later",
			"le serveur exécute au plus %d exports à la fois : réessayez plus tard"},
		MsgURLTooLong: {
			"the URL exceeds %d bytes",
			"l'URL dépasse %d octets"},
		MsgHeadersTooLarge: {
			"the request headers exceed %d bytes",
			"les en-têtes de la requête dépassent %d octets"},
	})
}
