package incident

// Detail messages of request body errors and of the update rules.
const (
	MsgBodyOversized         MessageKey = "body_oversized"
	MsgBodyTooDeep           MessageKey = "body_too_deep"
	MsgBodyDuplicateKey      MessageKey = "body_duplicate_key"
	MsgBodyTrailingData      MessageKey = "body_trailing_data"
	MsgFieldNull             MessageKey = "field_null"
	MsgFieldNotString        MessageKey = "field_not_string"
	MsgFieldNotBool          MessageKey = "field_not_bool"
	MsgFieldNotObject        MessageKey = "field_not_object"
	MsgFieldNotTime          MessageKey = "field_not_time"
	MsgFieldBlank            MessageKey = "field_blank"
	MsgFieldControl          MessageKey = "field_control"
	MsgFieldEmail            MessageKey = "field_email"
	MsgFieldCountry          MessageKey = "field_country"
	MsgDetectedNotProactive  MessageKey = "detected_not_proactive"
	MsgReasonWithoutStatus   MessageKey = "reason_without_status"
	MsgFreezeReasonNoPending MessageKey = "freeze_reason_no_pending"
	MsgResolutionNotResolved MessageKey = "resolution_not_resolved"
	MsgIncidentFinal         MessageKey = "incident_final"
	MsgIdempotencyKeyInvalid MessageKey = "idempotency_key_invalid"
)

func init() {
	registerMessages(map[MessageKey][2]string{
		MsgBodyOversized:         {"the body exceeds %d bytes", "le corps dépasse %d octets"},
		MsgBodyTooDeep:           {"the body nests values deeper than %d levels", "le corps imbrique des valeurs sur plus de %d niveaux"},
		MsgBodyDuplicateKey:      {"the body repeats the key %q", "le corps répète la clé %q"},
		MsgBodyTrailingData:      {"the body has data after its JSON object", "le corps contient des données après son objet JSON"},
		MsgFieldNull:             {"field %q cannot be null", "le champ %q ne peut pas être null"},
		MsgFieldNotString:        {"field %q must be a string", "le champ %q doit être une chaîne"},
		MsgFieldNotBool:          {"field %q must be true or false", "le champ %q doit valoir true ou false"},
		MsgFieldNotObject:        {"field %q must be an object", "le champ %q doit être un objet"},
		MsgFieldNotTime:          {"field %q must be an RFC 3339 date-time", "le champ %q doit être une date-heure RFC 3339"},
		MsgFieldBlank:            {"field %q cannot be blank", "le champ %q ne peut pas être vide"},
		MsgFieldControl:          {"field %q contains a NUL character", "le champ %q contient un caractère NUL"},
		MsgFieldEmail:            {"field %q is not an email address", "le champ %q n'est pas une adresse e-mail"},
		MsgFieldCountry:          {"field %q must be an ISO 3166-1 alpha-2 country code", "le champ %q doit être un code pays ISO 3166-1 alpha-2"},
		MsgDetectedNotProactive:  {"detectedAt applies to proactive incidents only", "detectedAt ne s'applique qu'aux incidents proactifs"},
		MsgReasonWithoutStatus:   {"field %q requires a status in the same request", "le champ %q exige un statut dans la même requête"},
		MsgFreezeReasonNoPending: {"freezeReason applies only when the status becomes PENDING", "freezeReason ne s'applique que lorsque le statut devient PENDING"},
		MsgResolutionNotResolved: {"a resolution can be set only on a RESOLVED incident", "une résolution ne peut être donnée qu'à un incident RESOLVED"},
		MsgIncidentFinal:         {"the incident is %s and can no longer change", "l'incident est %s et ne peut plus changer"},
		MsgIdempotencyKeyInvalid: {"the Idempotency-Key header must have 1 to %d printable ASCII characters", "l'en-tête Idempotency-Key doit compter de 1 à %d caractères ASCII imprimables"},
	})
}
