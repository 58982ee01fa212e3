package auth_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/incident"
)

// A store that fails is a server failure, never a refusal of the caller's
// credentials: the client must not discard valid credentials because the
// database was down.
func TestStoreFailureIsNotACredentialError(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		w := newAuthWorld(t, b)
		if err := w.db.Close(); err != nil {
			t.Fatal(err)
		}

		_, oerr := w.svc.IssueToken(w.ctx, w.acmeClient, w.secret[w.acmeClient], "")
		if oerr == nil || oerr.Status != http.StatusInternalServerError || oerr.Code != auth.ErrServerError || oerr.Cause == nil {
			t.Fatalf("issuing with the store down: %+v", oerr)
		}
		if !errors.Is(oerr, oerr.Cause) || !strings.Contains(oerr.Error(), oerr.Cause.Error()) {
			t.Fatalf("the cause is not kept for the log: %v", oerr)
		}

		_, err := w.svc.Authenticate(w.ctx, "Bearer "+w.acmeToken, w.acmeKey)
		if err == nil || incident.ErrorCode(err) != incident.CodeInternal {
			t.Fatalf("authenticating with the store down: %v, want an internal error", err)
		}

		if _, _, err := w.admin.RotateClientSecret(w.ctx, w.acmeClient, true); err == nil || errors.Is(err, auth.ErrInvalidInput) {
			t.Fatalf("rotating with the store down: %v", err)
		}
	})
}

func TestMalformedTokenRequest(t *testing.T) {
	e := auth.MalformedTokenRequest("unsupported Content-Type")
	if e.Status != http.StatusBadRequest || e.Code != auth.ErrInvalidRequest || !strings.Contains(e.Description, "Content-Type") || e.Challenge() != "" {
		t.Fatalf("%+v", e)
	}
}
