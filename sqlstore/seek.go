package sqlstore

import (
	"fmt"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// defaultOrder is the order of a listing that names none.
var defaultOrder = []incident.SortKey{{Attr: incident.Attribute{Name: "createdAt", Kind: incident.KindTime}, Desc: true}}

// seek writes the condition of the rows that come after a position in the
// order orderBy writes for the keys: beyond its value on the first key
// that differs, unset values last in either direction, the sequence number
// ending the order.
func (b *sqlBuilder) seek(keys []incident.SortKey, after *incident.Position, now time.Time) error {
	if len(keys) == 0 {
		keys = defaultOrder
	}
	if len(after.Keys) != len(keys) {
		return fmt.Errorf("seek: %d values for %d sort keys", len(after.Keys), len(keys))
	}
	if rowValue(keys, after) {
		return b.seekRow(keys, after, now)
	}
	return b.seekFrom(keys, after, 0, now)
}

// rowValue reports whether the order is one direction over set values, as
// most listings' are (-createdAt): one row-value comparison then says it,
// which both databases serve as a range of an index in that order.
func rowValue(keys []incident.SortKey, after *incident.Position) bool {
	for i, k := range keys {
		col, ok := columnOf(k.Attr)
		if !ok || col.nullable || after.Keys[i] == nil || k.Desc != keys[0].Desc {
			return false
		}
	}
	return true
}

// seekRow writes (e1, e2, …, seq) > (v1, v2, …, s), < when descending.
func (b *sqlBuilder) seekRow(keys []incident.SortKey, after *incident.Position, now time.Time) error {
	b.WriteByte('(')
	for _, k := range keys {
		col, _ := columnOf(k.Attr)
		e := col.expr
		if col.sort != "" {
			e = col.sort
		}
		b.WriteByte('(')
		b.expr(col, e, now)
		b.WriteString("), ")
	}
	b.WriteString("i.seq)" + beyond(keys[0].Desc) + "(")
	for i, k := range keys {
		b.arg(sortValue(k.Attr.Kind, after.Keys[i]))
		b.WriteString(", ")
	}
	b.arg(after.Seq)
	b.WriteByte(')')
	return nil
}

func (b *sqlBuilder) seekFrom(keys []incident.SortKey, after *incident.Position, i int, now time.Time) error {
	if i == len(keys) {
		b.WriteString("i.seq" + beyond(keys[len(keys)-1].Desc))
		b.arg(after.Seq)
		return nil
	}
	k := keys[i]
	col, ok := columnOf(k.Attr)
	if !ok {
		return fmt.Errorf("seek on %q: not a sortable attribute", k.Attr.Name)
	}
	e := col.expr
	if col.sort != "" {
		e = col.sort
	}
	v := after.Keys[i]
	// An expression may be a comparison itself (sla.isBreached).
	e = "(" + e + ")"
	b.WriteByte('(')
	if v == nil { // unset values come last: only unset ones follow
		b.expr(col, e, now)
		b.WriteString(" IS NULL AND ")
		if err := b.seekFrom(keys, after, i+1, now); err != nil {
			return err
		}
		b.WriteByte(')')
		return nil
	}
	arg := sortValue(k.Attr.Kind, v)
	b.expr(col, e, now)
	b.WriteString(beyond(k.Desc))
	b.arg(arg)
	if col.nullable {
		b.WriteString(" OR ")
		b.expr(col, e, now)
		b.WriteString(" IS NULL")
	}
	b.WriteString(" OR (")
	b.expr(col, e, now)
	b.WriteString(" = ")
	b.arg(arg)
	b.WriteString(" AND ")
	if err := b.seekFrom(keys, after, i+1, now); err != nil {
		return err
	}
	b.WriteString("))")
	return nil
}

// beyond is the comparison of a value after another in a direction.
func beyond(desc bool) string {
	if desc {
		return " < "
	}
	return " > "
}

// sortValue is a position's value as the sort expression holds it: the
// sequence number for the id, microseconds for a time.
func sortValue(kind incident.Kind, v *incident.Value) any {
	switch kind {
	case incident.KindID, incident.KindInt:
		return v.Int
	case incident.KindTime:
		return micros(v.From)
	case incident.KindBool:
		return v.Bool
	}
	return v.Str
}

// andOrWhere continues a WHERE clause, or starts one.
func andOrWhere(where string) string {
	if where == "" {
		return " WHERE "
	}
	return " AND "
}
