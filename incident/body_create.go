package incident

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// operatorOnlyOnCreate are the create fields only operators write.
var operatorOnlyOnCreate = []string{"customer", "origin", "detectedAt"}

// decodeCreate decodes and validates a create body (spec §3.4) into a new
// incident, classified by the matrix, with the status and origin of the
// caller's role. For an operator, Customer.ID is the customer named by the
// body, still to be checked; for a customer it is left empty. now bounds
// detectedAt. Errors are *Error with codes 21 to 24, or 66.
func decodeCreate(body []byte, role Role, m Matrix, now time.Time) (*Incident, error) {
	obj, err := parseObject(body)
	if err != nil {
		return nil, err
	}
	if role != RoleOperator {
		for _, name := range operatorOnlyOnCreate {
			if _, given := obj[name]; given {
				return nil, Errorf(CodeInvalidBodyField, MsgForbiddenField, name)
			}
		}
	}
	doc, err := decodeObject(obj, createBody, "")
	if err != nil {
		return nil, err
	}
	inc := &Incident{}
	applyDocument(inc, doc, createBody)
	if inc.Type == "" {
		inc.Type = TypeFailure
	}
	if inc.ServiceCondition == "" {
		inc.ServiceCondition = m.DefaultServiceCondition[inc.Impact]
	}
	inc.Status, inc.Origin = StatusNew, OriginReactive
	if role == RoleOperator {
		customer, ok := doc["customer"].(map[string]any)
		if !ok {
			return nil, Errorf(CodeMissingBodyField, MsgMissingField, "customer.id")
		}
		inc.Customer.ID = text(customer["id"])
		inc.Status, inc.Origin = StatusValidated, OriginProactive
		if origin, given := doc["origin"]; given {
			inc.Origin = Origin(text(origin))
		}
	}
	if err := checkDetectedAt(inc, now); err != nil {
		return nil, err
	}
	m.Classify(inc)
	return inc, nil
}

// checkDetectedAt checks the detection time of an incident against its
// origin and against the creation time (now for a new incident).
func checkDetectedAt(inc *Incident, createdAt time.Time) error {
	switch {
	case inc.DetectedAt == nil:
		return nil
	case inc.Origin != OriginProactive:
		return Errorf(CodeInvalidBodyField, MsgDetectedNotProactive)
	case inc.DetectedAt.After(createdAt):
		return Errorf(CodeInvalidBodyField, MsgDetectedAfterCreated)
	}
	return nil
}

// MaxIdempotencyKey is the longest Idempotency-Key accepted.
const MaxIdempotencyKey = 255

// idempotencyOf validates an Idempotency-Key (1 to 255 printable ASCII
// characters, else code 26) and identifies the request by the SHA-256 of
// its body. An empty key means none: nil.
func idempotencyOf(clientID, key string, body []byte) (*Idempotency, error) {
	if key == "" {
		return nil, nil
	}
	if len(key) > MaxIdempotencyKey {
		return nil, Errorf(CodeInvalidHeader, MsgIdempotencyKeyInvalid, MaxIdempotencyKey)
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x20 || key[i] > 0x7e {
			return nil, Errorf(CodeInvalidHeader, MsgIdempotencyKeyInvalid, MaxIdempotencyKey)
		}
	}
	sum := sha256.Sum256(body)
	return &Idempotency{ClientID: clientID, Key: key, RequestHash: hex.EncodeToString(sum[:])}, nil
}
