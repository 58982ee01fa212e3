package auth

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// DefaultPBKDF2Iterations is the work factor of new client secret hashes.
const DefaultPBKDF2Iterations = 100_000

// PBKDF2Iterations is the work factor used by HashSecret. Tests lower it to
// keep provisioning fast; verification always uses the count stored in the
// hash, so changing it never invalidates existing secrets.
var PBKDF2Iterations = DefaultPBKDF2Iterations

const (
	secretScheme  = "pbkdf2-sha256"
	saltBytes     = 16
	derivedBytes  = 32
	maxIterations = 10_000_000 // refuses absurd stored values rather than hanging
	randomBytes   = 32         // entropy of generated secrets, keys and tokens
)

var (
	b64         = base64.RawStdEncoding
	lowerBase32 = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)
)

// HashSecret derives the stored form of a client secret:
// "pbkdf2-sha256$<iterations>$<salt>$<hash>", salt and hash in unpadded
// standard base64.
func HashSecret(secret string) (string, error) {
	salt := make([]byte, saltBytes)
	rand.Read(salt) // never fails: crypto/rand aborts the program instead
	iter := PBKDF2Iterations
	key, err := pbkdf2.Key(sha256.New, secret, salt, iter, derivedBytes)
	if err != nil {
		return "", fmt.Errorf("auth: hashing secret: %w", err)
	}
	return fmt.Sprintf("%s$%d$%s$%s", secretScheme, iter, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifySecret reports whether secret matches a hash made by HashSecret.
// The comparison is constant-time; a malformed hash matches nothing.
func VerifySecret(secret, encoded string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 4 || parts[0] != secretScheme {
		return false
	}
	iter, err := strconv.Atoi(parts[1])
	if err != nil || iter < 1 || iter > maxIterations {
		return false
	}
	salt, err1 := b64.DecodeString(parts[2])
	want, err2 := b64.DecodeString(parts[3])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got, err := pbkdf2.Key(sha256.New, secret, salt, iter, len(want))
	if err != nil {
		return false
	}
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummySecretHash is verified against when a client does not exist, so
// that an unknown client id costs as much time as a wrong secret. It is
// made on first use, not at start, to keep start-up fast.
var dummySecretHash = sync.OnceValue(func() string {
	h, err := HashSecret(newRandomString())
	if err != nil {
		return ""
	}
	return h
})

// HashCredential is the stored form of an API key or an access token: the
// hex SHA-256 of the whole string. These are high-entropy random values, so
// a fast hash is enough; lookups go by the hash, never by the clear value.
func HashCredential(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// newRandomString returns 32 random bytes in unpadded base64url: 43
// characters from [A-Za-z0-9_-].
func newRandomString() string {
	b := make([]byte, randomBytes)
	rand.Read(b) // never fails: crypto/rand aborts the program instead
	return base64.RawURLEncoding.EncodeToString(b)
}

// NewID returns a random public identifier of 8 characters from
// [a-z2-7], for objects that credentials belong to.
func NewID() string { return newRandomID(keyIDBytes) }

// newRandomID returns n random bytes in unpadded lowercase base32, for
// public identifiers (8 characters for 5 bytes).
func newRandomID(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return lowerBase32.EncodeToString(b)
}

// isRandomString reports whether s has the shape newRandomString produces,
// so that garbage is refused without a store lookup.
func isRandomString(s string) bool {
	if len(s) != base64.RawURLEncoding.EncodedLen(randomBytes) {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil
}
