package httpapi

import (
	"time"

	"github.com/incidentd/incidentd/incident"
)

// incidentJSON is the representation of an incident (docs/api.md). Unset
// values are null, never omitted.
type incidentJSON struct {
	ID                string                    `json:"id"`
	Href              string                    `json:"href"`
	Customer          incident.CustomerRef      `json:"customer"`
	Status            incident.Status           `json:"status"`
	Impact            incident.Impact           `json:"impact"`
	Urgency           incident.Urgency          `json:"urgency"`
	Priority          incident.Priority         `json:"priority"`
	ServiceCondition  incident.ServiceCondition `json:"serviceCondition"`
	Description       string                    `json:"description"`
	Origin            incident.Origin           `json:"origin"`
	Type              incident.Type             `json:"type"`
	IsEscalated       bool                      `json:"isEscalated"`
	CustomerReference *string                   `json:"customerReference"`
	Service           *incident.Service         `json:"service"`
	Location          *incident.Location        `json:"location"`
	Contact           *incident.Contact         `json:"contact"`
	CreatedAt         timestamp                 `json:"createdAt"`
	UpdatedAt         timestamp                 `json:"updatedAt"`
	StatusChangedAt   timestamp                 `json:"statusChangedAt"`
	ResolvedAt        *timestamp                `json:"resolvedAt"`
	ClosedAt          *timestamp                `json:"closedAt"`
	EscalatedAt       *timestamp                `json:"escalatedAt"`
	DetectedAt        *timestamp                `json:"detectedAt"`
	Resolution        *incident.Resolution      `json:"resolution"`
	SLA               slaJSON                   `json:"sla"`
	Labels            labelsJSON                `json:"labels"`
}

type slaJSON struct {
	GTRTargetSeconds     int64     `json:"gtrTargetSeconds"`
	GTRDeadline          timestamp `json:"gtrDeadline"`
	TimeToRestoreSeconds int64     `json:"timeToRestoreSeconds"`
	FrozenSeconds        int64     `json:"frozenSeconds"`
	IsFrozen             bool      `json:"isFrozen"`
	IsBreached           bool      `json:"isBreached"`
}

type labelsJSON struct {
	Status           string `json:"status"`
	Impact           string `json:"impact"`
	Urgency          string `json:"urgency"`
	Priority         string `json:"priority"`
	ServiceCondition string `json:"serviceCondition"`
	Origin           string `json:"origin"`
	Type             string `json:"type"`
}

// incidentPath is the path of an incident resource, its href and Location.
func incidentPath(id string) string {
	return basePath + "/incidents/" + id
}

// representIncident renders an incident as a client sees it at now, with
// labels in the request's language.
func representIncident(inc *incident.Incident, now time.Time, lang incident.Language) incidentJSON {
	sla := inc.SLA(now)
	labels := incident.LabelsOf(inc, lang)
	out := incidentJSON{
		ID:               inc.ID,
		Href:             incidentPath(inc.ID),
		Customer:         inc.Customer,
		Status:           inc.Status,
		Impact:           inc.Impact,
		Urgency:          inc.Urgency,
		Priority:         inc.Priority,
		ServiceCondition: inc.ServiceCondition,
		Description:      inc.Description,
		Origin:           inc.Origin,
		Type:             inc.Type,
		IsEscalated:      inc.IsEscalated,
		Service:          inc.Service,
		Location:         inc.Location,
		Contact:          inc.Contact,
		CreatedAt:        stamp(inc.CreatedAt),
		UpdatedAt:        stamp(inc.UpdatedAt),
		StatusChangedAt:  stamp(inc.StatusChangedAt),
		ResolvedAt:       optionalStamp(inc.ResolvedAt),
		ClosedAt:         optionalStamp(inc.ClosedAt),
		EscalatedAt:      optionalStamp(inc.EscalatedAt),
		DetectedAt:       optionalStamp(inc.DetectedAt),
		Resolution:       inc.Resolution,
		SLA: slaJSON{
			GTRTargetSeconds:     sla.GTRTargetSeconds,
			GTRDeadline:          stamp(sla.GTRDeadline),
			TimeToRestoreSeconds: sla.TimeToRestoreSeconds,
			FrozenSeconds:        sla.FrozenSeconds,
			IsFrozen:             sla.IsFrozen,
			IsBreached:           sla.IsBreached,
		},
		Labels: labelsJSON(labels),
	}
	if inc.CustomerReference != "" {
		ref := inc.CustomerReference
		out.CustomerReference = &ref
	}
	return out
}
