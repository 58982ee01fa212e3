package httpapi

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/incidentd/incidentd/text"
)

// withLanguage chooses the language of labels and error texts from
// Accept-Language (spec §8) and announces it in Content-Language; Vary
// tells caches that the answer depends on it.
func withLanguage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := negotiateLanguage(r.Header.Values("Accept-Language"))
		stateOf(r.Context()).language = lang
		w.Header().Set("Content-Language", string(lang))
		w.Header().Add("Vary", "Accept-Language")
		next.ServeHTTP(w, r)
	})
}

// negotiateLanguage answers French when the client prefers French to
// English (RFC 9110 §12.5.4 weights; a regional tag such as fr-CA counts for
// its language, "*" for every language not named), else English.
func negotiateLanguage(headers []string) text.Language {
	type preference struct {
		weight   float64
		position int // first mention, to break ties
		named    bool
	}
	var fr, en, any preference
	position := 0
	for _, header := range headers {
		for _, item := range strings.Split(header, ",") {
			tag, weight, ok := parseWeighted(item)
			if !ok {
				continue
			}
			position++
			primary, _, _ := strings.Cut(strings.ToLower(tag), "-")
			var p *preference
			switch primary {
			case "fr":
				p = &fr
			case "en":
				p = &en
			case "*":
				p = &any
			default:
				continue
			}
			if !p.named || weight > p.weight {
				if !p.named {
					p.position = position
				}
				p.weight, p.named = weight, true
			}
		}
	}
	for _, p := range []*preference{&fr, &en} {
		if !p.named && any.named {
			*p = any
		}
	}
	if fr.weight > en.weight || (fr.weight == en.weight && fr.weight > 0 && fr.position < en.position) {
		return text.French
	}
	return text.English
}

// parseWeighted splits "value;q=0.8" into the value and its weight (1 when
// absent). ok is false for an empty value or an unreadable weight.
func parseWeighted(item string) (value string, weight float64, ok bool) {
	parts := strings.Split(item, ";")
	value = strings.TrimSpace(parts[0])
	if value == "" {
		return "", 0, false
	}
	weight = 1
	for _, param := range parts[1:] {
		name, v, _ := strings.Cut(strings.TrimSpace(param), "=")
		if !strings.EqualFold(strings.TrimSpace(name), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || q < 0 || q > 1 {
			return "", 0, false
		}
		weight = q
	}
	return value, weight, true
}
