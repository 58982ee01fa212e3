package incident

import (
	"time"

	"github.com/incidentd/incidentd/text"
)

// Length limits of incident fields, in characters.
const (
	MaxDescription        = 4000
	MaxCustomerReference  = 100
	MaxResolutionText     = 4000
	MaxStatusChangeReason = 1000
	MaxFreezeComment      = 1000
	MaxRefID              = 100
	MaxName               = 200
	MaxPostalCode         = 20
	MaxEmail              = 254
	MaxPhone              = 50
)

// field is one attribute of an incident that requests change: its name in
// dot notation, its value as text (nil when unset), the rule its values
// follow, and whether customers may change it (spec §3.4). The history
// records changes of these fields by their text.
type field struct {
	name     string
	value    func(*Incident) *string
	rule     rule
	customer bool
	// create and patch copy a top-level attribute from a command, when
	// the command gives it (nil for the attributes of objects).
	create func(*Incident, *NewIncident)
	patch  func(*Incident, *Patch)
}

// rule is what a field's value must be.
type rule struct {
	values   []string // an enumeration's values
	text     bool     // text: UTF-8 without NUL, of min to max characters
	min, max int
	nonBlank bool
	// format checks a non-empty text.
	format   func(string) bool
	formatKO text.Key
	// required in its object: an empty value is missing (resolution.code).
	required bool
}

func enumRule(values []string) rule { return rule{values: values} }
func textRule(max int) rule         { return rule{text: true, max: max} }

func textOf(s string) *string { return &s }

// optionalText is nil for an empty text: the attribute is unset.
func optionalText(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// timeText renders a time as the history keeps it: RFC 3339 in UTC with
// milliseconds; nil stays nil.
func timeText(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.UTC().Format("2006-01-02T15:04:05.000Z")
	return &s
}

func serviceText(f func(*Service) string) func(*Incident) *string {
	return func(i *Incident) *string {
		if i.Service == nil {
			return nil
		}
		return textOf(f(i.Service))
	}
}

func locationText(f func(*Location) string) func(*Incident) *string {
	return func(i *Incident) *string {
		if i.Location == nil {
			return nil
		}
		return textOf(f(i.Location))
	}
}

func addressText(f func(*Address) string) func(*Incident) *string {
	return func(i *Incident) *string {
		if i.Location == nil || i.Location.Address == nil {
			return nil
		}
		return textOf(f(i.Location.Address))
	}
}

func contactText(f func(*Contact) string) func(*Incident) *string {
	return func(i *Incident) *string {
		if i.Contact == nil {
			return nil
		}
		return textOf(f(i.Contact))
	}
}

func resolutionText(f func(*Resolution) string) func(*Incident) *string {
	return func(i *Incident) *string {
		if i.Resolution == nil {
			return nil
		}
		return textOf(f(i.Resolution))
	}
}
