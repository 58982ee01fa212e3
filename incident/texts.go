package incident

import "github.com/incidentd/incidentd/text"

// Texts of the domain's errors: the rules of incidents, their fields, their
// lifecycle, their freeze periods, notes and attachments, and the failures
// every store reports the same way.
const (
	MsgNotFound              text.Key = "not_found"
	MsgAccessDenied          text.Key = "access_denied"
	MsgForbiddenField        text.Key = "forbidden_field"
	MsgMissingField          text.Key = "missing_field"
	MsgFieldEnum             text.Key = "field_enum"
	MsgFieldLength           text.Key = "field_length"
	MsgFieldBlank            text.Key = "field_blank"
	MsgFieldControl          text.Key = "field_control"
	MsgFieldEmail            text.Key = "field_email"
	MsgFieldCountry          text.Key = "field_country"
	MsgUnknownCustomer       text.Key = "unknown_customer"
	MsgEscalationIrrevocable text.Key = "escalation_irrevocable"
	MsgDetectedNotProactive  text.Key = "detected_not_proactive"
	MsgDetectedAfterCreated  text.Key = "detected_after_created"
	MsgInvalidTransition     text.Key = "invalid_transition"
	MsgIncidentFinal         text.Key = "incident_final"
	MsgResolutionRequired    text.Key = "resolution_required"
	MsgResolutionNotResolved text.Key = "resolution_not_resolved"
	MsgReasonWithoutStatus   text.Key = "reason_without_status"
	MsgFreezeReasonNoPending text.Key = "freeze_reason_no_pending"
	MsgPreconditionFailed    text.Key = "precondition_failed"
	MsgIdempotencyKeyInvalid text.Key = "idempotency_key_invalid"
	MsgIdempotencyReused     text.Key = "idempotency_reused"

	MsgOverlappingFreeze    text.Key = "overlapping_freeze"
	MsgFreezeStartInFuture  text.Key = "freeze_start_in_future"
	MsgFreezeEndInFuture    text.Key = "freeze_end_in_future"
	MsgFreezeEndBeforeStart text.Key = "freeze_end_before_start"
	MsgFreezeOpenWhenOver   text.Key = "freeze_open_when_over"

	MsgFieldText          text.Key = "field_text"
	MsgAttachmentNoteSide text.Key = "attachment_note_side"
	MsgAttachmentEmpty    text.Key = "attachment_empty"

	// MsgAggregationTooMany refuses an aggregation whose groups outnumber
	// its bound (code 28, naming the groupBy parameter).
	MsgAggregationTooMany text.Key = "aggregation_too_many_groups"
	// MsgStorageUnavailable is the detail of CodeUnavailable when the
	// database does not answer (connection refused or lost, busy or full).
	MsgStorageUnavailable text.Key = "storage_unavailable"
	// MsgStorageFull is the detail of CodeUnavailable when the disk of the
	// database or of the attachments has no room left for a write.
	MsgStorageFull text.Key = "storage_full"

	// The change feed's cursors (spec §11.4).
	MsgCursorInvalid text.Key = "cursor_invalid"
	MsgCursorExpired text.Key = "cursor_expired"
)

func init() {
	text.Register(map[text.Key]text.Texts{
		MsgNotFound:              {"%s not found", "%s introuvable"},
		MsgAccessDenied:          {"the scope of this client does not allow this operation", "le périmètre de ce client n'autorise pas cette opération"},
		MsgForbiddenField:        {"field %q cannot be written by this client", "le champ %q ne peut pas être modifié par ce client"},
		MsgMissingField:          {"field %q is required", "le champ %q est obligatoire"},
		MsgFieldEnum:             {"field %q must be one of %s", "le champ %q doit valoir l'une des valeurs %s"},
		MsgFieldLength:           {"field %q must have %d to %d characters", "le champ %q doit compter de %d à %d caractères"},
		MsgFieldBlank:            {"field %q cannot be blank", "le champ %q ne peut pas être vide"},
		MsgFieldControl:          {"field %q contains a NUL character", "le champ %q contient un caractère NUL"},
		MsgFieldEmail:            {"field %q is not an email address", "le champ %q n'est pas une adresse e-mail"},
		MsgFieldCountry:          {"field %q must be an ISO 3166-1 alpha-2 country code", "le champ %q doit être un code pays ISO 3166-1 alpha-2"},
		MsgUnknownCustomer:       {"customer %q does not exist", "le client %q n'existe pas"},
		MsgEscalationIrrevocable: {"an escalation cannot be withdrawn", "une escalade ne peut pas être retirée"},
		MsgDetectedNotProactive:  {"detectedAt applies to proactive incidents only", "detectedAt ne s'applique qu'aux incidents proactifs"},
		MsgDetectedAfterCreated:  {"detectedAt cannot be after the creation time", "detectedAt ne peut pas être postérieur à la création"},
		MsgInvalidTransition:     {"status %s cannot change to %s; allowed: %s", "le statut %s ne peut pas passer à %s ; autorisés : %s"},
		MsgIncidentFinal:         {"the incident is %s and can no longer change", "l'incident est %s et ne peut plus changer"},
		MsgResolutionRequired:    {"status RESOLVED requires a resolution", "le statut RESOLVED exige une résolution"},
		MsgResolutionNotResolved: {"a resolution can be set only on a RESOLVED incident", "une résolution ne peut être donnée qu'à un incident RESOLVED"},
		MsgReasonWithoutStatus:   {"field %q requires a status in the same request", "le champ %q exige un statut dans la même requête"},
		MsgFreezeReasonNoPending: {"freezeReason applies only when the status becomes PENDING", "freezeReason ne s'applique que lorsque le statut devient PENDING"},
		MsgPreconditionFailed:    {"the incident has changed: its ETag is %q", "l'incident a changé : son ETag est %q"},
		MsgIdempotencyKeyInvalid: {"the Idempotency-Key header must have 1 to %d printable ASCII characters", "l'en-tête Idempotency-Key doit compter de 1 à %d caractères ASCII imprimables"},
		MsgIdempotencyReused:     {"idempotency key %q was used with another request", "la clé d'idempotence %q a servi pour une autre requête"},

		MsgOverlappingFreeze:    {"freeze period overlaps period %d", "la période de gel chevauche la période %d"},
		MsgFreezeStartInFuture:  {"startAt cannot be in the future", "startAt ne peut pas être dans le futur"},
		MsgFreezeEndInFuture:    {"endAt cannot be in the future", "endAt ne peut pas être dans le futur"},
		MsgFreezeEndBeforeStart: {"endAt must be after startAt", "endAt doit être postérieur à startAt"},
		MsgFreezeOpenWhenOver:   {"the incident is %s: a freeze period needs an endAt", "l'incident est %s : une période de gel exige un endAt"},

		MsgFieldText: {
			"field %q must be UTF-8 text without NUL characters",
			"le champ %q doit être du texte UTF-8 sans caractère NUL"},
		MsgAttachmentNoteSide: {
			"note %d was written by the other side: attach files to a note of your own",
			"la note %d a été écrite par l'autre partie : joignez les fichiers à l'une de vos notes"},
		MsgAttachmentEmpty: {"the file is empty", "le fichier est vide"},

		MsgAggregationTooMany: {
			"parameter %q: the grouping makes more than %d groups; group by fewer attributes or filter more",
			"paramètre %q : le regroupement produit plus de %d groupes ; regroupez par moins d'attributs ou filtrez davantage"},
		MsgStorageUnavailable: {"the database is temporarily unavailable", "la base de données est momentanément indisponible"},
		MsgStorageFull:        {"the server's storage is full: nothing was written, retry later", "le stockage du serveur est plein : rien n'a été écrit, réessayez plus tard"},
		MsgCursorInvalid:      {"parameter %q is not a cursor of this feed", "le paramètre %q n'est pas un curseur de ce flux"},
		MsgCursorExpired: {"cursor %q points to events older than the retention period; start again without after, or from a newer cursor",
			"le curseur %q désigne des événements plus anciens que la durée de conservation ; reprenez sans after, ou depuis un curseur plus récent"},
	})
}
