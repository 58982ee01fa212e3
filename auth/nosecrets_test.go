package auth

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// After provisioning clients and keys and issuing tokens, no table of the
// database holds any of them in clear, and neither do the database files.
func TestNoClearSecretIsStored(t *testing.T) {
	f := newFixture(t)
	f.customer("acme")
	var clear, hashes []string
	for _, owner := range []Owner{CustomerOwner("acme"), OperatorOwner()} {
		scopes := []string{ScopeIncident, ScopeReadOnly}
		if owner.Operator {
			scopes = []string{ScopeOperator}
		}
		id := f.client(owner, scopes...)
		_, key := f.key(owner, 0)
		tok := f.token(id, "")
		clear = append(clear, f.secret[id], key, tok)
		hashes = append(hashes, HashCredential(key), HashCredential(tok))
	}
	rotated := f.client(CustomerOwner("acme"), ScopeReadOnly)
	secret, err := f.admin.RotateClientSecret(f.ctx, rotated)
	if err != nil {
		t.Fatal(err)
	}
	clear = append(clear, f.secret[rotated], secret)
	_, _, err = f.admin.CreateClient(f.ctx, CustomerOwner("acme"), "Demo", []string{ScopeIncident},
		WithClientID("demo-client"), WithSecret("demo-secret"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.admin.CreateAPIKey(f.ctx, CustomerOwner("acme"), 0, WithKey("demo-api-key")); err != nil {
		t.Fatal(err)
	}
	clear = append(clear, "demo-secret", "demo-api-key")
	hashes = append(hashes, HashCredential("demo-api-key"))

	dump := dumpTables(t, filepath.Join(f.dir, "auth.db"))
	for _, s := range clear {
		if strings.Contains(dump, s) {
			t.Errorf("the database holds %q in clear", s)
		}
	}
	// The check above reads real rows: the hashes are there.
	for _, h := range hashes {
		if !strings.Contains(dump, h) {
			t.Errorf("hash %s not found in the tables: the dump misses rows", h)
		}
	}
	if !strings.Contains(dump, "pbkdf2-sha256$") {
		t.Error("no client secret hash found in the tables")
	}

	// Nor do the files themselves, journal included.
	files, _ := filepath.Glob(filepath.Join(f.dir, "auth.db*"))
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range clear {
			if bytes.Contains(raw, []byte(s)) {
				t.Errorf("file %s holds %q in clear", filepath.Base(name), s)
			}
		}
	}
}

// dumpTables renders every row of every table of the SQLite database at
// path as text.
func dumpTables(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", path+"?_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if len(tables) < 4 {
		t.Fatalf("only tables %v", tables)
	}
	var out strings.Builder
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			values := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range values {
				ptrs[i] = &values[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprint(&out, table, ":")
			for _, v := range values {
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				fmt.Fprint(&out, " ", v)
			}
			out.WriteByte('\n')
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return out.String()
}
