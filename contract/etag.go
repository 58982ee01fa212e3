package contract

import (
	"strconv"
	"strings"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// An incident's entity tag names its stored version and the language of the
// representation: W/"2611N00042.7.fr". It is weak because the clock figures
// of the representation (sla.timeToRestoreSeconds…) move while the stored
// version stays: two representations with one tag say the same thing at
// different instants.

// ETag is the entity tag of an incident's representation in a language.
func ETag(inc *incident.Incident, lang text.Language) string {
	return VersionETag(inc.ID, inc.Version, lang)
}

// VersionETag is the entity tag of a version of an incident, known by its id
// and version number, in a language.
func VersionETag(id string, version int64, lang text.Language) string {
	return `W/"` + id + "." + strconv.FormatInt(version, 10) + "." + string(lang) + `"`
}

// versionTag is the version an entity tag names (incident.Incident.Tag),
// whatever its language and strength, "" for a tag that is not one of an
// incident's.
func versionTag(etag string) string {
	etag = strings.TrimPrefix(etag, "W/")
	if len(etag) < 2 || etag[0] != '"' || etag[len(etag)-1] != '"' {
		return ""
	}
	parts := strings.Split(etag[1:len(etag)-1], ".")
	if len(parts) < 2 || !incident.ValidID(parts[0]) {
		return ""
	}
	if _, err := strconv.ParseUint(parts[1], 10, 63); err != nil {
		return ""
	}
	return parts[0] + "." + parts[1]
}

// IfMatch turns the entity tags of an If-Match header (quoted as written,
// or "*") into the precondition of an update: a tag names the version it
// was given for, in any language (the version is what an update is
// conditioned on); a tag that is not one of ours names none.
func IfMatch(tags []string) incident.Precondition {
	var pre incident.Precondition
	for _, t := range tags {
		if t == "*" {
			pre.Any = true
			continue
		}
		v := versionTag(t)
		if v == "" {
			v = "?" + t // never an incident's version
		}
		pre.Tags = append(pre.Tags, v)
	}
	return pre
}

// NoneMatch reports whether the entity tags of an If-None-Match header
// (quoted as written, or "*") match the current tag, by the weak comparison
// of RFC 9110 §8.8.3: then a GET answers 304.
func NoneMatch(tags []string, current string) bool {
	current = strings.TrimPrefix(current, "W/")
	for _, t := range tags {
		if t == "*" || strings.TrimPrefix(t, "W/") == current {
			return true
		}
	}
	return false
}
