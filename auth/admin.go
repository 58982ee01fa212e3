package auth

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/incidentd/incidentd/incident"
)

// ErrInvalidInput wraps every refusal of provisioning input.
var ErrInvalidInput = errors.New("auth: invalid input")

// Admin provisions customers, clients and API keys (spec §10, the admin
// command and the demo data). Generated secrets and keys are returned once
// and only their hashes are stored.
type Admin struct {
	store Store
	opts  Options
}

// NewAdmin returns an Admin over store; opts gives the clock and the default
// API key lifetime.
func NewAdmin(store Store, opts Options) *Admin {
	return &Admin{store: store, opts: opts.withDefaults()}
}

// Owner is whom a client or an API key belongs to: one customer, or the
// provider's operator side.
type Owner struct {
	CustomerID string
	Operator   bool
}

// CustomerOwner is the owner for a customer's credentials.
func CustomerOwner(customerID string) Owner { return Owner{CustomerID: customerID} }

// OperatorOwner is the owner for the provider's credentials.
func OperatorOwner() Owner { return Owner{Operator: true} }

func (o Owner) String() string {
	if o.Operator {
		return "operator"
	}
	return "customer " + o.CustomerID
}

var (
	customerIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	// Client ids use URL-unreserved characters only: they travel
	// form-urlencoded in HTTP Basic, where a colon would end the id.
	clientIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$`)
	// Keys travel in an HTTP header: visible ASCII only.
	apiKeyPattern = regexp.MustCompile(`^[\x21-\x7e]{8,256}$`)
)

const (
	maxNameLength     = 200
	minSecretLength   = 8
	maxSecretLength   = 256
	keyIDBytes        = 5 // 8 base32 characters
	clientIDBytes     = 10
	generatedKeyStart = "ik_"
	generatedIDStart  = "ic_"
)

func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidInput}, args...)...)
}

// CreateCustomer creates a customer. The id is 1 to 64 letters, digits, '.',
// '_' or '-', starting with a letter or digit.
func (a *Admin) CreateCustomer(ctx context.Context, id, name string) (incident.Customer, error) {
	if !customerIDPattern.MatchString(id) {
		return incident.Customer{}, invalidf("customer id %q must be 1 to 64 letters, digits, '.', '_' or '-'", id)
	}
	if err := checkName("customer", name); err != nil {
		return incident.Customer{}, err
	}
	c := incident.Customer{ID: id, Name: name, CreatedAt: a.opts.now()}
	if err := a.store.CreateCustomer(ctx, c); err != nil {
		return incident.Customer{}, err
	}
	return c, nil
}

// ClientOption sets what CreateClient would otherwise generate.
type ClientOption func(*clientSettings)

type clientSettings struct {
	id, secret string
}

// WithClientID gives the client id instead of generating one.
func WithClientID(id string) ClientOption { return func(s *clientSettings) { s.id = id } }

// WithSecret gives the client secret instead of generating one: for fixed
// demonstration credentials only.
func WithSecret(secret string) ClientOption { return func(s *clientSettings) { s.secret = secret } }

// CreateClient creates an OAuth client for owner and returns it with its
// secret, which is never shown again. A customer's client holds
// b2b:incident and/or b2b:incident:readonly; an operator client holds
// b2b:incident:operator only. The customer must exist.
func (a *Admin) CreateClient(ctx context.Context, owner Owner, name string, scopes []string, opts ...ClientOption) (Client, string, error) {
	var set clientSettings
	for _, o := range opts {
		o(&set)
	}
	if set.id == "" {
		set.id = generatedIDStart + newRandomID(clientIDBytes)
	} else if !clientIDPattern.MatchString(set.id) {
		return Client{}, "", invalidf("client id %q must be 1 to 128 letters, digits, '.', '_', '~' or '-'", set.id)
	}
	if set.secret == "" {
		set.secret = newRandomString()
	} else if err := checkSecret(set.secret); err != nil {
		return Client{}, "", err
	}
	if err := checkName("client", name); err != nil {
		return Client{}, "", err
	}
	scopes, err := checkScopes(owner, scopes)
	if err != nil {
		return Client{}, "", err
	}
	if err := a.checkOwner(ctx, owner); err != nil {
		return Client{}, "", err
	}
	hash, err := HashSecret(set.secret)
	if err != nil {
		return Client{}, "", err
	}
	c := Client{
		ID:         set.id,
		Name:       name,
		CustomerID: owner.CustomerID,
		Operator:   owner.Operator,
		Scopes:     scopes,
		SecretHash: hash,
		CreatedAt:  a.opts.now(),
	}
	if err := a.store.CreateClient(ctx, c); err != nil {
		return Client{}, "", err
	}
	return c, set.secret, nil
}

// RotateClientSecret gives a client a new generated secret, returned once;
// the old secret stops working at once. With revokeTokens, the tokens
// issued under the old secret are deleted in the same transaction and stop
// working within CacheTTL on every node (a rotation after a leak);
// without, they live on until they expire (a planned rotation, which
// services holding a token ride through). It returns how many tokens it
// revoked.
func (a *Admin) RotateClientSecret(ctx context.Context, id string, revokeTokens bool) (secret string, revoked int64, err error) {
	c, err := a.store.GetClient(ctx, id)
	if err != nil {
		return "", 0, err
	}
	if c.RevokedAt != nil {
		return "", 0, invalidf("client %q is revoked", id)
	}
	secret = newRandomString()
	hash, err := HashSecret(secret)
	if err != nil {
		return "", 0, err
	}
	revoked, err = a.store.SetClientSecret(ctx, id, hash, revokeTokens)
	if err != nil {
		return "", 0, err
	}
	return secret, revoked, nil
}

// ListAuthFailures lists the failed-authentication records of the token
// endpoint's guard.
func (a *Admin) ListAuthFailures(ctx context.Context) ([]AuthFailure, error) {
	return a.store.ListAuthFailures(ctx)
}

// ClearAuthFailures forgets the failures of the subjects (ClientSubject,
// AddressSubject), lifting their delays and lockouts on every server
// within CacheTTL; it returns how many records it removed.
func (a *Admin) ClearAuthFailures(ctx context.Context, subjects []string) (int64, error) {
	return a.store.DeleteAuthFailures(ctx, subjects)
}

// RevokeClient revokes a client: it gets no new token, and its tokens stop
// working within CacheTTL on every node.
func (a *Admin) RevokeClient(ctx context.Context, id string) error {
	return a.store.RevokeClient(ctx, id, a.opts.now())
}

// KeyOption sets what CreateAPIKey would otherwise generate.
type KeyOption func(*keySettings)

type keySettings struct {
	key string
}

// WithKey gives the API key instead of generating one: for fixed
// demonstration credentials only. It is 8 to 256 visible ASCII characters.
func WithKey(key string) KeyOption { return func(s *keySettings) { s.key = key } }

// CreateAPIKey issues an API key to owner, valid for ttl (zero: the default
// lifetime), and returns it with the key itself, which is never shown
// again. A generated key reads "ik_<id>_<secret>"; its public prefix
// "ik_<id>" is what listings show. The customer must exist.
func (a *Admin) CreateAPIKey(ctx context.Context, owner Owner, ttl time.Duration, opts ...KeyOption) (APIKey, string, error) {
	var set keySettings
	for _, o := range opts {
		o(&set)
	}
	if ttl < 0 {
		return APIKey{}, "", invalidf("the key lifetime cannot be negative")
	}
	if ttl == 0 {
		ttl = a.opts.APIKeyLifetime
	}
	id, prefix, key, err := NewKey("API key", generatedKeyStart, set.key)
	if err != nil {
		return APIKey{}, "", err
	}
	if err := a.checkOwner(ctx, owner); err != nil {
		return APIKey{}, "", err
	}
	now := a.opts.now()
	k := APIKey{
		ID:         id,
		Prefix:     prefix,
		CustomerID: owner.CustomerID,
		Operator:   owner.Operator,
		Hash:       HashCredential(key),
		CreatedAt:  now,
		ExpiresAt:  now.Add(ttl),
	}
	if err := a.store.CreateAPIKey(ctx, k); err != nil {
		return APIKey{}, "", err
	}
	return k, key, nil
}

// NewKey makes a key to show once and keep as HashCredential(key), with
// its id and the public prefix that listings show. Without a fixed key it
// generates "<start><id>_<secret>", whose prefix is "<start><id>"; a fixed
// key (demonstration credentials only) must be 8 to 256 visible ASCII
// characters, and its prefix is its first third, 8 characters at most;
// what names the kind of key in the refusal.
func NewKey(what, start, fixed string) (id, prefix, key string, err error) {
	id = newRandomID(keyIDBytes)
	if fixed == "" {
		prefix = start + id
		return id, prefix, prefix + "_" + newRandomString(), nil
	}
	if !apiKeyPattern.MatchString(fixed) {
		return "", "", "", invalidf("an %s must be 8 to 256 visible ASCII characters", what)
	}
	return id, fixed[:min(len(fixed)/3, 8)], fixed, nil
}

// RevokeAPIKey revokes a key by its id; it stops working within CacheTTL on
// every node.
func (a *Admin) RevokeAPIKey(ctx context.Context, id string) error {
	return a.store.RevokeAPIKey(ctx, id, a.opts.now())
}

// ListCustomers lists every customer.
func (a *Admin) ListCustomers(ctx context.Context) ([]incident.Customer, error) {
	return a.store.ListCustomers(ctx)
}

// ListClients lists a customer's clients, or every client when customerID
// is empty.
func (a *Admin) ListClients(ctx context.Context, customerID string) ([]Client, error) {
	return a.store.ListClients(ctx, customerID)
}

// ListAPIKeys lists a customer's API keys, or every key when customerID is
// empty.
func (a *Admin) ListAPIKeys(ctx context.Context, customerID string) ([]APIKey, error) {
	return a.store.ListAPIKeys(ctx, customerID)
}

// checkOwner requires exactly one of a customer and the operator side, and
// the customer to exist.
func (a *Admin) checkOwner(ctx context.Context, owner Owner) error {
	switch {
	case owner.Operator && owner.CustomerID != "":
		return invalidf("credentials belong to a customer or to the operator, not both")
	case owner.Operator:
		return nil
	case owner.CustomerID == "":
		return invalidf("a customer id is required")
	}
	if _, err := a.store.GetCustomer(ctx, owner.CustomerID); err != nil {
		if incident.ErrorCode(err) == incident.CodeNotFound {
			return invalidf("customer %q does not exist", owner.CustomerID)
		}
		return err
	}
	return nil
}

// checkScopes validates the scopes of a new client and drops duplicates.
func checkScopes(owner Owner, scopes []string) ([]string, error) {
	if len(scopes) == 0 {
		return nil, invalidf("a client needs at least one scope")
	}
	allowed := allowedScopes(owner.Operator)
	var out []string
	for _, s := range scopes {
		switch {
		case !knownScope(s):
			return nil, invalidf("unknown scope %q", s)
		case !slices.Contains(allowed, s):
			return nil, invalidf("scope %q is not allowed for the %s", s, owner)
		case !slices.Contains(out, s):
			out = append(out, s)
		}
	}
	return out, nil
}

func checkName(what, name string) error {
	n := utf8.RuneCountInString(name)
	if n == 0 || n > maxNameLength || !utf8.ValidString(name) || hasControl(name) || name != strings.TrimSpace(name) {
		return invalidf("a %s name must have 1 to %d characters, without control characters or surrounding spaces", what, maxNameLength)
	}
	return nil
}

func checkSecret(secret string) error {
	if len(secret) < minSecretLength || len(secret) > maxSecretLength || !utf8.ValidString(secret) || hasControl(secret) {
		return invalidf("a client secret must have %d to %d characters, without control characters", minSecretLength, maxSecretLength)
	}
	return nil
}

func hasControl(s string) bool {
	return slices.ContainsFunc([]rune(s), unicode.IsControl)
}
