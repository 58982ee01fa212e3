package auth

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"testing"
)

func basic(user, pass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
}

func TestParseTokenRequestAccepts(t *testing.T) {
	for _, tc := range []struct {
		name          string
		form          url.Values
		authorization string
		want          TokenRequest
	}{
		{"basic header", url.Values{"grant_type": {"client_credentials"}}, basic("demo-client", "demo-secret"),
			TokenRequest{ClientID: "demo-client", ClientSecret: "demo-secret"}},
		{"basic scheme in lower case, scope", url.Values{"grant_type": {"client_credentials"}, "scope": {"b2b:incident"}},
			"basic " + base64.StdEncoding.EncodeToString([]byte("a:b")),
			TokenRequest{ClientID: "a", ClientSecret: "b", Scope: "b2b:incident"}},
		{"basic without padding", url.Values{"grant_type": {"client_credentials"}},
			"Basic " + base64.RawStdEncoding.EncodeToString([]byte("ab:c")),
			TokenRequest{ClientID: "ab", ClientSecret: "c"}},
		{"form-urlencoded id and secret, as RFC 6749 §2.3.1 sends them",
			url.Values{"grant_type": {"client_credentials"}},
			basic(url.QueryEscape("client:1"), url.QueryEscape("p+ss w%rd")),
			TokenRequest{ClientID: "client:1", ClientSecret: "p+ss w%rd"}},
		{"secret containing a colon", url.Values{"grant_type": {"client_credentials"}}, basic("id", "a:b"),
			TokenRequest{ClientID: "id", ClientSecret: "a:b"}},
		{"form credentials", url.Values{"grant_type": {"client_credentials"}, "client_id": {"demo-client"}, "client_secret": {"demo-secret"}}, "",
			TokenRequest{ClientID: "demo-client", ClientSecret: "demo-secret"}},
		{"basic plus the same client_id in the form", url.Values{"grant_type": {"client_credentials"}, "client_id": {"demo-client"}},
			basic("demo-client", "demo-secret"), TokenRequest{ClientID: "demo-client", ClientSecret: "demo-secret"}},
		{"unknown parameters are ignored", url.Values{"grant_type": {"client_credentials"}, "audience": {"x"}}, basic("a", "b"),
			TokenRequest{ClientID: "a", ClientSecret: "b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseTokenRequest(tc.form, tc.authorization)
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if got != tc.want {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestParseTokenRequestRefuses(t *testing.T) {
	cc := func(extra ...string) url.Values {
		v := url.Values{"grant_type": {"client_credentials"}}
		for i := 0; i+1 < len(extra); i += 2 {
			v.Add(extra[i], extra[i+1])
		}
		return v
	}
	good := basic("demo-client", "demo-secret")
	for _, tc := range []struct {
		name          string
		form          url.Values
		authorization string
		status        int
		code          string
	}{
		{"no grant_type", url.Values{}, good, 400, ErrInvalidRequest},
		{"empty grant_type", url.Values{"grant_type": {""}}, good, 400, ErrInvalidRequest},
		{"duplicated grant_type", url.Values{"grant_type": {"client_credentials", "client_credentials"}}, good, 400, ErrInvalidRequest},
		{"duplicated scope", cc("scope", "b2b:incident", "scope", "b2b:incident"), good, 400, ErrInvalidRequest},
		{"password grant", url.Values{"grant_type": {"password"}}, good, 400, ErrUnsupportedGrantType},
		{"authorization_code grant", url.Values{"grant_type": {"authorization_code"}}, good, 400, ErrUnsupportedGrantType},
		{"grant type in another case", url.Values{"grant_type": {"Client_Credentials"}}, good, 400, ErrUnsupportedGrantType},
		{"no client authentication", cc(), "", 401, ErrInvalidClient},
		{"client_id without secret", cc("client_id", "demo-client"), "", 401, ErrInvalidClient},
		{"client_secret without id", cc("client_secret", "demo-secret"), "", 401, ErrInvalidClient},
		{"Basic with undecodable base64", cc(), "Basic !!!not-base64!!!", 401, ErrInvalidClient},
		{"Basic without colon", cc(), "Basic " + base64.StdEncoding.EncodeToString([]byte("no-colon")), 401, ErrInvalidClient},
		{"Basic with nothing after it", cc(), "Basic", 401, ErrInvalidClient},
		{"Basic with an empty secret", cc(), basic("demo-client", ""), 401, ErrInvalidClient},
		{"Basic with an empty id", cc(), basic("", "demo-secret"), 401, ErrInvalidClient},
		{"Basic with a bad escape", cc(), basic("demo%zz", "x"), 401, ErrInvalidClient},
		{"Bearer on the token endpoint", cc(), "Bearer abc", 401, ErrInvalidClient},
		{"Basic and client_secret together", cc("client_secret", "demo-secret"), good, 400, ErrInvalidRequest},
		{"Basic and another client_id", cc("client_id", "other"), good, 400, ErrInvalidRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseTokenRequest(tc.form, tc.authorization)
			if err == nil {
				t.Fatal("accepted")
			}
			if err.Status != tc.status || err.Code != tc.code || err.Description == "" {
				t.Fatalf("got %d %s %q, want %d %s with a description", err.Status, err.Code, err.Description, tc.status, tc.code)
			}
			wantChallenge := tc.status == http.StatusUnauthorized
			if (err.Challenge() != "") != wantChallenge {
				t.Fatalf("challenge %q for status %d", err.Challenge(), err.Status)
			}
		})
	}
}
