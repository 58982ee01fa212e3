package incident

// Messages of authentication and rate limiting (spec §1.2, §1.4).
const (
	MsgMissingAccessToken MessageKey = "auth_missing_access_token"
	MsgMissingAPIKey      MessageKey = "auth_missing_api_key"
	MsgInvalidAccessToken MessageKey = "auth_invalid_access_token"
	MsgExpiredAccessToken MessageKey = "auth_expired_access_token"
	MsgRevokedClient      MessageKey = "auth_revoked_client"
	MsgInvalidAPIKey      MessageKey = "auth_invalid_api_key"
	MsgRevokedAPIKey      MessageKey = "auth_revoked_api_key"
	MsgExpiredAPIKey      MessageKey = "auth_expired_api_key"
	MsgAPIKeyMismatch     MessageKey = "auth_api_key_mismatch"
	MsgRateLimited        MessageKey = "auth_rate_limited"
)

func init() {
	registerMessages(map[MessageKey][2]string{
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
	})
}
