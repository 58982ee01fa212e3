package incident_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// createFrom decodes a create body and builds the incident as the domain
// would at now, for a role.
func createFrom(body []byte, role incident.Role, now time.Time) (*incident.Incident, error) {
	cmd, err := contract.DecodeCreate(body, role)
	if err != nil {
		return nil, err
	}
	return incident.NewIncidentOf(cmd, role, now)
}

var t0 = time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)

// checkError fails unless err is an *incident.Error with the code and detail key
// and, when arg is not empty, that first argument (the field or parameter).
func checkError(t *testing.T, err error, code int, key text.Key, arg string) {
	t.Helper()
	var e *incident.Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v, want code %d %s", err, code, key)
	}
	if e.Code != code || e.Detail != key {
		t.Fatalf("got code %d %s (%s), want code %d %s", e.Code, e.Detail, e.Describe(text.English), code, key)
	}
	if arg != "" && (len(e.Args) == 0 || fmt.Sprint(e.Args[0]) != arg) {
		t.Fatalf("got arguments %v, want %q first", e.Args, arg)
	}
}

func TestDecodeCreateCustomer(t *testing.T) {
	inc, err := createFrom([]byte(`{
		"description": "Line down since 08:00", "impact": "S2", "urgency": "U1",
		"customerReference": "ACME-4711", "isEscalated": true,
		"service": {"id": "SVC-1", "name": "Internet 1G"},
		"location": {"id": "LOC-1", "name": "HQ", "address": {"street": "1 rue de la Paix", "postalCode": "75002", "city": "Paris", "country": "fr"}},
		"contact": {"name": "Jane", "email": "jane@acme.example", "phone": "+33 1 23 45 67 89"}
	}`), incident.RoleCustomer, t0)
	if err != nil {
		t.Fatal(err)
	}
	want := &incident.Incident{
		Status: incident.StatusNew, Impact: incident.ImpactS2, Urgency: incident.UrgencyU1, Priority: incident.PriorityP1,
		ServiceCondition: incident.ConditionDegraded, Description: "Line down since 08:00",
		Origin: incident.OriginReactive, Type: incident.TypeFailure, IsEscalated: true, CustomerReference: "ACME-4711",
		Service:  &incident.Service{ID: "SVC-1", Name: "Internet 1G"},
		Location: &incident.Location{ID: "LOC-1", Name: "HQ", Address: &incident.Address{Street: "1 rue de la Paix", PostalCode: "75002", City: "Paris", Country: "FR"}},
		Contact:  &incident.Contact{Name: "Jane", Email: "jane@acme.example", Phone: "+33 1 23 45 67 89"},
		Clock:    incident.Clock{TargetSeconds: 4 * 3600},
	}
	if !reflect.DeepEqual(inc, want) {
		t.Fatalf("got %+v\nwant %+v", inc, want)
	}
}

func TestDecodeCreateDefaults(t *testing.T) {
	for impact, condition := range incident.DefaultMatrix().DefaultServiceCondition {
		body := fmt.Sprintf(`{"description":"x","impact":%q,"urgency":"U3","location":{"name":"HQ"},"service":null}`, impact)
		inc, err := createFrom([]byte(body), incident.RoleCustomer, t0)
		if err != nil {
			t.Fatal(err)
		}
		if inc.ServiceCondition != condition || inc.Type != incident.TypeFailure || inc.Service != nil || inc.Location.Address != nil {
			t.Errorf("%s: %+v", impact, inc)
		}
	}
	// Characters, not bytes: 4000 two-byte characters are fine.
	body := `{"description":"` + strings.Repeat("é", incident.MaxDescription) + `","impact":"S4","urgency":"U3","serviceCondition":"INTERUPTED","type":"INFORMATION"}`
	inc, err := createFrom([]byte(body), incident.RoleCustomer, t0)
	if err != nil {
		t.Fatal(err)
	}
	if inc.ServiceCondition != incident.ConditionInterrupted || inc.Type != incident.TypeInformation || inc.Priority != incident.PriorityP4 || inc.Clock.TargetSeconds != 72*3600 {
		t.Errorf("%+v", inc)
	}
}

func TestDecodeCreateOperator(t *testing.T) {
	detected := t0.Add(-time.Hour)
	inc, err := createFrom([]byte(`{"customer":{"id":"acme"},"description":"Alarm","impact":"S1","urgency":"U1",
		"detectedAt":"2026-11-26T08:00:00.123456+01:00"}`), incident.RoleOperator, t0)
	if err != nil {
		t.Fatal(err)
	}
	wantDetected := detected.Add(123 * time.Millisecond) // kept to the millisecond, in UTC
	if inc.Customer.ID != "acme" || inc.Status != incident.StatusValidated || inc.Origin != incident.OriginProactive ||
		inc.DetectedAt == nil || !inc.DetectedAt.Equal(wantDetected) || inc.DetectedAt.Location() != time.UTC {
		t.Fatalf("%+v detected %v", inc, inc.DetectedAt)
	}
	inc, err = createFrom([]byte(`{"customer":{"id":"acme"},"origin":"REACTIVE","description":"Call","impact":"S3","urgency":"U3"}`),
		incident.RoleOperator, t0)
	if err != nil || inc.Origin != incident.OriginReactive || inc.Status != incident.StatusValidated {
		t.Fatalf("%+v %v", inc, err)
	}
}

func TestDecodeCreateErrors(t *testing.T) {
	const ok = `"description":"x","impact":"S1","urgency":"U1"`
	tests := []struct {
		name string
		body string
		role incident.Role
		code int
		key  text.Key
		arg  string
	}{
		{"empty body", ``, incident.RoleCustomer, incident.CodeMissingBody, contract.MsgMissingBody, ""},
		{"white space", " \n\t", incident.RoleCustomer, incident.CodeMissingBody, contract.MsgMissingBody, ""},
		{"array", `[]`, incident.RoleCustomer, incident.CodeInvalidBody, contract.MsgBodyNotObject, ""},
		{"null", `null`, incident.RoleCustomer, incident.CodeInvalidBody, contract.MsgBodyNotObject, ""},
		{"string", `"x"`, incident.RoleCustomer, incident.CodeInvalidBody, contract.MsgBodyNotObject, ""},
		{"truncated", `{"description":`, incident.RoleCustomer, incident.CodeInvalidBody, contract.MsgBodyMalformed, ""},
		{"not JSON", `description=x`, incident.RoleCustomer, incident.CodeInvalidBody, contract.MsgBodyMalformed, ""},
		{"trailing object", `{` + ok + `}{}`, incident.RoleCustomer, incident.CodeInvalidBody, contract.MsgBodyTrailingData, ""},
		{"trailing garbage", `{` + ok + `} x`, incident.RoleCustomer, incident.CodeInvalidBody, contract.MsgBodyTrailingData, ""},
		{"duplicate key", `{` + ok + `,"impact":"S4"}`, incident.RoleCustomer, incident.CodeInvalidBody, contract.MsgBodyDuplicateKey, "impact"},
		{"too deep", `{"x":` + strings.Repeat("[", 20) + strings.Repeat("]", 20) + `}`, incident.RoleCustomer, incident.CodeInvalidBody, contract.MsgBodyTooDeep, ""},
		{"too large", `{"description":"` + strings.Repeat("x", contract.MaxBodyBytes) + `"}`, incident.RoleCustomer, incident.CodeTooLarge, contract.MsgBodyOversized, ""},
		{"missing description", `{"impact":"S1","urgency":"U1"}`, incident.RoleCustomer, incident.CodeMissingBodyField, incident.MsgMissingField, "description"},
		{"missing impact", `{"description":"x","urgency":"U1"}`, incident.RoleCustomer, incident.CodeMissingBodyField, incident.MsgMissingField, "impact"},
		{"missing urgency", `{"description":"x","impact":"S1"}`, incident.RoleCustomer, incident.CodeMissingBodyField, incident.MsgMissingField, "urgency"},
		{"null impact", `{"description":"x","impact":null,"urgency":"U1"}`, incident.RoleCustomer, incident.CodeInvalidBodyField, contract.MsgFieldNull, "impact"},
		{"unknown impact", `{"description":"x","impact":"S5","urgency":"U1"}`, incident.RoleCustomer, incident.CodeInvalidBodyField, incident.MsgFieldEnum, "impact"},
		{"impact in lower case", `{"description":"x","impact":"s1","urgency":"U1"}`, incident.RoleCustomer, incident.CodeInvalidBodyField, incident.MsgFieldEnum, "impact"},
		{"numeric urgency", `{"description":"x","impact":"S1","urgency":1}`, incident.RoleCustomer, incident.CodeInvalidBodyField, incident.MsgFieldEnum, "urgency"},
		{"unknown type", `{` + ok + `,"type":"OUTAGE"}`, incident.RoleCustomer, incident.CodeInvalidBodyField, incident.MsgFieldEnum, "type"},
		{"unknown condition", `{` + ok + `,"serviceCondition":"INTERRUPTED"}`, incident.RoleCustomer, incident.CodeInvalidBodyField, incident.MsgFieldEnum, "serviceCondition"},
		{"empty description", `{"description":"","impact":"S1","urgency":"U1"}`, incident.RoleCustomer, incident.CodeInvalidBodyField, incident.MsgFieldLength, "description"},
		{"blank description", `{"description":"  \n","impact":"S1","urgency":"U1"}`, incident.RoleCustomer, incident.CodeInvalidBodyField, incident.MsgFieldBlank, "description"},
		{"long description", `{"description":"` + strings.Repeat("é", incident.MaxDescription+1) + `","impact":"S1","urgency":"U1"}`, incident.RoleCustomer, incident.CodeInvalidBodyField, incident.MsgFieldLength, "description"},
		{"numeric description", `{"description":42,"impact":"S1","urgency":"U1"}`, incident.RoleCustomer, incident.CodeInvalidBodyField, contract.MsgFieldNotString, "description"},
		{"NUL in description", `{"description":"a\u0000b","impact":"S1","urgency":"U1"}`, incident.RoleCustomer, incident.CodeInvalidBodyField, incident.MsgFieldControl, "description"},
		{"long reference", `{` + ok + `,"customerReference":"` + strings.Repeat("r", incident.MaxCustomerReference+1) + `"}`, incident.RoleCustomer, incident.CodeInvalidBodyField, incident.MsgFieldLength, "customerReference"},
		{"unknown field", `{` + ok + `,"severity":"high"}`, incident.RoleCustomer, incident.CodeInvalidBodyField, contract.MsgUnknownField, "severity"},
		{"unknown null field", `{` + ok + `,"severity":null}`, incident.RoleCustomer, incident.CodeInvalidBodyField, contract.MsgUnknownField, "severity"},
		{"unknown nested field", `{` + ok + `,"location":{"address":{"zip":"75002"}}}`, incident.RoleCustomer, incident.CodeInvalidBodyField, contract.MsgUnknownField, "location.address.zip"},
		{"field names are exact", `{` + ok + `,"Type":"FAILURE"}`, incident.RoleCustomer, incident.CodeInvalidBodyField, contract.MsgUnknownField, "Type"},
		{"id", `{` + ok + `,"id":"2611N00001"}`, incident.RoleCustomer, incident.CodeInvalidBodyField, contract.MsgReadOnlyField, "id"},
		{"href", `{` + ok + `,"href":"/x"}`, incident.RoleCustomer, incident.CodeInvalidBodyField, contract.MsgReadOnlyField, "href"},
		{"priority", `{` + ok + `,"priority":"P4"}`, incident.RoleCustomer, incident.CodeInvalidBodyField, contract.MsgReadOnlyField, "priority"},
		{"status", `{` + ok + `,"status":"NEW"}`, incident.RoleOperator, incident.CodeInvalidBodyField, contract.MsgReadOnlyField, "status"},
		{"createdAt", `{` + ok + `,"createdAt":"2026-11-26T08:00:00Z"}`, incident.RoleCustomer, incident.CodeInvalidBodyField, contract.MsgReadOnlyField, "createdAt"},
		{"resolvedAt", `{` + ok + `,"resolvedAt":null}`, incident.RoleOperator, incident.CodeInvalidBodyField, contract.MsgReadOnlyField, "resolvedAt"},
		{"sla", `{` + ok + `,"sla":{}}`, incident.RoleCustomer, incident.CodeInvalidBodyField, contract.MsgReadOnlyField, "sla"},
		{"labels", `{` + ok + `,"labels":{}}`, incident.RoleCustomer, incident.CodeInvalidBodyField, contract.MsgReadOnlyField, "labels"},
		{"resolution", `{` + ok + `,"resolution":{"code":"FIXED"}}`, incident.RoleOperator, incident.CodeInvalidBodyField, contract.MsgReadOnlyField, "resolution"},
		{"customer name", `{` + ok + `,"customer":{"id":"acme","name":"Acme"}}`, incident.RoleOperator, incident.CodeInvalidBodyField, contract.MsgReadOnlyField, "customer.name"},
		{"customer for a customer", `{` + ok + `,"customer":{"id":"acme"}}`, incident.RoleCustomer, incident.CodeInvalidBodyField, incident.MsgForbiddenField, "customer"},
		{"origin for a customer", `{` + ok + `,"origin":"REACTIVE"}`, incident.RoleCustomer, incident.CodeInvalidBodyField, incident.MsgForbiddenField, "origin"},
		{"detectedAt for a customer", `{` + ok + `,"detectedAt":null}`, incident.RoleCustomer, incident.CodeInvalidBodyField, incident.MsgForbiddenField, "detectedAt"},
		{"operator without customer", `{` + ok + `}`, incident.RoleOperator, incident.CodeMissingBodyField, incident.MsgMissingField, "customer.id"},
		{"operator without customer id", `{` + ok + `,"customer":{}}`, incident.RoleOperator, incident.CodeMissingBodyField, incident.MsgMissingField, "customer.id"},
		{"blank customer id", `{` + ok + `,"customer":{"id":" "}}`, incident.RoleOperator, incident.CodeInvalidBodyField, incident.MsgFieldBlank, "customer.id"},
		{"null customer", `{` + ok + `,"customer":null}`, incident.RoleOperator, incident.CodeInvalidBodyField, contract.MsgFieldNull, "customer"},
		{"unknown origin", `{` + ok + `,"customer":{"id":"acme"},"origin":"AUTO"}`, incident.RoleOperator, incident.CodeInvalidBodyField, incident.MsgFieldEnum, "origin"},
		{"detectedAt of a reactive incident", `{` + ok + `,"customer":{"id":"acme"},"origin":"REACTIVE","detectedAt":"2026-11-26T07:00:00Z"}`, incident.RoleOperator, incident.CodeInvalidBodyField, incident.MsgDetectedNotProactive, ""},
		{"detectedAt after creation", `{` + ok + `,"customer":{"id":"acme"},"detectedAt":"2026-11-26T08:00:00.001Z"}`, incident.RoleOperator, incident.CodeInvalidBodyField, incident.MsgDetectedAfterCreated, ""},
		{"detectedAt without zone", `{` + ok + `,"customer":{"id":"acme"},"detectedAt":"2026-11-26T07:00:00"}`, incident.RoleOperator, incident.CodeInvalidBodyField, contract.MsgFieldNotTime, "detectedAt"},
		{"detectedAt as a number", `{` + ok + `,"customer":{"id":"acme"},"detectedAt":1764140000}`, incident.RoleOperator, incident.CodeInvalidBodyField, contract.MsgFieldNotTime, "detectedAt"},
		{"service as a string", `{` + ok + `,"service":"SVC-1"}`, incident.RoleCustomer, incident.CodeInvalidBodyField, contract.MsgFieldNotObject, "service"},
		{"numeric service id", `{` + ok + `,"service":{"id":1}}`, incident.RoleCustomer, incident.CodeInvalidBodyField, contract.MsgFieldNotString, "service.id"},
		{"three-letter country", `{` + ok + `,"location":{"address":{"country":"FRA"}}}`, incident.RoleCustomer, incident.CodeInvalidBodyField, incident.MsgFieldCountry, "location.address.country"},
		{"digits for a country", `{` + ok + `,"location":{"address":{"country":"12"}}}`, incident.RoleCustomer, incident.CodeInvalidBodyField, incident.MsgFieldCountry, "location.address.country"},
		{"email without domain", `{` + ok + `,"contact":{"email":"jane@"}}`, incident.RoleCustomer, incident.CodeInvalidBodyField, incident.MsgFieldEmail, "contact.email"},
		{"email with a space", `{` + ok + `,"contact":{"email":"jane doe@acme.example"}}`, incident.RoleCustomer, incident.CodeInvalidBodyField, incident.MsgFieldEmail, "contact.email"},
		{"email without dot", `{` + ok + `,"contact":{"email":"jane@localhost"}}`, incident.RoleCustomer, incident.CodeInvalidBodyField, incident.MsgFieldEmail, "contact.email"},
		{"escalation as a string", `{` + ok + `,"isEscalated":"true"}`, incident.RoleCustomer, incident.CodeInvalidBodyField, contract.MsgFieldNotBool, "isEscalated"},
		{"null escalation", `{` + ok + `,"isEscalated":null}`, incident.RoleCustomer, incident.CodeInvalidBodyField, contract.MsgFieldNull, "isEscalated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := createFrom([]byte(tt.body), tt.role, t0)
			checkError(t, err, tt.code, tt.key, tt.arg)
			e := err.(*incident.Error)
			for _, lang := range []text.Language{text.English, text.French} {
				if d := e.Describe(lang); strings.Contains(d, "%!") {
					t.Errorf("%s description %q", lang, d)
				}
			}
		})
	}
}

func TestIdempotencyOf(t *testing.T) {
	n := incident.NewIncident{Description: "Line down", Impact: incident.ImpactS2, Urgency: incident.UrgencyU1}
	idem, err := incident.IdempotencyOf("client-1", "order 42/retry", "incident", n)
	if err != nil {
		t.Fatal(err)
	}
	if idem.ClientID != "client-1" || idem.Key != "order 42/retry" || len(idem.RequestHash) != 64 {
		t.Fatalf("%+v", idem)
	}
	same, _ := incident.IdempotencyOf("client-1", "order 42/retry", "incident", n)
	n.Urgency = incident.UrgencyU2
	other, _ := incident.IdempotencyOf("client-1", "order 42/retry", "incident", n)
	if same.RequestHash != idem.RequestHash || other.RequestHash == idem.RequestHash {
		t.Errorf("the same command must hash the same, another differently: %s %s %s", idem.RequestHash, same.RequestHash, other.RequestHash)
	}
	if idem, err := incident.IdempotencyOf("client-1", "", "incident", n); idem != nil || err != nil {
		t.Fatalf("no key: %v %v", idem, err)
	}
	for _, key := range []string{strings.Repeat("k", incident.MaxIdempotencyKey+1), "tab\there", "é", "nul\x00"} {
		_, err := incident.IdempotencyOf("client-1", key, "incident", n)
		checkError(t, err, incident.CodeInvalidHeader, incident.MsgIdempotencyKeyInvalid, "")
	}
	if _, err := incident.IdempotencyOf("client-1", strings.Repeat("k", incident.MaxIdempotencyKey), "incident", n); err != nil {
		t.Fatal(err)
	}
}
