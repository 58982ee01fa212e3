package incident

// Messages of the HTTP transport: routing, content negotiation, headers and
// body limits (spec §7).
const (
	MsgRouteNotFound        MessageKey = "http_route_not_found"
	MsgMethodNotAllowed     MessageKey = "http_method_not_allowed"
	MsgNotAcceptable        MessageKey = "http_not_acceptable"
	MsgUnsupportedMediaType MessageKey = "http_unsupported_media_type"
	MsgMissingContentType   MessageKey = "http_missing_content_type"
	MsgBodyTooLarge         MessageKey = "http_body_too_large"
	MsgBodyUnreadable       MessageKey = "http_body_unreadable"
	MsgInvalidIfMatch       MessageKey = "http_invalid_if_match"
	MsgInvalidIdempotency   MessageKey = "http_invalid_idempotency_key"
	MsgQueryMalformed       MessageKey = "http_query_malformed"
	MsgQueryNotAccepted     MessageKey = "http_query_not_accepted"
)

func init() {
	registerMessages(map[MessageKey][2]string{
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
		MsgInvalidIfMatch: {
			"If-Match must be * or a comma-separated list of quoted entity tags",
			"If-Match doit valoir * ou une liste d'étiquettes d'entité entre guillemets séparées par des virgules"},
		MsgInvalidIdempotency: {
			"Idempotency-Key must have 1 to %d printable ASCII characters",
			"Idempotency-Key doit compter de 1 à %d caractères ASCII imprimables"},
		MsgQueryMalformed: {
			"the query string is not valid: use name=value pairs separated by & and percent-encoding",
			"la chaîne de requête n'est pas valide : utilisez des paires nom=valeur séparées par & et l'encodage pour cent"},
		MsgQueryNotAccepted: {
			"parameter %q: this list takes no query parameter",
			"paramètre %q : cette liste n'accepte aucun paramètre"},
	})
}
