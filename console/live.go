package console

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"net/http"
	"strconv"

	"github.com/incidentd/incidentd/incident"
)

// Live pages. A page that shows incidents carries the version of what it
// shows (a digest of the incidents' version tags, the counts, the notes
// and files); console.js asks for the same page every poll interval with
// If-None-Match, and the handler answers 304 after reading only what makes
// the version, before any rendering. On a 200 the script swaps the page's
// live regions in place, without a reload.
//
// The version is the seam for server-sent events: a handler that streams
// "changed" when the change feed carries an event of the page's incidents
// can replace the poll without touching the pages, since the script only
// needs to learn that the version moved.

// version digests the parts of what a page shows.
type version struct{ h hash.Hash }

func newVersion() *version { return &version{h: sha256.New()} }

// add mixes a part into the version.
func (v *version) add(part string) *version {
	v.h.Write([]byte(part))
	v.h.Write([]byte{0})
	return v
}

func (v *version) addInt(n int64) *version { return v.add(strconv.FormatInt(n, 10)) }

// incidents mixes the version tags of incidents into the version.
func (v *version) incidents(list []*incident.Incident) *version {
	for _, inc := range list {
		v.add(inc.Tag())
	}
	return v
}

func (v *version) String() string { return hex.EncodeToString(v.h.Sum(nil)[:12]) }

// readPage reads a page of incidents within the user's scope and its
// version; done is true when the answer was given already: 304 for a
// page that shows that version, or the failure.
func (s *server) readPage(w http.ResponseWriter, r *http.Request, v *viewer, q incident.Query) (list []*incident.Incident, total int, ver string, done bool) {
	list, total, err := s.Manager.Incidents.ListIncidents(r.Context(), v.caller().Scope, q)
	if err != nil {
		s.internalError(w, r, v, err)
		return nil, 0, "", true
	}
	ver = newVersion().addInt(int64(total)).incidents(list).String()
	return list, total, ver, unchanged(w, r, ver)
}

// liveTag is the ETag of a page version.
func liveTag(version string) string { return `"` + version + `"` }

// unchanged answers 304 when the browser's page already shows version.
func unchanged(w http.ResponseWriter, r *http.Request, version string) bool {
	if r.Header.Get("If-None-Match") != liveTag(version) {
		return false
	}
	w.Header().Set("ETag", liveTag(version))
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNotModified)
	return true
}
