package httpapi

import "net/http"

// apiVersion is the version of the Incident API contract served.
const apiVersion = "1.3"

type versionJSON struct {
	APIVersion string `json:"apiVersion"`
	Version    string `json:"version"`
	Commit     string `json:"commit"`
}

func (s *server) getVersion(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, versionJSON{APIVersion: apiVersion, Version: s.version, Commit: s.commit})
}
