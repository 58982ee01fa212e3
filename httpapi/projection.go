package httpapi

import (
	"bytes"
	"encoding/json"
	"strings"
)

// project keeps only the named attributes of a representation (the fields
// parameter of spec §4), plus id. A dot path keeps the nested parts it
// names (location.address.country keeps {"location":{"address":
// {"country":…}}}); a path through a null object keeps the null.
func project(v any, fields []string) (map[string]any, error) {
	encoded, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var full map[string]any
	dec := json.NewDecoder(bytes.NewReader(encoded))
	dec.UseNumber() // keeps numbers exactly as encoded
	if err := dec.Decode(&full); err != nil {
		return nil, err
	}
	out := map[string]any{}
	copyPath(out, full, []string{"id"})
	for _, f := range fields {
		copyPath(out, full, strings.Split(f, "."))
	}
	return out, nil
}

// copyPath copies the value at path from src into dst, creating the
// objects on the way.
func copyPath(dst, src map[string]any, path []string) {
	name := path[0]
	v, ok := src[name]
	if !ok {
		return
	}
	if len(path) == 1 {
		dst[name] = v
		return
	}
	child, isObject := v.(map[string]any)
	if !isObject {
		if _, set := dst[name]; !set {
			dst[name] = v // null: the parent is unset
		}
		return
	}
	into, isObject := dst[name].(map[string]any)
	if !isObject {
		into = map[string]any{}
		dst[name] = into
	}
	copyPath(into, child, path[1:])
}
