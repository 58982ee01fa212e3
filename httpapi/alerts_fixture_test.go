package httpapi_test

import (
	"context"
	"net/http"
	"time"

	"github.com/incidentd/incidentd/alerts"
	"github.com/incidentd/incidentd/auth"
)

// The alert tests' fixture: a customer with an alert integration, a
// client of that customer and an operator to read and work its incidents.

type alertFixture struct {
	e        *env
	key      string // the integration key
	customer caller
	operator caller
	admin    *alerts.Admin
	in       alerts.Integration
}

// integrationName names the fixture's integration in histories and notes.
const integrationName = "Prometheus production"

func newAlertFixture(e *env, customerID string, n alerts.NewIntegration) *alertFixture {
	e.t.Helper()
	f := &alertFixture{e: e, admin: &alerts.Admin{Store: e.db, Now: e.clock.Now}}
	f.customer = e.login(e.newCustomer(customerID, "Customer "+customerID), auth.ScopeIncident)
	f.operator = e.login(e.newOperator(), auth.ScopeOperator)
	n.CustomerID = customerID
	if n.Name == "" {
		n.Name = integrationName
	}
	var err error
	if f.in, f.key, err = f.admin.Create(context.Background(), n); err != nil {
		e.t.Fatalf("create integration: %v", err)
	}
	return f
}

// amAlert is one alert of an Alertmanager notification.
type amAlert struct {
	fingerprint string
	status      string // firing (default) or resolved
	startsAt    time.Time
	labels      map[string]string
	annotations map[string]string
}

// amPayload is Alertmanager's webhook payload (version 4) of the alerts.
func amPayload(alerts ...amAlert) map[string]any {
	list := make([]map[string]any, len(alerts))
	status := "resolved"
	for i, a := range alerts {
		if a.status == "" {
			a.status = "firing"
		}
		if a.status == "firing" {
			status = "firing"
		}
		endsAt := "0001-01-01T00:00:00Z"
		if a.status == "resolved" {
			endsAt = a.startsAt.Add(time.Minute).Format(time.RFC3339Nano)
		}
		labels := map[string]string{"alertname": "Alert" + a.fingerprint}
		for k, v := range a.labels {
			labels[k] = v
		}
		annotations := a.annotations
		if annotations == nil {
			annotations = map[string]string{}
		}
		list[i] = map[string]any{
			"status": a.status, "labels": labels, "annotations": annotations,
			"startsAt": a.startsAt.Format(time.RFC3339Nano), "endsAt": endsAt,
			"generatorURL": "http://prometheus.example/graph", "fingerprint": a.fingerprint,
		}
	}
	return map[string]any{
		"version": "4", "groupKey": "{}:{}", "truncatedAlerts": 0, "status": status, "receiver": "incidentd",
		"groupLabels": map[string]string{}, "commonLabels": map[string]string{}, "commonAnnotations": map[string]string{},
		"externalURL": "http://alertmanager.example", "alerts": list,
	}
}

// notify posts an Alertmanager notification with the integration key.
func (f *alertFixture) notify(body any) reply {
	f.e.t.Helper()
	req := f.e.request(http.MethodPost, base+"/alerts/alertmanager", body)
	req.Header.Set("Authorization", "Bearer "+f.key)
	return f.e.send(req)
}

// effects posts a notification that must be taken (200) and returns the
// effect and incident of each alert, by fingerprint.
func (f *alertFixture) effects(alerts ...amAlert) map[string]alertEffect {
	f.e.t.Helper()
	r := f.notify(amPayload(alerts...))
	if r.status != http.StatusOK {
		f.e.t.Fatalf("notification: status %d: %s", r.status, r.body)
	}
	var receipt struct {
		Alerts []struct {
			Fingerprint string  `json:"fingerprint"`
			IncidentID  *string `json:"incidentId"`
			Effect      string  `json:"effect"`
		} `json:"alerts"`
	}
	r.decode(f.e.t, &receipt)
	out := map[string]alertEffect{}
	for _, a := range receipt.Alerts {
		ef := alertEffect{effect: a.Effect}
		if a.IncidentID != nil {
			ef.incident = *a.IncidentID
		}
		out[a.Fingerprint] = ef
	}
	return out
}

type alertEffect struct {
	effect   string
	incident string
}

// incident reads an incident as the operator.
func (f *alertFixture) incident(id string) map[string]any {
	f.e.t.Helper()
	r := f.e.call(f.operator, http.MethodGet, base+"/incidents/"+id, nil)
	if r.status != http.StatusOK {
		f.e.t.Fatalf("GET incident %s: %d %s", id, r.status, r.body)
	}
	return r.object(f.e.t)
}

// list reads a list of the customer's (incidents, notes, history).
func (f *alertFixture) list(path string) []map[string]any {
	f.e.t.Helper()
	r := f.e.call(f.customer, http.MethodGet, path, nil)
	if r.status != http.StatusOK {
		f.e.t.Fatalf("GET %s: %d %s", path, r.status, r.body)
	}
	return r.list(f.e.t)
}

// incidentCount is the number of the customer's incidents.
func (f *alertFixture) incidentCount() int {
	f.e.t.Helper()
	r := f.e.call(f.customer, http.MethodGet, base+"/incidents?limit=1", nil)
	total, _ := countHeaders(f.e.t, r)
	return total
}
