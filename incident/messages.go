package incident

// catalog holds every detail message in English and French, as fmt formats.
// Other files of the domain add theirs with registerMessages.
var catalog = map[MessageKey][2]string{}

func registerMessages(m map[MessageKey][2]string) {
	for k, v := range m {
		if _, dup := catalog[k]; dup {
			panic("incident: duplicate message key " + string(k))
		}
		catalog[k] = v
	}
}

const (
	MsgNotFound              MessageKey = "not_found"
	MsgInternal              MessageKey = "internal"
	MsgUnknownField          MessageKey = "unknown_field"
	MsgReadOnlyField         MessageKey = "read_only_field"
	MsgForbiddenField        MessageKey = "forbidden_field"
	MsgFieldType             MessageKey = "field_type"
	MsgFieldEnum             MessageKey = "field_enum"
	MsgFieldLength           MessageKey = "field_length"
	MsgFieldFormat           MessageKey = "field_format"
	MsgMissingField          MessageKey = "missing_field"
	MsgBodyNotObject         MessageKey = "body_not_object"
	MsgBodyMalformed         MessageKey = "body_malformed"
	MsgMissingBody           MessageKey = "missing_body"
	MsgInvalidTransition     MessageKey = "invalid_transition"
	MsgResolutionRequired    MessageKey = "resolution_required"
	MsgIdempotencyReused     MessageKey = "idempotency_reused"
	MsgOverlappingFreeze     MessageKey = "overlapping_freeze"
	MsgPreconditionFailed    MessageKey = "precondition_failed"
	MsgAccessDenied          MessageKey = "access_denied"
	MsgEscalationIrrevocable MessageKey = "escalation_irrevocable"
	MsgUnknownCustomer       MessageKey = "unknown_customer"
	MsgDetectedAfterCreated  MessageKey = "detected_after_created"
	MsgFreezeEndInFuture     MessageKey = "freeze_end_in_future"
	MsgFreezeEndBeforeStart  MessageKey = "freeze_end_before_start"
)

func init() {
	registerMessages(map[MessageKey][2]string{
		MsgNotFound:              {"%s not found", "%s introuvable"},
		MsgInternal:              {"internal error, request id %s", "erreur interne, identifiant de requête %s"},
		MsgUnknownField:          {"unknown field %q", "champ inconnu %q"},
		MsgReadOnlyField:         {"field %q is read-only", "le champ %q est en lecture seule"},
		MsgForbiddenField:        {"field %q cannot be written by this client", "le champ %q ne peut pas être modifié par ce client"},
		MsgFieldType:             {"field %q must be %s", "le champ %q doit être %s"},
		MsgFieldEnum:             {"field %q must be one of %s", "le champ %q doit valoir l'une des valeurs %s"},
		MsgFieldLength:           {"field %q must have %d to %d characters", "le champ %q doit compter de %d à %d caractères"},
		MsgFieldFormat:           {"field %q: %s", "champ %q : %s"},
		MsgMissingField:          {"field %q is required", "le champ %q est obligatoire"},
		MsgBodyNotObject:         {"the body must be a JSON object", "le corps doit être un objet JSON"},
		MsgBodyMalformed:         {"the body is not valid JSON: %s", "le corps n'est pas du JSON valide : %s"},
		MsgMissingBody:           {"a request body is required", "un corps de requête est obligatoire"},
		MsgInvalidTransition:     {"status %s cannot change to %s; allowed: %s", "le statut %s ne peut pas passer à %s ; autorisés : %s"},
		MsgResolutionRequired:    {"status RESOLVED requires a resolution", "le statut RESOLVED exige une résolution"},
		MsgIdempotencyReused:     {"idempotency key %q was used with another request", "la clé d'idempotence %q a servi pour une autre requête"},
		MsgOverlappingFreeze:     {"freeze period overlaps period %d", "la période de gel chevauche la période %d"},
		MsgPreconditionFailed:    {"the incident has changed: its ETag is %s", "l'incident a changé : son ETag est %s"},
		MsgAccessDenied:          {"the scope of this client does not allow this operation", "le périmètre de ce client n'autorise pas cette opération"},
		MsgEscalationIrrevocable: {"an escalation cannot be withdrawn", "une escalade ne peut pas être retirée"},
		MsgUnknownCustomer:       {"customer %q does not exist", "le client %q n'existe pas"},
		MsgDetectedAfterCreated:  {"detectedAt cannot be after the creation time", "detectedAt ne peut pas être postérieur à la création"},
		MsgFreezeEndInFuture:     {"endAt cannot be in the future", "endAt ne peut pas être dans le futur"},
		MsgFreezeEndBeforeStart:  {"endAt must be after startAt", "endAt doit être postérieur à startAt"},
	})
}
