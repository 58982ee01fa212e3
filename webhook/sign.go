package webhook

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Signing as the Standard Webhooks specification says: the secret is
// "whsec_" followed by the base64 of random bytes, and the signature of a
// delivery is "v1," followed by the base64 of HMAC-SHA256, keyed with those
// bytes, of "<webhook-id>.<webhook-timestamp>.<body>".

// secretPrefix begins every subscription secret.
const secretPrefix = "whsec_"

// secretBytes is the length of a secret's random part: the specification
// asks for 24 to 64 bytes.
const secretBytes = 32

// Header names of a signed delivery.
const (
	HeaderID        = "webhook-id"
	HeaderTimestamp = "webhook-timestamp"
	HeaderSignature = "webhook-signature"
)

// NewSecret generates a subscription secret.
func NewSecret() (string, error) {
	b := make([]byte, secretBytes)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return secretPrefix + base64.StdEncoding.EncodeToString(b), nil
}

// secretKey is the HMAC key of a secret: the base64 decoding of what
// follows the prefix.
func secretKey(secret string) ([]byte, error) {
	enc, ok := strings.CutPrefix(secret, secretPrefix)
	if !ok {
		return nil, errors.New("webhook secret without the whsec_ prefix")
	}
	return base64.StdEncoding.DecodeString(enc)
}

// Sign returns the webhook-signature header value of a delivery.
func Sign(secret, id string, at time.Time, body []byte) (string, error) {
	key, err := secretKey(secret)
	if err != nil {
		return "", err
	}
	return "v1," + base64.StdEncoding.EncodeToString(mac(key, id, strconv.FormatInt(at.Unix(), 10), body)), nil
}

func mac(key []byte, id, timestamp string, body []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(id))
	h.Write([]byte{'.'})
	h.Write([]byte(timestamp))
	h.Write([]byte{'.'})
	h.Write(body)
	return h.Sum(nil)
}
