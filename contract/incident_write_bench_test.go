package contract

import (
	"testing"
	"time"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// BenchmarkIncidentPage renders a page of 100 incidents, whole and
// projected on a few fields, as the incident list does.
func BenchmarkIncidentPage(b *testing.B) {
	page := make([]*incident.Incident, 100)
	for i := range page {
		page[i] = fullIncident()
	}
	now := created.Add(time.Hour)
	for _, bc := range []struct {
		name   string
		fields []string
	}{
		{"whole", nil},
		{"projected", []string{"status", "priority", "location.address.country", "sla.isBreached"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				NewIncidentWriter(now, text.French, bc.fields).AppendJSONArray(nil, page)
			}
		})
	}
}
