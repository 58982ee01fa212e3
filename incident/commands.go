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
}

// NewIncident is what a reporter gives to open an incident (spec §3.4).
type NewIncident struct {
	// CustomerID names the customer of an operator's incident; customers
	// report for themselves and leave it empty.
	CustomerID        string
	Description       string
	Impact            Impact
	Urgency           Urgency
	Type              Type             // empty: FAILURE
	ServiceCondition  ServiceCondition // empty: the matrix's default for the impact
	CustomerReference string
	Service           *Service
	Location          *Location
	Contact           *Contact
	IsEscalated       bool
	// Origin and DetectedAt are for operators only. An empty Origin is
	// PROACTIVE for an operator's incident, REACTIVE for a customer's.
	Origin     Origin
	DetectedAt *time.Time
}

// Patch is a change to an incident with the semantics of a JSON merge
// patch (RFC 7396): a nil field leaves the attribute alone. Which caller may
// change what is decided by the rules, on the changes the patch makes.
type Patch struct {
	Status           *Status
	Description      *string
	Impact           *Impact
	Urgency          *Urgency
	ServiceCondition *ServiceCondition
	Origin           *Origin
	Type             *Type
	IsEscalated      *bool
	// CustomerReference set to "" removes the reference.
	CustomerReference *string
	Service           *ServicePatch
	Location          *LocationPatch
	Contact           *ContactPatch
	Resolution        *ResolutionPatch
	DetectedAt        *time.Time
	RemoveDetectedAt  bool

	// StatusChangeReason explains a status change in its history entry; it
	// needs Status.
	StatusChangeReason string
	// FreezeReason is the reason of the freeze period that entering PENDING
	// opens (PENDING_CUSTOMER when empty); it needs Status PENDING.
	FreezeReason FreezeReason
}

// ServicePatch changes the impacted service: Remove unsets it; otherwise
// the fields given are set, on a new service when the incident has none.
type ServicePatch struct {
	Remove   bool
	ID, Name *string
}

// LocationPatch changes the location like ServicePatch, its address
// included.
type LocationPatch struct {
	Remove   bool
	ID, Name *string
	Address  *AddressPatch
}

// AddressPatch changes the address of a location like ServicePatch.
type AddressPatch struct {
	Remove                            bool
	Street, PostalCode, City, Country *string
}

// ContactPatch changes the contact like ServicePatch.
type ContactPatch struct {
	Remove             bool
	Name, Email, Phone *string
}

// ResolutionPatch changes the resolution like ServicePatch.
type ResolutionPatch struct {
	Remove bool
	Code   *ResolutionCode
	Text   *string
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
