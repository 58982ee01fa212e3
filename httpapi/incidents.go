package httpapi

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// Handlers of the incident resources (spec §2, §3.4).

func (s *server) getIncident(w http.ResponseWriter, r *http.Request) error {
	state := stateOf(r.Context())
	id := r.PathValue("id")
	if unchanged, err := s.incidentUnchanged(w, r, id); unchanged || err != nil {
		return err
	}
	inc, err := s.incidents.GetIncident(r.Context(), state.caller.Scope, id)
	if err != nil {
		return err
	}
	return s.writeIncident(w, r, http.StatusOK, inc)
}

func (s *server) createIncident(w http.ResponseWriter, r *http.Request) error {
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	body, err := readBody(r)
	if err != nil {
		return err
	}
	caller := stateOf(r.Context()).caller
	cmd, err := contract.DecodeCreate(body, caller.Role)
	if err != nil {
		return err
	}
	inc, replayed, err := s.manager.Create(r.Context(), caller, cmd, key)
	if err != nil {
		return err
	}
	// A replay answers exactly as the first request did, with a marker.
	if replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	w.Header().Set("Location", contract.IncidentPath(inc.ID))
	return s.writeIncident(w, r, http.StatusCreated, inc)
}

func (s *server) patchIncident(w http.ResponseWriter, r *http.Request) error {
	pre, err := parseEntityTags("If-Match", r.Header.Values("If-Match"))
	if err != nil {
		return err
	}
	body, err := readBody(r)
	if err != nil {
		return err
	}
	patch, err := contract.DecodePatch(body)
	if err != nil {
		return err
	}
	inc, _, err := s.manager.Update(r.Context(), stateOf(r.Context()).caller, r.PathValue("id"), patch, contract.IfMatch(pre))
	if err != nil {
		return err
	}
	return s.writeIncident(w, r, http.StatusOK, inc)
}

// incidentUnchanged answers 304 Not Modified, and reports it, when the
// request's If-None-Match names the incident's current version in the
// request's language (or, without If-None-Match, when If-Modified-Since is
// not older than its last change), reading the version alone and rendering
// nothing.
func (s *server) incidentUnchanged(w http.ResponseWriter, r *http.Request, id string) (bool, error) {
	noneMatch, err := parseEntityTags("If-None-Match", r.Header.Values("If-None-Match"))
	if err != nil {
		return false, err
	}
	since, sinceGiven := ifModifiedSince(r)
	if noneMatch == nil && !sinceGiven {
		return false, nil
	}
	state := stateOf(r.Context())
	version, updated, err := s.incidents.IncidentVersion(r.Context(), state.caller.Scope, id)
	if err != nil {
		return false, err
	}
	etag := contract.VersionETag(id, version, state.language)
	switch {
	case noneMatch != nil && !contract.NoneMatch(noneMatch, etag):
		return false, nil
	case noneMatch == nil && updated.Truncate(time.Second).After(since):
		return false, nil
	}
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Last-Modified", updated.UTC().Format(http.TimeFormat))
	w.WriteHeader(http.StatusNotModified)
	return true, nil
}

// notModified answers 304 Not Modified, and reports it, when the request's
// If-None-Match names the current entity tag of what it reads.
func notModified(w http.ResponseWriter, r *http.Request, etag string) (bool, error) {
	noneMatch, err := parseEntityTags("If-None-Match", r.Header.Values("If-None-Match"))
	if err != nil || noneMatch == nil || !contract.NoneMatch(noneMatch, etag) {
		return false, err
	}
	w.Header().Set("ETag", etag)
	w.WriteHeader(http.StatusNotModified)
	return true, nil
}

// listETag is the entity tag of a page of the incident list: weak (its
// clock figures move), naming the scope's change marker, and a digest of
// the page's scope and query string (pageKey) and language.
func listETag(marker int64, key string, lang text.Language) string {
	sum := sha256.Sum256([]byte(key + "|" + string(lang)))
	return `W/"L` + strconv.FormatInt(marker, 10) + "-" + hex.EncodeToString(sum[:8]) + `"`
}

// ifModifiedSince reads If-Modified-Since; an unreadable date is ignored,
// as RFC 9110 §13.1.3 says.
func ifModifiedSince(r *http.Request) (time.Time, bool) {
	v := r.Header.Get("If-Modified-Since")
	if v == "" {
		return time.Time{}, false
	}
	t, err := http.ParseTime(v)
	return t, err == nil
}

// writeIncident answers one incident with its entity tag and the time of
// its last change.
func (s *server) writeIncident(w http.ResponseWriter, r *http.Request, status int, inc *incident.Incident) error {
	w.Header().Set("ETag", contract.ETag(inc, stateOf(r.Context()).language))
	w.Header().Set("Last-Modified", inc.UpdatedAt.UTC().Format(http.TimeFormat))
	writeJSONBytes(w, status, contract.NewIncidentWriter(s.now(), stateOf(r.Context()).language, nil).AppendJSON(nil, inc))
	return nil
}
