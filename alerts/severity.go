package alerts

import (
	"fmt"
	"slices"
	"strings"

	"github.com/incidentd/incidentd/incident"
)

// Level is the impact and urgency an alert's severity gives its incident.
type Level struct {
	Impact  incident.Impact
	Urgency incident.Urgency
}

// SeverityMap maps severities, in lower case, to levels.
type SeverityMap map[string]Level

// DefaultSeverities is the severity mapping in force where an integration
// does not override it (docs/alerts.md): Alertmanager's customary
// severity label values and PagerDuty's four severities.
var DefaultSeverities = SeverityMap{
	"critical": {incident.ImpactS1, incident.UrgencyU1},
	"error":    {incident.ImpactS2, incident.UrgencyU2},
	"major":    {incident.ImpactS2, incident.UrgencyU2},
	"warning":  {incident.ImpactS3, incident.UrgencyU2},
	"minor":    {incident.ImpactS3, incident.UrgencyU3},
	"info":     {incident.ImpactS4, incident.UrgencyU3},
}

// UnknownSeverity is the level of an alert whose severity is missing or
// found in neither mapping: the level of a warning.
var UnknownSeverity = Level{incident.ImpactS3, incident.UrgencyU2}

// levelOf is the level of an alert: its severity looked up in the
// integration's overrides, then in the default mapping; then the alert's
// own impact and urgency, when valid, win.
func levelOf(overrides SeverityMap, a Attributes) Level {
	severity := strings.ToLower(strings.TrimSpace(a.Severity))
	level, ok := overrides[severity]
	if !ok {
		if level, ok = DefaultSeverities[severity]; !ok {
			level = UnknownSeverity
		}
	}
	if impact := strings.ToUpper(strings.TrimSpace(a.Impact)); slices.Contains(incident.Impacts, impact) {
		level.Impact = incident.Impact(impact)
	}
	if urgency := strings.ToUpper(strings.TrimSpace(a.Urgency)); slices.Contains(incident.Urgencies, urgency) {
		level.Urgency = incident.Urgency(urgency)
	}
	return level
}

// ParseSeverityMap reads overrides written "critical=S1/U1,warning=S3/U2"
// (severities case-insensitive); an empty text is no override.
func ParseSeverityMap(s string) (SeverityMap, error) {
	m := SeverityMap{}
	for _, entry := range strings.Split(s, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		severity, value, ok := strings.Cut(entry, "=")
		impact, urgency, ok2 := strings.Cut(value, "/")
		severity = strings.ToLower(strings.TrimSpace(severity))
		impact, urgency = strings.ToUpper(strings.TrimSpace(impact)), strings.ToUpper(strings.TrimSpace(urgency))
		if !ok || !ok2 || severity == "" || len(severity) > maxSeverity ||
			!slices.Contains(incident.Impacts, impact) || !slices.Contains(incident.Urgencies, urgency) {
			return nil, fmt.Errorf("severity mapping %q: want severity=IMPACT/URGENCY, such as critical=S1/U1", entry)
		}
		if _, twice := m[severity]; twice {
			return nil, fmt.Errorf("severity mapping: %q given twice", severity)
		}
		m[severity] = Level{incident.Impact(impact), incident.Urgency(urgency)}
	}
	return m, nil
}

// String writes the map as ParseSeverityMap reads it, severities sorted.
func (m SeverityMap) String() string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + string(m[k].Impact) + "/" + string(m[k].Urgency)
	}
	return strings.Join(parts, ",")
}

// maxSeverity is the longest severity an override names.
const maxSeverity = 50
