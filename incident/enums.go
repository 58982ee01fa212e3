package incident

// Enumerations of the incident representation. Their string values are the
// wire values of the Incident API and never change with the language.

type Status string

const (
	StatusNew        Status = "NEW"
	StatusValidated  Status = "VALIDATED"
	StatusInProgress Status = "IN_PROGRESS"
	StatusPending    Status = "PENDING"
	StatusResolved   Status = "RESOLVED"
	StatusClosed     Status = "CLOSED"
	StatusCancelled  Status = "CANCELLED"
)

type Impact string

const (
	ImpactS1 Impact = "S1"
	ImpactS2 Impact = "S2"
	ImpactS3 Impact = "S3"
	ImpactS4 Impact = "S4"
)

type Urgency string

const (
	UrgencyU1 Urgency = "U1"
	UrgencyU2 Urgency = "U2"
	UrgencyU3 Urgency = "U3"
)

type Priority string

const (
	PriorityP1 Priority = "P1"
	PriorityP2 Priority = "P2"
	PriorityP3 Priority = "P3"
	PriorityP4 Priority = "P4"
)

type ServiceCondition string

const (
	// ConditionInterrupted keeps the published spelling of the API.
	ConditionInterrupted ServiceCondition = "INTERUPTED"
	ConditionDegraded    ServiceCondition = "DEGRADED"
	ConditionNotAffected ServiceCondition = "NOT_AFFECTED"
)

type Origin string

const (
	OriginProactive Origin = "PROACTIVE"
	OriginReactive  Origin = "REACTIVE"
)

type Type string

const (
	TypeFailure       Type = "FAILURE"
	TypeDegradation   Type = "DEGRADATION"
	TypeConfiguration Type = "CONFIGURATION"
	TypeInformation   Type = "INFORMATION"
)

type ResolutionCode string

const (
	ResolutionFixed                  ResolutionCode = "FIXED"
	ResolutionNoFaultFound           ResolutionCode = "NO_FAULT_FOUND"
	ResolutionCustomerResponsibility ResolutionCode = "CUSTOMER_RESPONSIBILITY"
	ResolutionThirdParty             ResolutionCode = "THIRD_PARTY"
	ResolutionWorkaround             ResolutionCode = "WORKAROUND"
	// ResolutionAutoResolved is how an alert integration resolves the
	// incident its alert opened when the alert stops firing.
	ResolutionAutoResolved ResolutionCode = "AUTO_RESOLVED"
)

type FreezeReason string

const (
	FreezePendingCustomer     FreezeReason = "PENDING_CUSTOMER"
	FreezeSiteAccessRefused   FreezeReason = "SITE_ACCESS_REFUSED"
	FreezeCustomerUnreachable FreezeReason = "CUSTOMER_UNREACHABLE"
	FreezeCustomerRequest     FreezeReason = "CUSTOMER_REQUEST"
	FreezeThirdParty          FreezeReason = "THIRD_PARTY"
	FreezeOther               FreezeReason = "OTHER"
)

// ActorType says who made a change or wrote a note.
type ActorType string

const (
	ActorCustomer ActorType = "CUSTOMER"
	ActorProvider ActorType = "PROVIDER"
	ActorSystem   ActorType = "SYSTEM"
)

// Ordered value lists, used for validation, documentation and iteration.
var (
	Statuses          = []string{string(StatusNew), string(StatusValidated), string(StatusInProgress), string(StatusPending), string(StatusResolved), string(StatusClosed), string(StatusCancelled)}
	Impacts           = []string{"S1", "S2", "S3", "S4"}
	Urgencies         = []string{"U1", "U2", "U3"}
	Priorities        = []string{"P1", "P2", "P3", "P4"}
	ServiceConditions = []string{string(ConditionInterrupted), string(ConditionDegraded), string(ConditionNotAffected)}
	Origins           = []string{string(OriginProactive), string(OriginReactive)}
	Types             = []string{string(TypeFailure), string(TypeDegradation), string(TypeConfiguration), string(TypeInformation)}
	ResolutionCodes   = []string{string(ResolutionFixed), string(ResolutionNoFaultFound), string(ResolutionCustomerResponsibility), string(ResolutionThirdParty), string(ResolutionWorkaround), string(ResolutionAutoResolved)}
	FreezeReasons     = []string{string(FreezePendingCustomer), string(FreezeSiteAccessRefused), string(FreezeCustomerUnreachable), string(FreezeCustomerRequest), string(FreezeThirdParty), string(FreezeOther)}
	ActorTypes        = []string{string(ActorCustomer), string(ActorProvider), string(ActorSystem)}
)

// oneOf reports whether v is one of the values.
func oneOf(v string, values []string) bool {
	for _, x := range values {
		if x == v {
			return true
		}
	}
	return false
}
