package httpapi

import (
	"testing"

	"github.com/incidentd/incidentd/text"
)

func TestNegotiateLanguage(t *testing.T) {
	cases := map[string]text.Language{
		"":                                 text.English,
		"fr":                               text.French,
		"FR-ca":                            text.French,
		"en":                               text.English,
		"de":                               text.English,
		"de, fr;q=0.5":                     text.French,
		"fr-FR,fr;q=0.9,en;q=0.8":          text.French,
		"en-US,en;q=0.9,fr;q=0.8":          text.English,
		"fr;q=0.5, en;q=0.6":               text.English,
		"fr, en":                           text.French,
		"en, fr":                           text.English,
		"*":                                text.English,
		"fr;q=0.5, *":                      text.English,
		"*;q=0.1, fr":                      text.French,
		"fr;q=0":                           text.English,
		"fr;q=bogus, en;q=0.1":             text.English,
		"fr;q=0.8, fr-CA;q=0.9, en;q=0.85": text.French,
	}
	for header, want := range cases {
		var headers []string
		if header != "" {
			headers = []string{header}
		}
		if got := negotiateLanguage(headers); got != want {
			t.Errorf("Accept-Language %q: %s, want %s", header, got, want)
		}
	}
}

func TestAcceptsJSON(t *testing.T) {
	cases := map[string]bool{
		"":                                    true,
		"*/*":                                 true,
		"application/*":                       true,
		"application/json":                    true,
		"Application/JSON; charset=utf-8":     true,
		"text/html, application/json;q=0.1":   true,
		"text/html":                           false,
		"application/xml, text/*":             false,
		"application/json;q=0, */*":           false,
		"*/*;q=0":                             false,
		"application/*;q=0, */*":              false,
		"application/*;q=0, application/json": true,
		"garbage":                             false,
	}
	for header, want := range cases {
		var headers []string
		if header != "" {
			headers = []string{header}
		}
		if got := acceptsMediaType(headers, "application", "json"); got != want {
			t.Errorf("Accept %q: %v, want %v", header, got, want)
		}
	}
}
