package incident

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)

// checkError fails unless err is an *Error with the code and detail key
// and, when arg is not empty, that first argument (the field or parameter).
func checkError(t *testing.T, err error, code int, key MessageKey, arg string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v, want code %d %s", err, code, key)
	}
	if e.Code != code || e.Detail != key {
		t.Fatalf("got code %d %s (%s), want code %d %s", e.Code, e.Detail, e.Describe(English), code, key)
	}
	if arg != "" && (len(e.Args) == 0 || fmt.Sprint(e.Args[0]) != arg) {
		t.Fatalf("got arguments %v, want %q first", e.Args, arg)
	}
}

func TestDecodeCreateCustomer(t *testing.T) {
	inc, err := decodeCreate([]byte(`{
		"description": "Line down since 08:00", "impact": "S2", "urgency": "U1",
		"customerReference": "ACME-4711", "isEscalated": true,
		"service": {"id": "SVC-1", "name": "Internet 1G"},
		"location": {"id": "LOC-1", "name": "HQ", "address": {"street": "1 rue de la Paix", "postalCode": "75002", "city": "Paris", "country": "fr"}},
		"contact": {"name": "Jane", "email": "jane@acme.example", "phone": "+33 1 23 45 67 89"}
	}`), RoleCustomer, DefaultMatrix(), t0)
	if err != nil {
		t.Fatal(err)
	}
	want := &Incident{
		Status: StatusNew, Impact: ImpactS2, Urgency: UrgencyU1, Priority: PriorityP1,
		ServiceCondition: ConditionDegraded, Description: "Line down since 08:00",
		Origin: OriginReactive, Type: TypeFailure, IsEscalated: true, CustomerReference: "ACME-4711",
		Service:  &Service{ID: "SVC-1", Name: "Internet 1G"},
		Location: &Location{ID: "LOC-1", Name: "HQ", Address: &Address{Street: "1 rue de la Paix", PostalCode: "75002", City: "Paris", Country: "FR"}},
		Contact:  &Contact{Name: "Jane", Email: "jane@acme.example", Phone: "+33 1 23 45 67 89"},
		Clock:    Clock{TargetSeconds: 4 * 3600},
	}
	if !reflect.DeepEqual(inc, want) {
		t.Fatalf("got %+v\nwant %+v", inc, want)
	}
}

func TestDecodeCreateDefaults(t *testing.T) {
	for impact, condition := range DefaultMatrix().DefaultServiceCondition {
		body := fmt.Sprintf(`{"description":"x","impact":%q,"urgency":"U3","location":{"name":"HQ"},"service":null}`, impact)
		inc, err := decodeCreate([]byte(body), RoleCustomer, DefaultMatrix(), t0)
		if err != nil {
			t.Fatal(err)
		}
		if inc.ServiceCondition != condition || inc.Type != TypeFailure || inc.Service != nil || inc.Location.Address != nil {
			t.Errorf("%s: %+v", impact, inc)
		}
	}
	// Characters, not bytes: 4000 two-byte characters are fine.
	body := `{"description":"` + strings.Repeat("é", MaxDescription) + `","impact":"S4","urgency":"U3","serviceCondition":"INTERUPTED","type":"INFORMATION"}`
	inc, err := decodeCreate([]byte(body), RoleCustomer, DefaultMatrix(), t0)
	if err != nil {
		t.Fatal(err)
	}
	if inc.ServiceCondition != ConditionInterrupted || inc.Type != TypeInformation || inc.Priority != PriorityP4 || inc.Clock.TargetSeconds != 72*3600 {
		t.Errorf("%+v", inc)
	}
}

func TestDecodeCreateOperator(t *testing.T) {
	detected := t0.Add(-time.Hour)
	inc, err := decodeCreate([]byte(`{"customer":{"id":"acme"},"description":"Alarm","impact":"S1","urgency":"U1",
		"detectedAt":"2026-11-26T08:00:00.123456+01:00"}`), RoleOperator, DefaultMatrix(), t0)
	if err != nil {
		t.Fatal(err)
	}
	wantDetected := detected.Add(123 * time.Millisecond) // kept to the millisecond, in UTC
	if inc.Customer.ID != "acme" || inc.Status != StatusValidated || inc.Origin != OriginProactive ||
		inc.DetectedAt == nil || !inc.DetectedAt.Equal(wantDetected) || inc.DetectedAt.Location() != time.UTC {
		t.Fatalf("%+v detected %v", inc, inc.DetectedAt)
	}
	inc, err = decodeCreate([]byte(`{"customer":{"id":"acme"},"origin":"REACTIVE","description":"Call","impact":"S3","urgency":"U3"}`),
		RoleOperator, DefaultMatrix(), t0)
	if err != nil || inc.Origin != OriginReactive || inc.Status != StatusValidated {
		t.Fatalf("%+v %v", inc, err)
	}
}

func TestDecodeCreateErrors(t *testing.T) {
	const ok = `"description":"x","impact":"S1","urgency":"U1"`
	tests := []struct {
		name string
		body string
		role Role
		code int
		key  MessageKey
		arg  string
	}{
		{"empty body", ``, RoleCustomer, CodeMissingBody, MsgMissingBody, ""},
		{"white space", " \n\t", RoleCustomer, CodeMissingBody, MsgMissingBody, ""},
		{"array", `[]`, RoleCustomer, CodeInvalidBody, MsgBodyNotObject, ""},
		{"null", `null`, RoleCustomer, CodeInvalidBody, MsgBodyNotObject, ""},
		{"string", `"x"`, RoleCustomer, CodeInvalidBody, MsgBodyNotObject, ""},
		{"truncated", `{"description":`, RoleCustomer, CodeInvalidBody, MsgBodyMalformed, ""},
		{"not JSON", `description=x`, RoleCustomer, CodeInvalidBody, MsgBodyMalformed, ""},
		{"trailing object", `{` + ok + `}{}`, RoleCustomer, CodeInvalidBody, MsgBodyTrailingData, ""},
		{"trailing garbage", `{` + ok + `} x`, RoleCustomer, CodeInvalidBody, MsgBodyTrailingData, ""},
		{"duplicate key", `{` + ok + `,"impact":"S4"}`, RoleCustomer, CodeInvalidBody, MsgBodyDuplicateKey, "impact"},
		{"too deep", `{"x":` + strings.Repeat("[", 20) + strings.Repeat("]", 20) + `}`, RoleCustomer, CodeInvalidBody, MsgBodyTooDeep, ""},
		{"too large", `{"description":"` + strings.Repeat("x", MaxBodyBytes) + `"}`, RoleCustomer, CodeTooLarge, MsgBodyOversized, ""},
		{"missing description", `{"impact":"S1","urgency":"U1"}`, RoleCustomer, CodeMissingBodyField, MsgMissingField, "description"},
		{"missing impact", `{"description":"x","urgency":"U1"}`, RoleCustomer, CodeMissingBodyField, MsgMissingField, "impact"},
		{"missing urgency", `{"description":"x","impact":"S1"}`, RoleCustomer, CodeMissingBodyField, MsgMissingField, "urgency"},
		{"null impact", `{"description":"x","impact":null,"urgency":"U1"}`, RoleCustomer, CodeInvalidBodyField, MsgFieldNull, "impact"},
		{"unknown impact", `{"description":"x","impact":"S5","urgency":"U1"}`, RoleCustomer, CodeInvalidBodyField, MsgFieldEnum, "impact"},
		{"impact in lower case", `{"description":"x","impact":"s1","urgency":"U1"}`, RoleCustomer, CodeInvalidBodyField, MsgFieldEnum, "impact"},
		{"numeric urgency", `{"description":"x","impact":"S1","urgency":1}`, RoleCustomer, CodeInvalidBodyField, MsgFieldEnum, "urgency"},
		{"unknown type", `{` + ok + `,"type":"OUTAGE"}`, RoleCustomer, CodeInvalidBodyField, MsgFieldEnum, "type"},
		{"unknown condition", `{` + ok + `,"serviceCondition":"INTERRUPTED"}`, RoleCustomer, CodeInvalidBodyField, MsgFieldEnum, "serviceCondition"},
		{"empty description", `{"description":"","impact":"S1","urgency":"U1"}`, RoleCustomer, CodeInvalidBodyField, MsgFieldLength, "description"},
		{"blank description", `{"description":"  \n","impact":"S1","urgency":"U1"}`, RoleCustomer, CodeInvalidBodyField, MsgFieldBlank, "description"},
		{"long description", `{"description":"` + strings.Repeat("é", MaxDescription+1) + `","impact":"S1","urgency":"U1"}`, RoleCustomer, CodeInvalidBodyField, MsgFieldLength, "description"},
		{"numeric description", `{"description":42,"impact":"S1","urgency":"U1"}`, RoleCustomer, CodeInvalidBodyField, MsgFieldNotString, "description"},
		{"NUL in description", `{"description":"a\u0000b","impact":"S1","urgency":"U1"}`, RoleCustomer, CodeInvalidBodyField, MsgFieldControl, "description"},
		{"long reference", `{` + ok + `,"customerReference":"` + strings.Repeat("r", MaxCustomerReference+1) + `"}`, RoleCustomer, CodeInvalidBodyField, MsgFieldLength, "customerReference"},
		{"unknown field", `{` + ok + `,"severity":"high"}`, RoleCustomer, CodeInvalidBodyField, MsgUnknownField, "severity"},
		{"unknown null field", `{` + ok + `,"severity":null}`, RoleCustomer, CodeInvalidBodyField, MsgUnknownField, "severity"},
		{"unknown nested field", `{` + ok + `,"location":{"address":{"zip":"75002"}}}`, RoleCustomer, CodeInvalidBodyField, MsgUnknownField, "location.address.zip"},
		{"field names are exact", `{` + ok + `,"Type":"FAILURE"}`, RoleCustomer, CodeInvalidBodyField, MsgUnknownField, "Type"},
		{"id", `{` + ok + `,"id":"2611N00001"}`, RoleCustomer, CodeInvalidBodyField, MsgReadOnlyField, "id"},
		{"href", `{` + ok + `,"href":"/x"}`, RoleCustomer, CodeInvalidBodyField, MsgReadOnlyField, "href"},
		{"priority", `{` + ok + `,"priority":"P4"}`, RoleCustomer, CodeInvalidBodyField, MsgReadOnlyField, "priority"},
		{"status", `{` + ok + `,"status":"NEW"}`, RoleOperator, CodeInvalidBodyField, MsgReadOnlyField, "status"},
		{"createdAt", `{` + ok + `,"createdAt":"2026-11-26T08:00:00Z"}`, RoleCustomer, CodeInvalidBodyField, MsgReadOnlyField, "createdAt"},
		{"resolvedAt", `{` + ok + `,"resolvedAt":null}`, RoleOperator, CodeInvalidBodyField, MsgReadOnlyField, "resolvedAt"},
		{"sla", `{` + ok + `,"sla":{}}`, RoleCustomer, CodeInvalidBodyField, MsgReadOnlyField, "sla"},
		{"labels", `{` + ok + `,"labels":{}}`, RoleCustomer, CodeInvalidBodyField, MsgReadOnlyField, "labels"},
		{"resolution", `{` + ok + `,"resolution":{"code":"FIXED"}}`, RoleOperator, CodeInvalidBodyField, MsgReadOnlyField, "resolution"},
		{"customer name", `{` + ok + `,"customer":{"id":"acme","name":"Acme"}}`, RoleOperator, CodeInvalidBodyField, MsgReadOnlyField, "customer.name"},
		{"customer for a customer", `{` + ok + `,"customer":{"id":"acme"}}`, RoleCustomer, CodeInvalidBodyField, MsgForbiddenField, "customer"},
		{"origin for a customer", `{` + ok + `,"origin":"REACTIVE"}`, RoleCustomer, CodeInvalidBodyField, MsgForbiddenField, "origin"},
		{"detectedAt for a customer", `{` + ok + `,"detectedAt":null}`, RoleCustomer, CodeInvalidBodyField, MsgForbiddenField, "detectedAt"},
		{"operator without customer", `{` + ok + `}`, RoleOperator, CodeMissingBodyField, MsgMissingField, "customer.id"},
		{"operator without customer id", `{` + ok + `,"customer":{}}`, RoleOperator, CodeMissingBodyField, MsgMissingField, "customer.id"},
		{"blank customer id", `{` + ok + `,"customer":{"id":" "}}`, RoleOperator, CodeInvalidBodyField, MsgFieldBlank, "customer.id"},
		{"null customer", `{` + ok + `,"customer":null}`, RoleOperator, CodeInvalidBodyField, MsgFieldNull, "customer"},
		{"unknown origin", `{` + ok + `,"customer":{"id":"acme"},"origin":"AUTO"}`, RoleOperator, CodeInvalidBodyField, MsgFieldEnum, "origin"},
		{"detectedAt of a reactive incident", `{` + ok + `,"customer":{"id":"acme"},"origin":"REACTIVE","detectedAt":"2026-11-26T07:00:00Z"}`, RoleOperator, CodeInvalidBodyField, MsgDetectedNotProactive, ""},
		{"detectedAt after creation", `{` + ok + `,"customer":{"id":"acme"},"detectedAt":"2026-11-26T08:00:00.001Z"}`, RoleOperator, CodeInvalidBodyField, MsgDetectedAfterCreated, ""},
		{"detectedAt without zone", `{` + ok + `,"customer":{"id":"acme"},"detectedAt":"2026-11-26T07:00:00"}`, RoleOperator, CodeInvalidBodyField, MsgFieldNotTime, "detectedAt"},
		{"detectedAt as a number", `{` + ok + `,"customer":{"id":"acme"},"detectedAt":1764140000}`, RoleOperator, CodeInvalidBodyField, MsgFieldNotTime, "detectedAt"},
		{"service as a string", `{` + ok + `,"service":"SVC-1"}`, RoleCustomer, CodeInvalidBodyField, MsgFieldNotObject, "service"},
		{"numeric service id", `{` + ok + `,"service":{"id":1}}`, RoleCustomer, CodeInvalidBodyField, MsgFieldNotString, "service.id"},
		{"three-letter country", `{` + ok + `,"location":{"address":{"country":"FRA"}}}`, RoleCustomer, CodeInvalidBodyField, MsgFieldCountry, "location.address.country"},
		{"digits for a country", `{` + ok + `,"location":{"address":{"country":"12"}}}`, RoleCustomer, CodeInvalidBodyField, MsgFieldCountry, "location.address.country"},
		{"email without domain", `{` + ok + `,"contact":{"email":"jane@"}}`, RoleCustomer, CodeInvalidBodyField, MsgFieldEmail, "contact.email"},
		{"email with a space", `{` + ok + `,"contact":{"email":"jane doe@acme.example"}}`, RoleCustomer, CodeInvalidBodyField, MsgFieldEmail, "contact.email"},
		{"email without dot", `{` + ok + `,"contact":{"email":"jane@localhost"}}`, RoleCustomer, CodeInvalidBodyField, MsgFieldEmail, "contact.email"},
		{"escalation as a string", `{` + ok + `,"isEscalated":"true"}`, RoleCustomer, CodeInvalidBodyField, MsgFieldNotBool, "isEscalated"},
		{"null escalation", `{` + ok + `,"isEscalated":null}`, RoleCustomer, CodeInvalidBodyField, MsgFieldNull, "isEscalated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeCreate([]byte(tt.body), tt.role, DefaultMatrix(), t0)
			checkError(t, err, tt.code, tt.key, tt.arg)
			e := err.(*Error)
			for _, lang := range []Language{English, French} {
				if d := e.Describe(lang); strings.Contains(d, "%!") {
					t.Errorf("%s description %q", lang, d)
				}
			}
		})
	}
}

func TestIdempotencyOf(t *testing.T) {
	idem, err := idempotencyOf("client-1", "order 42/retry", []byte(`{"a":1}`))
	if err != nil {
		t.Fatal(err)
	}
	// sha256 of {"a":1}
	if idem.ClientID != "client-1" || idem.Key != "order 42/retry" || idem.RequestHash != "015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862" {
		t.Fatalf("%+v", idem)
	}
	if idem, err := idempotencyOf("client-1", "", []byte(`{}`)); idem != nil || err != nil {
		t.Fatalf("no key: %v %v", idem, err)
	}
	for _, key := range []string{strings.Repeat("k", MaxIdempotencyKey+1), "tab\there", "é", "nul\x00"} {
		_, err := idempotencyOf("client-1", key, nil)
		checkError(t, err, CodeInvalidHeader, MsgIdempotencyKeyInvalid, "")
	}
	if _, err := idempotencyOf("client-1", strings.Repeat("k", MaxIdempotencyKey), nil); err != nil {
		t.Fatal(err)
	}
}
