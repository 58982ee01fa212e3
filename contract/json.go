package contract

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"

	"github.com/incidentd/incidentd/incident"
)

// MaxBodyBytes bounds a JSON request body; the largest legitimate incident
// body is a few tens of kilobytes.
const MaxBodyBytes = 1 << 20

// maxBodyDepth bounds the nesting of a JSON body: the deepest legitimate
// value (location.address.country) sits at depth 3.
const maxBodyDepth = 10

// parseObject parses a request body that must be one JSON object into
// generic values: map[string]any, []any, string, json.Number, bool, nil.
// Duplicate keys are refused rather than resolved silently. Errors: code 66
// for an oversized body, 21 for an empty one, 22 for anything but a single
// well-formed object.
func parseObject(body []byte) (map[string]any, error) {
	if len(body) > MaxBodyBytes {
		return nil, incident.Errorf(incident.CodeTooLarge, MsgBodyOversized, MaxBodyBytes)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, incident.Errorf(incident.CodeMissingBody, MsgMissingBody)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	v, err := readJSON(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, incident.Errorf(incident.CodeInvalidBody, MsgBodyTrailingData)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, incident.Errorf(incident.CodeInvalidBody, MsgBodyNotObject)
	}
	return obj, nil
}

// readJSON reads one value from the token stream.
func readJSON(dec *json.Decoder, depth int) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, malformed(err)
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		return tok, nil
	}
	if depth >= maxBodyDepth {
		return nil, incident.Errorf(incident.CodeInvalidBody, MsgBodyTooDeep, maxBodyDepth)
	}
	switch delim {
	case '{':
		obj := map[string]any{}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return nil, malformed(err)
			}
			key := tok.(string) // the decoder only yields string keys inside an object
			if _, dup := obj[key]; dup {
				return nil, incident.Errorf(incident.CodeInvalidBody, MsgBodyDuplicateKey, key)
			}
			if obj[key], err = readJSON(dec, depth+1); err != nil {
				return nil, err
			}
		}
		_, err := dec.Token() // the closing brace
		return obj, malformedOrNil(err)
	default: // '['
		arr := []any{}
		for dec.More() {
			v, err := readJSON(dec, depth+1)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		_, err := dec.Token() // the closing bracket
		return arr, malformedOrNil(err)
	}
}

func malformed(err error) error {
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return incident.Errorf(incident.CodeInvalidBody, MsgBodyMalformed, err.Error())
}

func malformedOrNil(err error) error {
	if err != nil {
		return malformed(err)
	}
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
