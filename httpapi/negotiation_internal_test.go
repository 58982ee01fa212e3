package httpapi

import (
	"testing"

	"github.com/incidentd/incidentd/incident"
)

func TestNegotiateLanguage(t *testing.T) {
	cases := map[string]incident.Language{
		"":                                 incident.English,
		"fr":                               incident.French,
		"FR-ca":                            incident.French,
		"en":                               incident.English,
		"de":                               incident.English,
		"de, fr;q=0.5":                     incident.French,
		"fr-FR,fr;q=0.9,en;q=0.8":          incident.French,
		"en-US,en;q=0.9,fr;q=0.8":          incident.English,
		"fr;q=0.5, en;q=0.6":               incident.English,
		"fr, en":                           incident.French,
		"en, fr":                           incident.English,
		"*":                                incident.English,
		"fr;q=0.5, *":                      incident.English,
		"*;q=0.1, fr":                      incident.French,
		"fr;q=0":                           incident.English,
		"fr;q=bogus, en;q=0.1":             incident.English,
		"fr;q=0.8, fr-CA;q=0.9, en;q=0.85": incident.French,
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
