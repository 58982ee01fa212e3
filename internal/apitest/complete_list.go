package apitest

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// The incident list documents its items with IncidentListItem, where only the
// id is required, because fields= returns partial incidents. Without fields=
// the document promises complete incidents: checkCompleteList holds the
// server to that promise, item by item, against the strict Incident schema,
// in the JSON list and in the NDJSON export alike.
const (
	listOperation    = "listIncidents"
	completeItemName = "Incident"
)

func (v *Validator) checkCompleteList(route *routers.Route, req *http.Request, status int, header http.Header, body []byte) error {
	if route.Operation == nil || route.Operation.OperationID != listOperation || status != http.StatusOK || hasFieldsParameter(req) {
		return nil
	}
	var items []any
	switch mediaType, _, _ := mime.ParseMediaType(header.Get("Content-Type")); mediaType {
	case "application/json":
		if err := json.Unmarshal(body, &items); err != nil {
			return fmt.Errorf("list body is not a JSON array: %w", err)
		}
	case ndjsonMediaType:
		var err error
		if items, err = ndjsonItems(body); err != nil {
			return fmt.Errorf("list body is not NDJSON: %w", err)
		}
	default:
		return nil // CSV has no schema of its own
	}
	ref := v.doc.Components.Schemas[completeItemName]
	if ref == nil || ref.Value == nil {
		return fmt.Errorf("the document has no %s schema to check complete list items against", completeItemName)
	}
	for i, item := range items {
		if err := ref.Value.VisitJSON(item, openapi3.EnableJSONSchema2020(), openapi3.VisitAsResponse(), openapi3.MultiErrors()); err != nil {
			return fmt.Errorf("item %d is not a complete %s (no fields= in the request): %w", i, completeItemName, err)
		}
	}
	return nil
}

func hasFieldsParameter(req *http.Request) bool {
	for name := range req.URL.Query() {
		if strings.EqualFold(name, "fields") {
			return true
		}
	}
	return false
}
