package auth

import "github.com/incidentd/incidentd/text"

// Texts of authentication and rate limiting (spec §1.2, §1.4).
const (
	MsgMissingAccessToken text.Key = "auth_missing_access_token"
	MsgMissingAPIKey      text.Key = "auth_missing_api_key"
	MsgInvalidAccessToken text.Key = "auth_invalid_access_token"
	MsgExpiredAccessToken text.Key = "auth_expired_access_token"
	MsgRevokedClient      text.Key = "auth_revoked_client"
	MsgInvalidAPIKey      text.Key = "auth_invalid_api_key"
	MsgRevokedAPIKey      text.Key = "auth_revoked_api_key"
	MsgExpiredAPIKey      text.Key = "auth_expired_api_key"
	MsgAPIKeyMismatch     text.Key = "auth_api_key_mismatch"
	MsgRateLimited        text.Key = "auth_rate_limited"

	MsgTooManyFailures      text.Key = "auth_too_many_failures"
	MsgTooManyVerifications text.Key = "auth_too_many_verifications"
)

func init() {
	text.Register(map[text.Key]text.Texts{
		MsgMissingAccessToken: {
			"an access token is required in the Authorization header",
			"un jeton d'accès est obligatoire dans l'en-tête Authorization"},
		MsgMissingAPIKey: {
			"an API key is required in the X-Api-Key header",
			"une clé d'API est obligatoire dans l'en-tête X-Api-Key"},
		MsgInvalidAccessToken: {
			"the access token is not valid",
			"le jeton d'accès n'est pas valide"},
		MsgExpiredAccessToken: {
			"the access token has expired: request a new one",
			"le jeton d'accès a expiré : demandez-en un nouveau"},
		MsgRevokedClient: {
			"the client of this access token has been revoked",
			"le client de ce jeton d'accès a été révoqué"},
		MsgInvalidAPIKey: {
			"the API key is not valid",
			"la clé d'API n'est pas valide"},
		MsgRevokedAPIKey: {
			"the API key has been revoked",
			"la clé d'API a été révoquée"},
		MsgExpiredAPIKey: {
			"the API key has expired",
			"la clé d'API a expiré"},
		MsgAPIKeyMismatch: {
			"the API key does not match the client of the access token",
			"la clé d'API ne correspond pas au client du jeton d'accès"},
		MsgRateLimited: {
			"too many requests: retry in %d s",
			"trop de requêtes : réessayez dans %d s"},
		MsgTooManyFailures: {
			"too many failed authentications of this client or from this address: retry in %d s",
			"trop d'authentifications échouées de ce client ou depuis cette adresse : réessayez dans %d s"},
		MsgTooManyVerifications: {
			"too many token requests are being checked at once: retry in a moment",
			"trop de demandes de jeton sont en cours de vérification : réessayez dans un instant"},
	})
}
