package apitest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// ndjsonMediaType is the incident list's export of one JSON incident per
// line. The document describes the sequence of lines as an array, which is
// what the body decodes to for validation.
const ndjsonMediaType = "application/x-ndjson"

func init() {
	openapi3filter.RegisterBodyDecoder(ndjsonMediaType, decodeNDJSON)
}

func decodeNDJSON(body io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
	data, err := io.ReadAll(body)
	if err != nil {
		return nil, err
	}
	items, err := ndjsonItems(data)
	if err != nil {
		return nil, &openapi3filter.ParseError{Kind: openapi3filter.KindInvalidFormat, Cause: err}
	}
	return items, nil
}

// ndjsonItems decodes newline-delimited JSON: each line one JSON value,
// every line ended by \n, no blank line.
func ndjsonItems(data []byte) ([]any, error) {
	items := []any{}
	if len(data) == 0 {
		return items, nil
	}
	if data[len(data)-1] != '\n' {
		return nil, errors.New("the last line does not end with a newline")
	}
	for i, line := range bytes.Split(data[:len(data)-1], []byte("\n")) {
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		if dec.More() {
			return nil, fmt.Errorf("line %d: more than one JSON value", i+1)
		}
		items = append(items, v)
	}
	return items, nil
}
