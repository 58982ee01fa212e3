package console

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/incidentd/incidentd/account"
	"github.com/incidentd/incidentd/httpapi"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// Cookies of the console: the session's secret, and the language a person
// chose over their browser's.
const (
	sessionCookie  = "incidentd_session"
	languageCookie = "incidentd_lang"
)

// viewer is who asks for a page: the signed-in user, if any, and the
// language of the answer.
type viewer struct {
	lang    text.Language
	user    *account.User
	session account.Session
}

// caller is the user as the domain knows a caller.
func (v *viewer) caller() incident.Caller { return v.user.Caller() }

// provider reports whether the user is on the provider's side.
func (v *viewer) provider() bool { return v.user != nil && v.user.Role.Provider() }

type handler func(w http.ResponseWriter, r *http.Request, v *viewer)

// public serves a page to anyone, signed in or not.
func (s *server) public(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h(w, r, s.viewerOf(w, r))
	})
}

// signedIn serves a page to signed-in users; others are sent to the
// sign-in page, which brings them back here.
func (s *server) signedIn(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := s.viewerOf(w, r)
		if v.user == nil {
			next := ""
			if r.Method == http.MethodGet {
				next = "?next=" + url.QueryEscape(r.URL.RequestURI())
			}
			http.Redirect(w, r, Prefix+"login"+next, http.StatusSeeOther)
			return
		}
		h(w, r, v)
	})
}

// writer serves users who may change incidents; a viewer is refused.
func (s *server) writer(h handler) http.Handler {
	return s.signedIn(func(w http.ResponseWriter, r *http.Request, v *viewer) {
		if !v.user.Role.CanWrite() {
			s.renderError(w, r, v, http.StatusForbidden, "error_read_only")
			return
		}
		h(w, r, v)
	})
}

// agent serves the provider's users; to a customer's user the page does
// not exist.
func (s *server) agent(h handler) http.Handler {
	return s.signedIn(func(w http.ResponseWriter, r *http.Request, v *viewer) {
		if !v.provider() {
			s.notFound(w, r, v)
			return
		}
		h(w, r, v)
	})
}

// viewerOf reads the language and the session of a request. A cookie
// naming no live session is removed.
func (s *server) viewerOf(w http.ResponseWriter, r *http.Request) *viewer {
	v := &viewer{lang: languageOf(r)}
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return v
	}
	sess, u, err := s.Accounts.Authenticate(r.Context(), c.Value)
	switch {
	case err == nil:
		v.user, v.session = &u, sess
	case incident.ErrorCode(err) == incident.CodeNotFound:
		s.clearSessionCookie(w, r)
	default:
		s.Logger.ErrorContext(r.Context(), "console session", "error", err)
	}
	return v
}

// languageOf is the language the person chose, else their browser's.
func languageOf(r *http.Request) text.Language {
	if c, err := r.Cookie(languageCookie); err == nil && (c.Value == string(text.French) || c.Value == string(text.English)) {
		return text.Language(c.Value)
	}
	return httpapi.NegotiateLanguage(r.Header.Values("Accept-Language"))
}

// setLanguage keeps the chosen language in a cookie and goes back.
func (s *server) setLanguage(w http.ResponseWriter, r *http.Request, v *viewer) {
	lang := r.URL.Query().Get("lang")
	if lang == string(text.French) || lang == string(text.English) {
		http.SetCookie(w, &http.Cookie{Name: languageCookie, Value: lang, Path: Prefix, MaxAge: 365 * 24 * 3600,
			HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	}
	http.Redirect(w, r, localTarget(r.URL.Query().Get("back")), http.StatusSeeOther)
}

// localTarget is where to go after sign-in or a language change: a page of
// the console, never another site.
func localTarget(next string) string {
	if !strings.HasPrefix(next, Prefix) || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return Prefix + "incidents"
	}
	return next
}

func (s *server) loginPage(w http.ResponseWriter, r *http.Request, v *viewer) {
	if v.user != nil {
		http.Redirect(w, r, localTarget(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.render(w, r, v, http.StatusOK, "login", "sign_in", loginData{Next: r.URL.Query().Get("next")})
}

type loginData struct {
	Email, Next, Error string
}

// login checks the email and password, opens a session and sets its
// cookie. Refusals do not tell an unknown email from a wrong password.
func (s *server) login(w http.ResponseWriter, r *http.Request, v *viewer) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, v, http.StatusBadRequest, "error_bad_form")
		return
	}
	data := loginData{Email: r.PostForm.Get("email"), Next: r.PostForm.Get("next")}
	id, u, err := s.Accounts.SignIn(r.Context(), data.Email, r.PostForm.Get("password"), clientAddress(r), r.UserAgent())
	var throttled *account.ThrottledError
	switch {
	case errors.As(err, &throttled):
		s.Logger.WarnContext(r.Context(), "console sign-in throttled", "email", account.NormalizeEmail(data.Email), "client", clientAddress(r))
		wait := time.Until(throttled.RetryAt).Round(time.Minute)
		if wait < time.Minute {
			wait = time.Minute
		}
		data.Error = text.Message(v.lang, key("error_throttled"), int(wait.Minutes()))
		s.render(w, r, v, http.StatusTooManyRequests, "login", "sign_in", data)
		return
	case errors.Is(err, account.ErrBadCredentials):
		s.Logger.InfoContext(r.Context(), "console sign-in refused", "email", account.NormalizeEmail(data.Email), "client", clientAddress(r))
		data.Error = text.Message(v.lang, key("error_credentials"))
		s.render(w, r, v, http.StatusUnauthorized, "login", "sign_in", data)
		return
	case err != nil:
		s.internalError(w, r, v, err)
		return
	}
	s.Logger.InfoContext(r.Context(), "console sign-in", "user", u.Email, "client", clientAddress(r))
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: id, Path: Prefix,
		Expires: s.now().Add(s.Accounts.SessionLifetime()), HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, localTarget(data.Next), http.StatusSeeOther)
}

// logout ends the session on the server and removes its cookie.
func (s *server) logout(w http.ResponseWriter, r *http.Request, v *viewer) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.Accounts.SignOut(r.Context(), c.Value); err != nil {
			s.internalError(w, r, v, err)
			return
		}
	}
	s.clearSessionCookie(w, r)
	http.Redirect(w, r, Prefix+"login", http.StatusSeeOther)
}

func (s *server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: Prefix, MaxAge: -1,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}

type accountData struct {
	Sessions []sessionRow
}

type sessionRow struct {
	account.Session
	Current bool
}

// accountPage shows the user's open sessions, each of which can be ended.
func (s *server) accountPage(w http.ResponseWriter, r *http.Request, v *viewer) {
	list, err := s.Accounts.Sessions(r.Context(), v.user.ID)
	if err != nil {
		s.internalError(w, r, v, err)
		return
	}
	data := accountData{}
	for _, sess := range list {
		data.Sessions = append(data.Sessions, sessionRow{Session: sess, Current: sess.IDHash == v.session.IDHash})
	}
	s.render(w, r, v, http.StatusOK, "account", "account", data)
}

func (s *server) endSession(w http.ResponseWriter, r *http.Request, v *viewer) {
	err := s.Accounts.EndSession(r.Context(), v.user.ID, r.PathValue("hash"))
	switch {
	case incident.ErrorCode(err) == incident.CodeNotFound:
		s.notFound(w, r, v)
	case err != nil:
		s.internalError(w, r, v, err)
	default:
		http.Redirect(w, r, Prefix+"account", http.StatusSeeOther)
	}
}

// secure reports whether cookies are for HTTPS only: served over TLS, or
// behind a proxy that terminates it (Config.SecureCookies).
func (s *server) secure(r *http.Request) bool { return r.TLS != nil || s.SecureCookies }

// clientAddress is the address the request came from, for the sign-in
// throttle and the list of sessions.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
