package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// DefaultSessionLifetime is how long a session lasts after sign-in.
const DefaultSessionLifetime = 12 * time.Hour

// ErrBadCredentials refuses a sign-in: unknown email, wrong password or
// disabled user, never told apart.
var ErrBadCredentials = errors.New("account: wrong email or password")

// ThrottledError refuses a sign-in tried too often; RetryAt says when the
// next try is taken.
type ThrottledError struct{ RetryAt time.Time }

func (e *ThrottledError) Error() string {
	return "account: too many failed sign-ins, retry at " + e.RetryAt.Format(time.RFC3339)
}

// Service signs users in and out and checks their sessions.
type Service struct {
	Store    Store
	Throttle *Throttle
	// Lifetime is the lifetime of new sessions; 0 means
	// DefaultSessionLifetime.
	Lifetime time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC().Truncate(time.Millisecond)
	}
	return s.Now().UTC()
}

func (s *Service) lifetime() time.Duration {
	if s.Lifetime <= 0 {
		return DefaultSessionLifetime
	}
	return s.Lifetime
}

// SignIn checks an email and password and opens a session for the browser
// at address: it returns the session's secret id, for the cookie, and the
// user. Failures are ErrBadCredentials or a *ThrottledError.
func (s *Service) SignIn(ctx context.Context, email, password, address, userAgent string) (string, User, error) {
	email = NormalizeEmail(email)
	now := s.now()
	if s.Throttle != nil {
		if ok, retryAt := s.Throttle.Allow(email, address, now); !ok {
			return "", User{}, &ThrottledError{RetryAt: retryAt}
		}
	}
	u, err := s.Store.GetUserByEmail(ctx, email)
	if err != nil && incident.ErrorCode(err) != incident.CodeNotFound {
		return "", User{}, err
	}
	if err != nil || len(password) > MaxPassword {
		VerifyPassword(dummyHash, password) // the same time as a known user's
		return "", User{}, s.fail(email, address, now)
	}
	if !VerifyPassword(u.PasswordHash, password) || u.DisabledAt != nil {
		return "", User{}, s.fail(email, address, now)
	}
	if s.Throttle != nil {
		s.Throttle.Succeed(email)
	}
	id := newSessionID()
	err = s.Store.CreateSession(ctx, Session{
		IDHash: HashSessionID(id), UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(s.lifetime()),
		Address: address, UserAgent: truncate(userAgent, 200),
	})
	if err != nil {
		return "", User{}, err
	}
	return id, u, nil
}

func (s *Service) fail(email, address string, now time.Time) error {
	if s.Throttle != nil {
		s.Throttle.Fail(email, address, now)
	}
	return ErrBadCredentials
}

// Authenticate finds the user of a session id taken from a cookie. An
// unknown, expired or ended session, or one of a disabled user, is
// CodeNotFound.
func (s *Service) Authenticate(ctx context.Context, sessionID string) (Session, User, error) {
	if sessionID == "" || len(sessionID) > 100 {
		return Session{}, User{}, incident.NotFound("session")
	}
	sess, u, err := s.Store.GetSession(ctx, HashSessionID(sessionID), s.now())
	if err != nil {
		return Session{}, User{}, err
	}
	if u.DisabledAt != nil {
		return Session{}, User{}, incident.NotFound("session")
	}
	return sess, u, nil
}

// SignOut ends the session of a session id.
func (s *Service) SignOut(ctx context.Context, sessionID string) error {
	return s.Store.DeleteSession(ctx, HashSessionID(sessionID))
}

// Sessions lists the open sessions of a user, newest first.
func (s *Service) Sessions(ctx context.Context, userID int64) ([]Session, error) {
	return s.Store.ListSessions(ctx, userID, s.now())
}

// EndSession ends one of the user's sessions, named by its hash (as the
// list of sessions shows it); another user's session is CodeNotFound.
func (s *Service) EndSession(ctx context.Context, userID int64, idHash string) error {
	list, err := s.Sessions(ctx, userID)
	if err != nil {
		return err
	}
	for _, sess := range list {
		if sess.IDHash == idHash {
			return s.Store.DeleteSession(ctx, idHash)
		}
	}
	return incident.NotFound("session")
}

// PurgeExpired removes the expired sessions.
func (s *Service) PurgeExpired(ctx context.Context) (int, error) {
	return s.Store.DeleteExpiredSessions(ctx, s.now())
}

// newSessionID makes a session secret of 256 bits.
func newSessionID() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashSessionID is the stored form of a session id: its SHA-256 in hex. A
// copy of the database does not give the sessions away.
func HashSessionID(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}

// NormalizeEmail is the form emails are stored and looked up in.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

func truncate(s string, max int) string {
	r := []rune(s)
	if len(r) > max {
		return string(r[:max])
	}
	return s
}

// checkEmail accepts a plausible address: one @, something on each side,
// a dot in the domain, no space, at most 254 bytes.
func checkEmail(email string) error {
	local, domain, ok := strings.Cut(email, "@")
	if !ok || local == "" || !strings.Contains(domain, ".") || strings.ContainsAny(email, " \t\r\n<>\"") ||
		strings.Contains(domain, "@") || len(email) > 254 {
		return fmt.Errorf("%q is not an email address", email)
	}
	return nil
}

// SessionLifetime is the lifetime of new sessions.
func (s *Service) SessionLifetime() time.Duration { return s.lifetime() }
