package incident

import "time"

// The typed commands of the domain operations: what a caller asks for,
// before the rules (roles, lifecycle, matrix, clock) apply.

// Caller is who performs a domain operation, as established by the
// transport from the verified credentials.
type Caller struct {
	Role     Role
	Scope    Scope
	Actor    Actor
	ClientID string
	// RequestID is the id of the request that asked for the operation (the
	// X-OAPI-Request-Id answered): the correlation id of its events. Empty
	// for the server's own jobs.
	RequestID string
}

// Precondition is what an incident must be for an update to apply: one of
// the versions named by their tags (Incident.Tag), or any version with Any.
// The zero Precondition is no condition.
type Precondition struct {
	Tags []string
	Any  bool
}

// FreezeInput is a freeze period an operator adds (spec §5).
type FreezeInput struct {
	StartAt time.Time
	EndAt   *time.Time // nil: the period is open
	Reason  FreezeReason
	Comment string
}

// FreezePatch closes or corrects a freeze period: a nil field is left
// alone; RemoveEndAt reopens the period.
type FreezePatch struct {
	StartAt     *time.Time
	EndAt       *time.Time
	RemoveEndAt bool
	Reason      *FreezeReason
	// Comment set to "" removes the comment.
	Comment *string
}

// NewNote is a note a caller writes on an incident (spec §9). Internal is
// for operators only.
type NewNote struct {
	Text     string
	Internal bool
}

// Upload is a file a caller attaches to an incident (spec §9): the form's
// fields, and the file, already stored and described by its digest, size
// and sniffed type.
type Upload struct {
	FileName    string // the file name the client gave, unsanitized
	Description string // empty when absent
	NoteID      int64  // 0 when the file belongs to no note
	SHA256      string
	Size        int64
	MimeType    string
}
