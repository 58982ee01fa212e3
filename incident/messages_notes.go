package incident

// Detail messages of notes and attachments (spec §9), the upload form and
// file downloads included.
const (
	MsgAttachmentText       MessageKey = "attachment_text"
	MsgAttachmentNoteID     MessageKey = "attachment_note_id"
	MsgAttachmentNoteSide   MessageKey = "attachment_note_side"
	MsgAttachmentEmpty      MessageKey = "attachment_empty"
	MsgAttachmentTooLarge   MessageKey = "attachment_too_large"
	MsgAttachmentType       MessageKey = "attachment_type"
	MsgAttachmentForm       MessageKey = "attachment_form"
	MsgAttachmentPartTwice  MessageKey = "attachment_part_twice"
	MsgAttachmentPartLength MessageKey = "attachment_part_length"
	MsgRangeNotSatisfiable  MessageKey = "range_not_satisfiable"
	MsgFileChanged          MessageKey = "file_changed"
	// MsgNotesUnavailable is the detail of CodeUnavailable on the note and
	// attachment routes of a server configured without their storage.
	MsgNotesUnavailable MessageKey = "notes_unavailable"
)

func init() {
	registerMessages(map[MessageKey][2]string{
		MsgAttachmentText: {
			"field %q must be UTF-8 text without NUL characters",
			"le champ %q doit être du texte UTF-8 sans caractère NUL"},
		MsgAttachmentNoteID: {
			"field \"noteId\" must be the id of a note, a positive integer",
			"le champ \"noteId\" doit être l'identifiant d'une note, un entier positif"},
		MsgAttachmentNoteSide: {
			"note %d was written by the other side: attach files to a note of your own",
			"la note %d a été écrite par l'autre partie : joignez les fichiers à l'une de vos notes"},
		MsgAttachmentEmpty: {
			"the file is empty",
			"le fichier est vide"},
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
	})
}
