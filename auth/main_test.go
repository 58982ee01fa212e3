package auth

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	// Provisioning many clients at the production work factor would make
	// the suite slow; the hashing itself is tested at both factors.
	PBKDF2Iterations = 1000
	os.Exit(m.Run())
}
