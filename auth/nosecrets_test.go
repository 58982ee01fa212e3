package auth_test

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/auth"
)

// After provisioning clients and keys and issuing tokens, no table of the
// database holds any of them in clear, and neither do the database files.
func TestNoClearSecretIsStored(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		f := newFixture(t, b)
		f.customer("acme")
		var clear, hashes []string
		for _, owner := range []auth.Owner{auth.CustomerOwner("acme"), auth.OperatorOwner()} {
			scopes := []string{auth.ScopeIncident, auth.ScopeReadOnly}
			if owner.Operator {
				scopes = []string{auth.ScopeOperator}
			}
			id := f.client(owner, scopes...)
			_, key := f.key(owner, 0)
			tok := f.token(id, "")
			clear = append(clear, f.secret[id], key, tok)
			hashes = append(hashes, auth.HashCredential(key), auth.HashCredential(tok))
		}
		rotated := f.client(auth.CustomerOwner("acme"), auth.ScopeReadOnly)
		secret, _, err := f.admin.RotateClientSecret(f.ctx, rotated, true)
		if err != nil {
			t.Fatal(err)
		}
		clear = append(clear, f.secret[rotated], secret)
		_, _, err = f.admin.CreateClient(f.ctx, auth.CustomerOwner("acme"), "Demo", []string{auth.ScopeIncident},
			auth.WithClientID("demo-client"), auth.WithSecret("demo-secret"))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.admin.CreateAPIKey(f.ctx, auth.CustomerOwner("acme"), 0, auth.WithKey("demo-api-key")); err != nil {
			t.Fatal(err)
		}
		clear = append(clear, "demo-secret", "demo-api-key")
		hashes = append(hashes, auth.HashCredential("demo-api-key"))

		dump := dumpTables(t, f)
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

		if f.file == "" {
			return
		}
		// Nor do the SQLite files themselves, journal included.
		files, _ := filepath.Glob(f.file + "*")
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
	})
}

// dumpTables renders every row of every table of the fixture's database
// as text, reading the database directly rather than through the store.
func dumpTables(t *testing.T, f *fixture) string {
	t.Helper()
	source, listTables := f.url, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	if f.file != "" {
		source, listTables = f.file+"?_pragma=query_only(1)", `SELECT name FROM sqlite_master WHERE type = 'table'`
	}
	db, err := sql.Open(f.b.driver, source)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(listTables)
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
	for _, want := range []string{"customers", "clients", "api_keys", "tokens"} {
		if !slices.Contains(tables, want) {
			t.Fatalf("table %s not found among %v", want, tables)
		}
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

// Refusals are logged: their texts never hold the credentials presented.
func TestRefusalsHoldNoSecret(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		w := newAuthWorld(t, b)
		_, shortKey := w.key(auth.CustomerOwner("acme"), time.Minute)
		expiring := w.token(w.acmeClient, "")
		w.clock.Advance(2 * time.Hour)
		token := w.token(w.acmeClient, "")
		unknownToken := auth.NewRandomString()
		presented := []struct{ authorization, key string }{
			{"Bearer " + token, w.globexKey},
			{"Bearer " + token, w.opKey},
			{"Bearer " + w.opToken, w.acmeKey},
			{"Bearer " + unknownToken, w.acmeKey},
			{"Bearer " + expiring, w.acmeKey},
			{"Bearer " + token, shortKey},
			{"Bearer " + token, "ik_unknown_" + auth.NewRandomString()},
		}
		for _, p := range presented {
			_, err := w.svc.Authenticate(w.ctx, p.authorization, p.key)
			r, ok := auth.RefusalOf(err)
			if !ok {
				t.Fatalf("%v: not a refusal", err)
			}
			text := fmt.Sprintf("%v %+v", err, *r)
			for _, secret := range []string{strings.TrimPrefix(p.authorization, "Bearer "), p.key} {
				if strings.Contains(text, secret) {
					t.Errorf("the refusal %q holds a credential presented", text)
				}
			}
		}
		for _, secret := range []string{w.secret[w.acmeClient] + "x", "guess-" + auth.NewRandomString()} {
			_, oerr := w.svc.IssueToken(w.ctx, w.acmeClient, secret, "")
			if oerr == nil || strings.Contains(fmt.Sprintf("%v %+v", oerr, *oerr), secret) {
				t.Errorf("the token refusal %v holds the secret presented", oerr)
			}
		}
	})
}
