// Package archtest holds the rules of the code's layout: which package may
// import which, and what the domain's exported API may speak of.
package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/incidentd/incidentd/"

// forbiddenImports are, for each package, the imports it must not have:
// data flows one way, from the transports through the contract to the
// domain and the stores.
var forbiddenImports = map[string][]string{
	"text":     {"net/http", "database/sql", module},
	"incident": {"net/http", "net/url", "database/sql", module + "contract", module + "httpapi", module + "auth", module + "sqlstore", module + "blob", module + "seed"},
	"contract": {"net/http", "database/sql", module + "httpapi", module + "auth", module + "sqlstore", module + "blob", module + "seed"},
	"auth":     {module + "httpapi", module + "sqlstore", module + "contract"},
	"sqlstore": {"net/http", module + "httpapi", module + "contract"},
	"alerts":   {"net/http", "database/sql", module + "httpapi", module + "sqlstore", module + "contract", module + "seed"},
	// Webhook delivery is given its wire format (the query parser, the
	// event renderer) by the program that wires it.
	"webhook": {"database/sql", module + "httpapi", module + "sqlstore", module + "contract", module + "console", module + "seed"},
	"account": {"net/http", "database/sql", module + "httpapi", module + "sqlstore", module + "contract", module + "console"},
	// The console reaches the data through the domain and its stores'
	// interfaces, and speaks HTML, never the API's JSON.
	"console": {"database/sql", "encoding/json", module + "sqlstore", module + "auth"},
}

func TestImports(t *testing.T) {
	for dir, forbidden := range forbiddenImports {
		for file, imports := range packageImports(t, dir) {
			for _, imp := range imports {
				for _, f := range forbidden {
					if imp == f || strings.HasPrefix(imp, f) && strings.HasSuffix(f, "/") {
						t.Errorf("%s imports %s: %s must not depend on it", file, imp, dir)
					}
				}
			}
		}
	}
}

// packageImports reads the imports of a package's non-test files, by file.
func packageImports(t *testing.T, dir string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, f := range parsePackage(t, dir) {
		for _, imp := range f.file.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			out[f.name] = append(out[f.name], path)
		}
	}
	return out
}

type parsedFile struct {
	name string
	file *ast.File
}

func parsePackage(t *testing.T, dir string) []parsedFile {
	t.Helper()
	root := filepath.Join("..", "..", dir)
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var out []parsedFile
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(root, name), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, parsedFile{filepath.Join(dir, name), f})
	}
	return out
}

// TestDomainSpeaksInTypes checks that the domain's exported API takes and
// returns typed values: no raw bytes, no generic JSON maps, no query
// strings, nothing of HTTP.
func TestDomainSpeaksInTypes(t *testing.T) {
	for _, f := range parsePackage(t, "incident") {
		for _, decl := range f.file.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Name.IsExported() && (d.Recv == nil || exportedReceiver(d.Recv)) {
					checkTypes(t, f.name, d.Name.Name, d.Type)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() {
							checkTypes(t, f.name, s.Name.Name, s.Type)
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if n.IsExported() && s.Type != nil {
								checkTypes(t, f.name, n.Name, s.Type)
							}
						}
					}
				}
			}
		}
	}
}

func exportedReceiver(recv *ast.FieldList) bool {
	typ := recv.List[0].Type
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	if idx, ok := typ.(*ast.IndexExpr); ok {
		typ = idx.X
	}
	id, ok := typ.(*ast.Ident)
	return ok && id.IsExported()
}

// checkTypes reports the wire types found in an exported declaration's
// type, skipping unexported struct fields.
func checkTypes(t *testing.T, file, name string, node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.Field:
			if len(x.Names) > 0 && !x.Names[0].IsExported() {
				if _, inStruct := node.(*ast.StructType); inStruct || isStructField(node, x) {
					return false
				}
			}
		case *ast.ArrayType:
			if id, ok := x.Elt.(*ast.Ident); ok && x.Len == nil && id.Name == "byte" {
				t.Errorf("%s: %s exposes []byte", file, name)
			}
		case *ast.MapType:
			if isAny(x.Value) {
				t.Errorf("%s: %s exposes a map of untyped values", file, name)
			}
		case *ast.SelectorExpr:
			if pkg, ok := x.X.(*ast.Ident); ok && (pkg.Name == "http" || pkg.Name == "url" || pkg.Name == "json") {
				t.Errorf("%s: %s exposes %s.%s", file, name, pkg.Name, x.Sel.Name)
			}
		}
		return true
	})
}

func isStructField(root ast.Node, f *ast.Field) bool {
	found := false
	ast.Inspect(root, func(n ast.Node) bool {
		if s, ok := n.(*ast.StructType); ok {
			for _, field := range s.Fields.List {
				if field == f {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

func isAny(e ast.Expr) bool {
	switch v := e.(type) {
	case *ast.Ident:
		return v.Name == "any"
	case *ast.InterfaceType:
		return len(v.Methods.List) == 0
	}
	return false
}
