package incident

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// MaxIdempotencyKey is the longest Idempotency-Key accepted.
const MaxIdempotencyKey = 255

// idempotencyOf validates an idempotency key (1 to 255 printable ASCII
// characters, else code 26) and identifies the request by a digest of what
// it asks: the kind of resource created and the typed command with its
// targets. Two requests that ask the same thing are the same request, however
// their bodies were written. An empty key means none: nil.
func idempotencyOf(clientID, key, kind string, command ...any) (*Idempotency, error) {
	if key == "" {
		return nil, nil
	}
	if len(key) > MaxIdempotencyKey {
		return nil, Errorf(CodeInvalidHeader, MsgIdempotencyKeyInvalid, MaxIdempotencyKey)
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x20 || key[i] > 0x7e {
			return nil, Errorf(CodeInvalidHeader, MsgIdempotencyKeyInvalid, MaxIdempotencyKey)
		}
	}
	// The commands are plain data: encoding them cannot fail.
	encoded, _ := json.Marshal(append([]any{kind}, command...))
	sum := sha256.Sum256(encoded)
	return &Idempotency{ClientID: clientID, Key: key, RequestHash: hex.EncodeToString(sum[:])}, nil
}
