package contract

import (
	"sort"
	"strings"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// operation is the request that writes a resource: it creates it, or
// patches it (RFC 7396 merge patch).
type operation uint8

const (
	opCreate operation = iota
	opPatch
)

// access says who writes a field in one operation.
type access uint8

const (
	noAccess      access = iota // read-only: naming the field is refused
	anyone                      // every caller allowed to write the resource
	operatorsOnly               // operators; a customer naming it is refused
)

// bodyRule is how requests write a field.
type bodyRule struct {
	create, patch access
	// nullable: null unsets the field.
	nullable bool
	// required: a create body must give it (inside its object, when the
	// object is given).
	required bool
}

func (r bodyRule) access(op operation) access {
	if op == opCreate {
		return r.create
	}
	return r.patch
}

// Shapes of body rules the catalogues share.
var (
	writable         = bodyRule{create: anyone, patch: anyone}
	writableNull     = bodyRule{create: anyone, patch: anyone, nullable: true}
	requiredOnCreate = bodyRule{create: anyone, patch: anyone, required: true}
	patchedOnly      = bodyRule{patch: anyone}
	patchedNull      = bodyRule{patch: anyone, nullable: true}
)

// decodeBody checks a body's shape against the catalogue for an operation
// by a role and writes its values into the command: fields unknown,
// read-only or refused to the role, nulls where no null is taken, missing
// required fields and values of the wrong JSON type are refused (codes 23
// and 24, naming the field's dot path). Values themselves are checked by
// the domain.
func (c *catalogue[V, C]) decodeBody(body []byte, op operation, role incident.Role, cmd *C) error {
	obj, err := parseObject(body)
	if err != nil {
		return err
	}
	return c.decodeObject(obj, op, role, cmd)
}

// decodeObject is decodeBody on a parsed body.
func (c *catalogue[V, C]) decodeObject(obj map[string]any, op operation, role incident.Role, cmd *C) error {
	if role != incident.RoleOperator {
		if err := c.root.refuseOperatorsFields(obj, op); err != nil {
			return err
		}
	}
	if err := c.root.checkKeys(obj, op); err != nil {
		return err
	}
	return c.root.decodeFields(obj, op, cmd)
}

// refuseOperatorsFields refuses the top-level fields that only operators
// write, in catalogue order.
func (n *node[V, C]) refuseOperatorsFields(obj map[string]any, op operation) error {
	for _, child := range n.children {
		if _, given := obj[child.key]; given && child.f.body.access(op) == operatorsOnly {
			return incident.Errorf(incident.CodeInvalidBodyField, incident.MsgForbiddenField, child.f.name)
		}
	}
	return nil
}

func (n *node[V, C]) child(key string) *node[V, C] {
	for _, c := range n.children {
		if c.key == key {
			return c
		}
	}
	return nil
}

// checkKeys refuses, in key order, a key the node does not know, a
// read-only field, and, in a patch, null on a field that cannot be unset;
// a patch is checked at every depth, a create body at its top level (its
// objects are checked as they are decoded).
func (n *node[V, C]) checkKeys(obj map[string]any, op operation) error {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		c := n.child(k)
		path := dotPath(n, k)
		switch {
		case c == nil:
			return incident.Errorf(incident.CodeInvalidBodyField, MsgUnknownField, path)
		case c.f.body.access(op) == noAccess:
			return incident.Errorf(incident.CodeInvalidBodyField, MsgReadOnlyField, path)
		case op == opPatch && obj[k] == nil && !c.f.body.nullable:
			return incident.Errorf(incident.CodeInvalidBodyField, MsgFieldNull, path)
		}
		if sub, ok := obj[k].(map[string]any); ok && c.f.object && op == opPatch {
			if err := c.checkKeys(sub, op); err != nil {
				return err
			}
		}
	}
	return nil
}

// dotPath is the name of a node's child.
func dotPath[V, C any](n *node[V, C], key string) string {
	if n.f == nil {
		return key
	}
	return n.f.name + "." + key
}

// decodeFields decodes the fields an object gives, in catalogue order.
func (n *node[V, C]) decodeFields(obj map[string]any, op operation, cmd *C) error {
	for _, c := range n.children {
		if c.f.body.access(op) == noAccess {
			continue
		}
		v, given := obj[c.key]
		switch {
		case !given && c.f.body.required && op == opCreate:
			return incident.Errorf(incident.CodeMissingBodyField, incident.MsgMissingField, c.f.name)
		case !given:
			continue
		case v == nil && !c.f.body.nullable:
			return incident.Errorf(incident.CodeInvalidBodyField, MsgFieldNull, c.f.name)
		case v == nil:
			c.f.set(cmd, nil)
			continue
		}
		if err := c.decodeValue(v, op, cmd); err != nil {
			return err
		}
	}
	return nil
}

func (n *node[V, C]) decodeValue(v any, op operation, cmd *C) error {
	name := n.f.name
	if n.f.object {
		obj, ok := v.(map[string]any)
		if !ok {
			return incident.Errorf(incident.CodeInvalidBodyField, MsgFieldNotObject, name)
		}
		if op == opCreate {
			if err := n.checkKeys(obj, op); err != nil {
				return err
			}
		}
		n.f.set(cmd, obj)
		return n.decodeFields(obj, op, cmd)
	}
	switch n.f.kind {
	case incident.KindBool:
		b, ok := v.(bool)
		if !ok {
			return incident.Errorf(incident.CodeInvalidBodyField, MsgFieldNotBool, name)
		}
		n.f.set(cmd, b)
	case incident.KindTime:
		t, ok := parseBodyTime(v)
		if !ok {
			return incident.Errorf(incident.CodeInvalidBodyField, MsgFieldNotTime, name)
		}
		n.f.set(cmd, t)
	default:
		s, ok := v.(string)
		switch {
		case !ok && n.f.values != nil:
			return incident.Errorf(incident.CodeInvalidBodyField, incident.MsgFieldEnum, name, strings.Join(n.f.values, ", "))
		case !ok:
			return incident.Errorf(incident.CodeInvalidBodyField, MsgFieldNotString, name)
		}
		n.f.set(cmd, s)
	}
	return nil
}

// parseBodyTime reads an RFC 3339 date-time, kept in UTC to the
// millisecond like every time of the API.
func parseBodyTime(v any) (time.Time, bool) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC().Truncate(time.Millisecond), true
}
