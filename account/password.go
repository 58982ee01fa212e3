package account

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters of new password hashes by default: the first
// configuration OWASP recommends (19 MiB, 2 passes, 1 lane).
const (
	DefaultArgonMemoryKiB = 19 * 1024
	DefaultArgonPasses    = 2
)

// ArgonMemoryKiB and ArgonPasses are the parameters HashPassword uses. Tests
// lower them to keep provisioning fast; verification reads the parameters
// stored in the hash, so changing them never invalidates a password.
var (
	ArgonMemoryKiB uint32 = DefaultArgonMemoryKiB
	ArgonPasses    uint32 = DefaultArgonPasses
)

const (
	argonLanes     = 1
	argonSaltBytes = 16
	argonKeyBytes  = 32
	// Bounds on stored parameters, so that a corrupted hash cannot make
	// a sign-in allocate gigabytes or loop for minutes.
	maxArgonMemoryKiB = 1 << 20
	maxArgonPasses    = 16
)

// Password length bounds, in bytes: long enough to resist guessing, short
// enough that hashing stays bounded.
const (
	MinPassword = 12
	MaxPassword = 256
)

var b64 = base64.RawStdEncoding

// HashPassword derives the stored form of a password, in the PHC string
// format: $argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>.
func HashPassword(password string) string {
	salt := make([]byte, argonSaltBytes)
	rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, ArgonPasses, ArgonMemoryKiB, argonLanes, argonKeyBytes)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, ArgonMemoryKiB, ArgonPasses, argonLanes,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// VerifyPassword reports whether password matches the stored hash, in
// constant time over the derived keys. A malformed hash matches nothing.
func VerifyPassword(hash, password string) bool {
	p, err := parseHash(hash)
	if err != nil {
		return false
	}
	key := argon2.IDKey([]byte(password), p.salt, p.passes, p.memory, p.lanes, uint32(len(p.key)))
	return subtle.ConstantTimeCompare(key, p.key) == 1
}

type argonHash struct {
	memory, passes uint32
	lanes          uint8
	salt, key      []byte
}

func parseHash(hash string) (argonHash, error) {
	var p argonHash
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return p, errors.New("not an argon2id hash")
	}
	var lanes uint32
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.memory, &p.passes, &lanes); err != nil {
		return p, err
	}
	if p.memory == 0 || p.memory > maxArgonMemoryKiB || p.passes == 0 || p.passes > maxArgonPasses || lanes == 0 || lanes > 255 {
		return p, errors.New("argon2id parameters out of bounds")
	}
	p.lanes = uint8(lanes)
	var err error
	if p.salt, err = b64.DecodeString(parts[4]); err != nil {
		return p, err
	}
	if p.key, err = b64.DecodeString(parts[5]); err != nil || len(p.key) < 16 {
		return p, errors.New("bad argon2id key")
	}
	return p, nil
}

// dummyHash is verified against when no user has the email given, so that
// a sign-in takes as long whether the account exists or not.
var dummyHash = HashPassword("no user has this password")

// GeneratePassword makes a random password for users created or reset by
// an administrator: 26 base32 characters, 128 bits.
func GeneratePassword() string { return rand.Text() }
