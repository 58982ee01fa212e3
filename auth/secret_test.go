package auth

import (
	"regexp"
	"strings"
	"testing"
)

func TestHashSecretRoundTrip(t *testing.T) {
	hash, err := HashSecret("s3cret-value")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^pbkdf2-sha256\$1000\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`).MatchString(hash) {
		t.Fatalf("hash %q does not have the documented shape", hash)
	}
	if strings.Contains(hash, "s3cret-value") {
		t.Fatal("the hash contains the secret")
	}
	if !VerifySecret("s3cret-value", hash) {
		t.Fatal("the right secret is refused")
	}
	for _, wrong := range []string{"", "s3cret-valuE", "s3cret-value ", "s3cret"} {
		if VerifySecret(wrong, hash) {
			t.Errorf("wrong secret %q accepted", wrong)
		}
	}
}

func TestHashSecretSaltsEveryHash(t *testing.T) {
	a, _ := HashSecret("same")
	b, _ := HashSecret("same")
	if a == b {
		t.Fatal("two hashes of one secret are equal: the salt is not random")
	}
	if !VerifySecret("same", a) || !VerifySecret("same", b) {
		t.Fatal("salted hashes do not verify")
	}
}

func TestVerifySecretUsesStoredWorkFactor(t *testing.T) {
	old := PBKDF2Iterations
	PBKDF2Iterations = DefaultPBKDF2Iterations
	hash, err := HashSecret("production")
	PBKDF2Iterations = old
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "pbkdf2-sha256$100000$") {
		t.Fatalf("hash %q does not record the default work factor", hash)
	}
	if !VerifySecret("production", hash) {
		t.Fatal("a hash made at another work factor is refused")
	}
}

func TestVerifySecretRefusesMalformedHashes(t *testing.T) {
	good, _ := HashSecret("x-secret")
	parts := strings.Split(good, "$")
	for _, bad := range []string{
		"",
		"x-secret",
		"bcrypt$1000$" + parts[2] + "$" + parts[3],
		"pbkdf2-sha256$0$" + parts[2] + "$" + parts[3],
		"pbkdf2-sha256$-5$" + parts[2] + "$" + parts[3],
		"pbkdf2-sha256$99999999999$" + parts[2] + "$" + parts[3],
		"pbkdf2-sha256$abc$" + parts[2] + "$" + parts[3],
		"pbkdf2-sha256$1000$!!!$" + parts[3],
		"pbkdf2-sha256$1000$" + parts[2] + "$",
		"pbkdf2-sha256$1000$" + parts[2],
		good + "$extra",
	} {
		if VerifySecret("x-secret", bad) {
			t.Errorf("malformed hash %q matched", bad)
		}
	}
}

func TestHashCredential(t *testing.T) {
	// SHA-256 of "abc", a published test vector.
	const want = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
	if got := HashCredential("abc"); got != want {
		t.Fatalf("HashCredential(abc) = %s, want %s", got, want)
	}
}

func TestRandomStrings(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		s := newRandomString()
		if !regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`).MatchString(s) {
			t.Fatalf("random string %q is not 43 base64url characters", s)
		}
		if !isRandomString(s) {
			t.Fatalf("isRandomString refuses %q", s)
		}
		if seen[s] {
			t.Fatalf("random string %q repeated", s)
		}
		seen[s] = true
	}
	for _, bad := range []string{"", "short", strings.Repeat("a", 42), strings.Repeat("a", 44), strings.Repeat("+", 43), strings.Repeat("a", 42) + "="} {
		if isRandomString(bad) {
			t.Errorf("isRandomString accepts %q", bad)
		}
	}
	if id := newRandomID(keyIDBytes); !regexp.MustCompile(`^[a-z2-7]{8}$`).MatchString(id) {
		t.Errorf("key id %q is not 8 lowercase base32 characters", id)
	}
}
