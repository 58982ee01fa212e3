package account

import (
	"strings"
	"testing"
)

func TestPasswordHash(t *testing.T) {
	hash := HashPassword("correct horse battery")
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not an argon2id PHC string with the recommended parameters", hash)
	}
	if HashPassword("correct horse battery") == hash {
		t.Error("two hashes of one password are equal: no salt")
	}
	if !VerifyPassword(hash, "correct horse battery") {
		t.Error("the password does not match its hash")
	}
	for _, wrong := range []string{"", "correct horse batter", "Correct horse battery", "correct horse battery "} {
		if VerifyPassword(hash, wrong) {
			t.Errorf("%q matches", wrong)
		}
	}
}

func TestVerifyRefusesMalformedHashes(t *testing.T) {
	good := HashPassword("pw")
	parts := strings.Split(good, "$")
	for name, hash := range map[string]string{
		"empty":          "",
		"other scheme":   strings.Replace(good, "argon2id", "argon2i", 1),
		"other version":  strings.Replace(good, "v=19", "v=16", 1),
		"huge memory":    strings.Replace(good, "m=19456", "m=99999999", 1),
		"zero passes":    strings.Replace(good, "t=2", "t=0", 1),
		"bad salt":       strings.Join([]string{"", parts[1], parts[2], parts[3], "!!", parts[5]}, "$"),
		"short key":      strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4], "AAAA"}, "$"),
		"missing fields": "$argon2id$v=19$m=19456,t=2,p=1",
	} {
		if VerifyPassword(hash, "pw") {
			t.Errorf("%s: a malformed hash matched", name)
		}
	}
}

func TestGeneratedPasswordsAreLongAndDistinct(t *testing.T) {
	a, b := GeneratePassword(), GeneratePassword()
	if a == b || CheckPassword(a) != nil || len(a) < 20 {
		t.Errorf("generated passwords %q and %q", a, b)
	}
}
