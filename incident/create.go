package incident

import "time"

// operatorOnlyOnCreate checks that a customer's new incident leaves the
// operators' fields alone (code 24 naming the first one set).
func (n NewIncident) operatorOnlyOnCreate() error {
	switch {
	case n.CustomerID != "":
		return Errorf(CodeInvalidBodyField, MsgForbiddenField, "customer")
	case n.Origin != "":
		return Errorf(CodeInvalidBodyField, MsgForbiddenField, "origin")
	case n.DetectedAt != nil:
		return Errorf(CodeInvalidBodyField, MsgForbiddenField, "detectedAt")
	}
	return nil
}

// newIncident builds a new incident from the command, with the defaults,
// the status and origin of the caller's role, classified by the matrix;
// its customer is still to be named. now bounds detectedAt.
func (m Matrix) newIncident(n NewIncident, role Role, now time.Time) (*Incident, error) {
	if role != RoleOperator {
		if err := n.operatorOnlyOnCreate(); err != nil {
			return nil, err
		}
	}
	inc := &Incident{
		Status:   StatusNew,
		Origin:   OriginReactive,
		Service:  copied(n.Service),
		Location: copiedLocation(n.Location),
		Contact:  copied(n.Contact),
	}
	for _, f := range fields {
		if f.create != nil {
			f.create(inc, &n)
		}
	}
	if inc.Type == "" {
		inc.Type = TypeFailure
	}
	if inc.ServiceCondition == "" {
		inc.ServiceCondition = m.DefaultServiceCondition[inc.Impact]
	}
	if role == RoleOperator {
		inc.Status, inc.Origin = StatusValidated, OriginProactive
		if n.Origin != "" {
			inc.Origin = n.Origin
		}
		if n.DetectedAt != nil {
			t := instant(*n.DetectedAt)
			inc.DetectedAt = &t
		}
	}
	if err := validateFields(inc); err != nil {
		return nil, err
	}
	if role == RoleOperator {
		if n.CustomerID == "" {
			return nil, Errorf(CodeMissingBodyField, MsgMissingField, "customer.id")
		}
		if err := checkText("customer.id", n.CustomerID, 1, MaxRefID, true); err != nil {
			return nil, err
		}
		inc.Customer.ID = n.CustomerID
	}
	if err := checkDetectedAt(inc, now); err != nil {
		return nil, err
	}
	m.Classify(inc)
	return inc, nil
}

// copied is a copy of an optional object, so that the incident does not
// share it with the command.
func copied[T any](v *T) *T {
	if v == nil {
		return nil
	}
	c := *v
	return &c
}

// copiedLocation copies a location and its address, the country written in
// upper case.
func copiedLocation(l *Location) *Location {
	if l == nil {
		return nil
	}
	c := *l
	if a := copied(l.Address); a != nil {
		a.Country = normalizeCountry(a.Country)
		c.Address = a
	}
	return &c
}
