package sqlstore

import "strings"

// sqlBuilder accumulates SQL text and its arguments side by side, so that
// values only ever travel as parameters.
type sqlBuilder struct {
	strings.Builder
	args []any
	d    dialect
}

// arg writes a placeholder for v.
func (b *sqlBuilder) arg(v any) {
	b.WriteByte('?')
	b.args = append(b.args, v)
}

// argList writes (?, ?, …) for the values.
func (b *sqlBuilder) argList(values []any) {
	b.WriteByte('(')
	for i, v := range values {
		if i > 0 {
			b.WriteString(", ")
		}
		b.arg(v)
	}
	b.WriteByte(')')
}
