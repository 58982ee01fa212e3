// Package auth authenticates and authorizes the callers of the Incident API
// (spec §1) and provisions their credentials (spec §10).
//
// A client obtains an access token with the client credentials grant
// (Service.Token, Service.IssueToken) and presents it on every call together
// with an API key (Service.Authenticate). Client secrets are stored as
// PBKDF2-SHA256 hashes; API keys and tokens, which are high-entropy random
// strings, as their SHA-256. No clear secret is ever stored.
//
// Revocation: Authenticate remembers a verified (token, key) pair for at
// most CacheTTL (3 s) on each node, then asks the store again. Revoking a
// client or a key in the store therefore applies on every node within
// CacheTTL, inside the 5 s the specification allows. Expiry times are
// checked on every call, cached or not.
package auth

import (
	"time"
)

const (
	// DefaultTokenLifetime is the lifetime of an access token (spec §1.1).
	DefaultTokenLifetime = time.Hour
	// DefaultAPIKeyLifetime is the lifetime of an API key created without
	// one (spec §1.2).
	DefaultAPIKeyLifetime = 2 * 365 * 24 * time.Hour
	// DefaultCacheSize bounds the verified credentials a node remembers.
	DefaultCacheSize = 10_000
	// CacheTTL is how long a verified credential pair is trusted without
	// asking the store: the delay before a revocation applies.
	CacheTTL = 3 * time.Second
	// ExpiredTokenRetention is how long an expired token is kept, so that it
	// is still answered "expired" (code 42) rather than "invalid" (41).
	ExpiredTokenRetention = 24 * time.Hour
)

// Options configure a Service or an Admin. Zero values take the defaults.
type Options struct {
	TokenLifetime  time.Duration
	APIKeyLifetime time.Duration
	// CacheSize bounds Authenticate's cache; negative disables it.
	CacheSize int
	// Now is the clock; time.Now when nil. Readings are truncated to the
	// millisecond.
	Now func() time.Time
	// MaxConcurrentVerifications bounds the client secrets checked at
	// once; 0 means DefaultMaxConcurrentVerifications().
	MaxConcurrentVerifications int
}

func (o Options) withDefaults() Options {
	if o.TokenLifetime <= 0 {
		o.TokenLifetime = DefaultTokenLifetime
	}
	if o.APIKeyLifetime <= 0 {
		o.APIKeyLifetime = DefaultAPIKeyLifetime
	}
	if o.CacheSize == 0 {
		o.CacheSize = DefaultCacheSize
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.MaxConcurrentVerifications <= 0 {
		o.MaxConcurrentVerifications = DefaultMaxConcurrentVerifications()
	}
	return o
}

// now reads the clock in UTC, truncated to the millisecond like every time
// the API shows and every store keeps exactly.
func (o Options) now() time.Time { return o.Now().UTC().Truncate(time.Millisecond) }

// Service issues access tokens and authenticates API calls.
type Service struct {
	store Store
	opts  Options
	cache *principalCache
	// blocks remembers the subjects the guard holds back (guard.go).
	blocks *blockCache
	// verifySlots bounds the secret verifications at once (verify.go).
	verifySlots chan struct{}
}

// NewService returns a Service over store.
func NewService(store Store, opts Options) *Service {
	opts = opts.withDefaults()
	return &Service{
		store:       store,
		opts:        opts,
		cache:       newPrincipalCache(CacheTTL, opts.CacheSize),
		blocks:      newBlockCache(),
		verifySlots: make(chan struct{}, opts.MaxConcurrentVerifications),
	}
}
