package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/incidentd/incidentd/account"
	"github.com/incidentd/incidentd/alerts"
	"github.com/incidentd/incidentd/auth"
)

const adminUsage = `usage: incidentd admin <object> <action> [flags]

  customer create --id ID --name NAME
  customer list
  client   create (--customer ID | --operator) --name NAME [--scopes "b2b:incident b2b:incident:readonly"]
  client   list   [--customer ID]
  client   rotate --id CLIENT_ID [--keep-tokens]
                                          new secret, the old one stops working; the
                                          tokens issued under it are revoked unless
                                          --keep-tokens (a planned rotation)
  client   revoke --id CLIENT_ID
  key      create (--customer ID | --operator) [--ttl 17520h]
  key      list   [--customer ID]
  key      rotate (--customer ID | --operator) [--ttl 17520h]
                                          a new key; the old ones stay valid until revoked
  key      revoke --id KEY_ID
  integration create --customer ID --name NAME [--service ID] [--location ID]
                     [--severities "critical=S1/U1,warning=S3/U2"]
                                          an alert integration and its key
  integration list   [--customer ID]
  integration rotate --id INTEGRATION_ID  a new key; the old ones stay valid until revoked
  integration revoke (--id INTEGRATION_ID | --key KEY_ID)
                                          the integration and all its keys, or one key
  user     create --email EMAIL --name NAME --role ROLE [--customer ID]
                                          roles: viewer, reporter (with --customer), agent, admin (provider)
  user     list   [--customer ID]
  user     disable --email EMAIL          the user's sessions end at once
  user     reset-password --email EMAIL   a new password; the user's sessions end
  lockout  list                           failed token requests held against clients
                                          and addresses, and until when
  lockout  clear (--client CLIENT_ID | --address IP | --all)
                                          forget them: delays and lockouts end on every
                                          server within 5 s

Secrets, keys and passwords are printed once, at creation: only their hashes are stored.
Storage flags (--database …) apply to every action.
`

// adminFlags are the flags every admin action may take.
type adminFlags struct {
	cfg      Config
	id       string
	name     string
	customer string
	operator bool
	scopes   string
	ttl      time.Duration

	service, location, severities, key string // integrations
	email                              string
	role                               string
	keepTokens                         bool   // client rotate
	client, address                    string // lockout clear
	all                                bool
}

func admin(ctx context.Context, args []string, out io.Writer) error {
	if len(args) < 2 {
		fmt.Fprint(out, adminUsage)
		return errors.New("admin needs an object and an action")
	}
	object, action := args[0], args[1]
	var f adminFlags
	fs := newFlagSet("admin " + object + " " + action)
	fs.Usage = func() { fmt.Fprint(fs.Output(), adminUsage) }
	bindStorage(fs, &f.cfg)
	fs.StringVar(&f.id, "id", "", "customer, client or key id")
	fs.StringVar(&f.name, "name", "", "display name")
	fs.StringVar(&f.customer, "customer", "", "customer id")
	fs.BoolVar(&f.operator, "operator", false, "the provider's operator side instead of a customer")
	fs.StringVar(&f.scopes, "scopes", "", "space-separated scopes (default: b2b:incident for customers, b2b:incident:operator for operators)")
	fs.DurationVar(&f.ttl, "ttl", 0, "API key lifetime (default 2 years)")
	fs.StringVar(&f.service, "service", "", "integration: service id of the incidents its alerts open, unless their labels name one")
	fs.StringVar(&f.location, "location", "", "integration: location id of the incidents its alerts open, unless their labels name one")
	fs.StringVar(&f.severities, "severities", "", "integration: overrides of the severity mapping, severity=IMPACT/URGENCY separated by commas")
	fs.StringVar(&f.key, "key", "", "integration: the id of one key to revoke")
	fs.StringVar(&f.email, "email", "", "console user's email")
	fs.StringVar(&f.role, "role", "", "console user's role: viewer, reporter, agent or admin")
	fs.BoolVar(&f.keepTokens, "keep-tokens", false, "client rotate: let the tokens issued under the old secret live until they expire")
	fs.StringVar(&f.client, "client", "", "lockout clear: the client id")
	fs.StringVar(&f.address, "address", "", "lockout clear: the IP address")
	fs.BoolVar(&f.all, "all", false, "lockout clear: every client and address")
	if err := parseConfig(fs, args[2:], nil); err != nil {
		return err
	}
	db, err := openStore(ctx, &f.cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if object == "integration" {
		return adminIntegration(ctx, &alerts.Admin{Store: db}, action, &f, out)
	}
	if object == "user" {
		return adminUser(ctx, &account.Admin{Store: db}, action, &f, out)
	}
	a := auth.NewAdmin(db, auth.Options{})
	switch object + " " + action {
	case "customer create":
		c, err := a.CreateCustomer(ctx, f.id, f.name)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "customer %s (%s) created\n", c.ID, c.Name)
	case "customer list":
		cs, err := a.ListCustomers(ctx)
		if err != nil {
			return err
		}
		return table(out, []string{"ID", "NAME", "CREATED"}, len(cs), func(i int) []string {
			return []string{cs[i].ID, cs[i].Name, stamp(cs[i].CreatedAt)}
		})
	case "client create":
		owner, err := f.owner()
		if err != nil {
			return err
		}
		c, secret, err := a.CreateClient(ctx, owner, f.name, f.scopeList(), optionalClientID(f.id)...)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "client_id:     %s\nclient_secret: %s\nscopes:        %s\n(the secret is shown only now)\n",
			c.ID, secret, strings.Join(c.Scopes, " "))
	case "client list":
		cs, err := a.ListClients(ctx, f.customer)
		if err != nil {
			return err
		}
		return table(out, []string{"CLIENT_ID", "NAME", "OWNER", "SCOPES", "CREATED", "REVOKED"}, len(cs), func(i int) []string {
			c := cs[i]
			return []string{c.ID, c.Name, ownerOf(c.CustomerID, c.Operator), strings.Join(c.Scopes, " "), stamp(c.CreatedAt), stampPtr(c.RevokedAt)}
		})
	case "client rotate":
		secret, revoked, err := a.RotateClientSecret(ctx, f.id, !f.keepTokens)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "client_id:     %s\nclient_secret: %s\n(the secret is shown only now; the previous one no longer works)\n", f.id, secret)
		if f.keepTokens {
			fmt.Fprintln(out, "tokens issued under the previous secret stay valid until they expire")
		} else {
			fmt.Fprintf(out, "%d tokens issued under the previous secret revoked (every server refuses them within 5 s)\n", revoked)
		}
	case "client revoke":
		if err := a.RevokeClient(ctx, f.id); err != nil {
			return err
		}
		fmt.Fprintf(out, "client %s revoked\n", f.id)
	case "key create", "key rotate":
		owner, err := f.owner()
		if err != nil {
			return err
		}
		k, key, err := a.CreateAPIKey(ctx, owner, f.ttl)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "key_id:  %s\napi_key: %s\nexpires: %s\n(the key is shown only now", k.ID, key, stamp(k.ExpiresAt))
		if action == "rotate" {
			fmt.Fprint(out, "; revoke the previous key once clients use this one")
		}
		fmt.Fprintln(out, ")")
	case "key list":
		ks, err := a.ListAPIKeys(ctx, f.customer)
		if err != nil {
			return err
		}
		return table(out, []string{"KEY_ID", "PREFIX", "OWNER", "CREATED", "EXPIRES", "REVOKED"}, len(ks), func(i int) []string {
			k := ks[i]
			return []string{k.ID, k.Prefix, ownerOf(k.CustomerID, k.Operator), stamp(k.CreatedAt), stamp(k.ExpiresAt), stampPtr(k.RevokedAt)}
		})
	case "key revoke":
		if err := a.RevokeAPIKey(ctx, f.id); err != nil {
			return err
		}
		fmt.Fprintf(out, "key %s revoked\n", f.id)
	case "lockout list":
		fs, err := a.ListAuthFailures(ctx)
		if err != nil {
			return err
		}
		return table(out, []string{"SUBJECT", "FAILURES", "LAST_FAILURE", "HELD_UNTIL"}, len(fs), func(i int) []string {
			return []string{fs[i].Subject, strconv.Itoa(fs[i].Failures), stamp(fs[i].LastFailureAt), stamp(fs[i].BlockedUntil())}
		})
	case "lockout clear":
		subjects, err := f.lockoutSubjects(ctx, a)
		if err != nil {
			return err
		}
		n, err := a.ClearAuthFailures(ctx, subjects)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%d failure records cleared\n", n)
	default:
		fmt.Fprint(out, adminUsage)
		return fmt.Errorf("unknown admin action %q", object+" "+action)
	}
	return nil
}

func (f *adminFlags) owner() (auth.Owner, error) {
	switch {
	case f.operator && f.customer != "":
		return auth.Owner{}, errors.New("give either --customer or --operator, not both")
	case f.operator:
		return auth.OperatorOwner(), nil
	case f.customer != "":
		return auth.CustomerOwner(f.customer), nil
	}
	return auth.Owner{}, errors.New("give --customer ID or --operator")
}

// lockoutSubjects are the subjects lockout clear names: one client, one
// address, or every subject on record.
func (f *adminFlags) lockoutSubjects(ctx context.Context, a *auth.Admin) ([]string, error) {
	given := 0
	for _, set := range []bool{f.client != "", f.address != "", f.all} {
		if set {
			given++
		}
	}
	if given != 1 {
		return nil, errors.New("give one of --client CLIENT_ID, --address IP or --all")
	}
	switch {
	case f.client != "":
		return []string{auth.ClientSubject(f.client)}, nil
	case f.address != "":
		addr, err := netip.ParseAddr(f.address)
		if err != nil {
			return nil, fmt.Errorf("--address: %w", err)
		}
		return []string{auth.AddressSubject(addr)}, nil
	}
	records, err := a.ListAuthFailures(ctx)
	subjects := make([]string, len(records))
	for i, r := range records {
		subjects[i] = r.Subject
	}
	return subjects, err
}

func (f *adminFlags) scopeList() []string {
	if f.scopes != "" {
		return strings.Fields(f.scopes)
	}
	if f.operator {
		return []string{auth.ScopeOperator}
	}
	return []string{auth.ScopeIncident}
}

func optionalClientID(id string) []auth.ClientOption {
	if id == "" {
		return nil
	}
	return []auth.ClientOption{auth.WithClientID(id)}
}

func ownerOf(customerID string, operator bool) string {
	if operator {
		return "operator"
	}
	return customerID
}

func table(out io.Writer, header []string, n int, row func(int) []string) error {
	w := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, strings.Join(header, "\t"))
	for i := 0; i < n; i++ {
		fmt.Fprintln(w, strings.Join(row(i), "\t"))
	}
	return w.Flush()
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func stampPtr(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return stamp(*t)
}

func newFlagSet(name string) *flag.FlagSet {
	return flag.NewFlagSet(name, flag.ContinueOnError)
}
