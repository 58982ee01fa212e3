package webhook

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

// The example of the Standard Webhooks specification's reference
// libraries: the same secret, id, timestamp and body give the same
// signature.
func TestSignMatchesTheSpecificationsExample(t *testing.T) {
	got, err := Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
		time.Unix(1614265330, 0), []byte(`{"test": 2432232314}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="; got != want {
		t.Fatalf("signature %s, want %s", got, want)
	}
}

func TestNewSecret(t *testing.T) {
	a, err := NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewSecret()
	if a == b {
		t.Fatal("two secrets are equal")
	}
	enc, ok := strings.CutPrefix(a, "whsec_")
	if !ok {
		t.Fatalf("secret %q lacks the whsec_ prefix", a)
	}
	raw, err := base64.StdEncoding.DecodeString(enc)
	if err != nil || len(raw) < 24 || len(raw) > 64 {
		t.Fatalf("secret %q: %d bytes, %v", a, len(raw), err)
	}
}

func TestSignRefusesASecretWithoutPrefix(t *testing.T) {
	if _, err := Sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "id", time.Now(), nil); err == nil {
		t.Fatal("a secret without whsec_ was taken")
	}
}

func TestRetryDelayDoublesUpToAnHour(t *testing.T) {
	for n, want := range map[int]time.Duration{
		1: 5 * time.Second, 2: 10 * time.Second, 3: 20 * time.Second, 10: 2560 * time.Second,
		11: time.Hour, 40: time.Hour, 1000: time.Hour,
	} {
		if got := retryDelay(5*time.Second, n); got != want {
			t.Errorf("retry %d: %s, want %s", n, got, want)
		}
	}
}
