package sqlstore

import (
	"fmt"
	"strings"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// This file compiles the domain query model to SQL: the WHERE clause of a
// scope and its filters, and the ORDER BY of the sort keys.

// where writes the WHERE clause (nothing when there is no condition).
func (b *sqlBuilder) where(scope incident.Scope, filters []incident.Filter, now time.Time) error {
	return b.whereOn("i.customer_id", columnOf, scope, filters, now)
}

// whereOn writes the WHERE clause of the scope, on the customer column
// customer, and of the filters, on the columns columnOf gives.
func (b *sqlBuilder) whereOn(customer string, columnOf func(incident.Attribute) (column, bool), scope incident.Scope, filters []incident.Filter, now time.Time) error {
	first := true
	and := func() {
		if first {
			b.WriteString(" WHERE ")
			first = false
		} else {
			b.WriteString(" AND ")
		}
	}
	if !scope.Operator {
		and()
		b.WriteString(customer + " = ")
		b.arg(scope.CustomerID)
	}
	for _, f := range filters {
		and()
		col, ok := columnOf(f.Attr)
		if !ok {
			return fmt.Errorf("filter on %q: not a filterable attribute", f.Attr.Name)
		}
		if err := b.filterOn(col, f, now); err != nil {
			return err
		}
	}
	return nil
}

// filterOn writes one condition on a column, for any resource's listing:
// the attribute compared with any of the values. ne is the negation of eq
// over the whole list (priority.ne=P3,P4 excludes both). SQL's three-valued
// logic makes every comparison, ne included, false on NULL, as the API
// requires.
func (b *sqlBuilder) filterOn(col column, f incident.Filter, now time.Time) error {
	if len(f.Values) == 0 {
		return fmt.Errorf("filter on %q: no value", f.Attr.Name)
	}
	switch f.Attr.Kind {
	case incident.KindBool:
		return b.boolFilter(col, f, now)
	case incident.KindTime:
		return b.timeFilter(col, f)
	}
	values := make([]any, len(f.Values))
	for i, v := range f.Values {
		if f.Attr.Kind == incident.KindInt {
			values[i] = v.Int
		} else {
			values[i] = v.Str
		}
	}
	switch f.Op {
	case incident.OpEq, incident.OpNe:
		b.WriteString(col.expr)
		switch {
		case len(values) == 1 && f.Op == incident.OpEq:
			b.WriteString(" = ")
			b.arg(values[0])
		case len(values) == 1:
			b.WriteString(" <> ")
			b.arg(values[0])
		case f.Op == incident.OpEq:
			b.WriteString(" IN ")
			b.argList(values)
		default:
			b.WriteString(" NOT IN ")
			b.argList(values)
		}
		return nil
	case incident.OpGt, incident.OpGte, incident.OpLt, incident.OpLte:
		op := map[incident.Op]string{incident.OpGt: " > ", incident.OpGte: " >= ", incident.OpLt: " < ", incident.OpLte: " <= "}[f.Op]
		b.anyOf(len(values), func(i int) {
			b.WriteString(col.expr + op)
			b.arg(values[i])
		})
		return nil
	case incident.OpContains:
		if f.Attr.Kind == incident.KindInt {
			break
		}
		b.anyOf(len(values), func(i int) {
			pattern := likePattern(f.Values[i].Str)
			b.WriteString(b.d.contains(col.expr, pattern))
			b.args = append(b.args, pattern)
		})
		return nil
	}
	return fmt.Errorf("filter on %q: operator %q does not apply", f.Attr.Name, f.Op)
}

// boolFilter writes a boolean attribute: the expression itself for true,
// its negation for false.
func (b *sqlBuilder) boolFilter(col column, f incident.Filter, now time.Time) error {
	if f.Op != incident.OpEq && f.Op != incident.OpNe {
		return fmt.Errorf("filter on %q: operator %q does not apply", f.Attr.Name, f.Op)
	}
	if f.Op == incident.OpNe {
		b.WriteString("NOT ")
	}
	b.anyOf(len(f.Values), func(i int) {
		if !f.Values[i].Bool {
			b.WriteString("NOT ")
		}
		b.WriteByte('(')
		b.expr(col, col.expr, now)
		b.WriteByte(')')
	})
	return nil
}

// timeFilter compares with time values, each the range [From, To): equal
// is inside it, after (gt) is from its end, before (lt) is before its start.
func (b *sqlBuilder) timeFilter(col column, f incident.Filter) error {
	e := col.expr
	cond := map[incident.Op]func(v incident.Value){
		incident.OpEq: func(v incident.Value) {
			b.WriteString(e + " >= ")
			b.arg(micros(v.From))
			b.WriteString(" AND " + e + " < ")
			b.arg(micros(v.To))
		},
		incident.OpGt:  func(v incident.Value) { b.WriteString(e + " >= "); b.arg(micros(v.To)) },
		incident.OpGte: func(v incident.Value) { b.WriteString(e + " >= "); b.arg(micros(v.From)) },
		incident.OpLt:  func(v incident.Value) { b.WriteString(e + " < "); b.arg(micros(v.From)) },
		incident.OpLte: func(v incident.Value) { b.WriteString(e + " < "); b.arg(micros(v.To)) },
	}
	op := f.Op
	if op == incident.OpNe {
		op = incident.OpEq
		b.WriteString("NOT ")
	}
	c, ok := cond[op]
	if !ok {
		return fmt.Errorf("filter on %q: operator %q does not apply", f.Attr.Name, f.Op)
	}
	b.anyOf(len(f.Values), func(i int) {
		b.WriteByte('(')
		c(f.Values[i])
		b.WriteByte(')')
	})
	return nil
}

// anyOf writes (c0 OR c1 OR …), each ci written by cond(i).
func (b *sqlBuilder) anyOf(n int, cond func(i int)) {
	b.WriteByte('(')
	for i := range n {
		if i > 0 {
			b.WriteString(" OR ")
		}
		cond(i)
	}
	b.WriteByte(')')
}

// expr writes a column expression, binding the instant of sla.isBreached.
func (b *sqlBuilder) expr(col column, e string, now time.Time) {
	if !col.breached {
		b.WriteString(e)
		return
	}
	before, after, _ := strings.Cut(e, "?")
	b.WriteString(before)
	b.arg(micros(now))
	b.WriteString(after)
}

// orderBy writes the ORDER BY of the sort keys (default -createdAt), ended
// by seq in the direction of the last key. Unset values come last in either
// direction, on both databases.
func (b *sqlBuilder) orderBy(keys []incident.SortKey, now time.Time) error {
	if len(keys) == 0 {
		keys = defaultOrder
	}
	b.WriteString(" ORDER BY ")
	for _, k := range keys {
		col, ok := columnOf(k.Attr)
		if !ok {
			return fmt.Errorf("sort by %q: not a sortable attribute", k.Attr.Name)
		}
		e := col.expr
		if col.sort != "" {
			e = col.sort
		}
		b.expr(col, e, now)
		if k.Desc {
			b.WriteString(" DESC")
		}
		if col.nullable {
			b.WriteString(" NULLS LAST")
		}
		b.WriteString(", ")
	}
	b.WriteString("i.seq")
	if keys[len(keys)-1].Desc {
		b.WriteString(" DESC")
	}
	return nil
}

// likePattern is a LIKE pattern matching s anywhere, case folded, with the
// LIKE metacharacters of s escaped by \.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(s)) + "%"
}
