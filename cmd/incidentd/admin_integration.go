package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/incidentd/incidentd/alerts"
)

// adminIntegration runs the actions on alert integrations.
func adminIntegration(ctx context.Context, a *alerts.Admin, action string, f *adminFlags, out io.Writer) error {
	switch action {
	case "create":
		if f.customer == "" {
			return errors.New("give --customer ID")
		}
		severities, err := alerts.ParseSeverityMap(f.severities)
		if err != nil {
			return err
		}
		in, key, err := a.Create(ctx, alerts.NewIntegration{
			CustomerID: f.customer, Name: f.name, ServiceID: f.service, LocationID: f.location, Severities: severities,
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "integration_id:  %s\nkey_id:          %s\nintegration_key: %s\n(the key is shown only now)\n", in.ID, in.Keys[0].ID, key)
	case "list":
		list, err := a.List(ctx, f.customer)
		if err != nil {
			return err
		}
		return table(out, []string{"INTEGRATION_ID", "NAME", "CUSTOMER", "SERVICE", "LOCATION", "SEVERITIES", "KEYS", "CREATED", "REVOKED"}, len(list), func(i int) []string {
			in := list[i]
			return []string{in.ID, in.Name, in.CustomerID, orDash(in.ServiceID), orDash(in.LocationID), orDash(in.Severities.String()),
				keysText(in.Keys), stamp(in.CreatedAt), stampPtr(in.RevokedAt)}
		})
	case "rotate":
		k, key, err := a.Rotate(ctx, f.id)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "key_id:          %s\nintegration_key: %s\n(the key is shown only now; revoke the previous key once senders use this one)\n", k.ID, key)
	case "revoke":
		switch {
		case f.id != "" && f.key != "":
			return errors.New("give either --id or --key, not both")
		case f.key != "":
			if err := a.RevokeKey(ctx, f.key); err != nil {
				return err
			}
			fmt.Fprintf(out, "integration key %s revoked\n", f.key)
		case f.id != "":
			if err := a.Revoke(ctx, f.id); err != nil {
				return err
			}
			fmt.Fprintf(out, "integration %s revoked, with all its keys\n", f.id)
		default:
			return errors.New("give --id INTEGRATION_ID or --key KEY_ID")
		}
	default:
		fmt.Fprint(out, adminUsage)
		return fmt.Errorf("unknown admin action %q", "integration "+action)
	}
	return nil
}

// keysText lists an integration's keys for the listing: id and prefix,
// revoked ones marked.
func keysText(keys []alerts.Key) string {
	texts := make([]string, len(keys))
	for i, k := range keys {
		texts[i] = k.ID + ":" + k.Prefix + "…"
		if k.RevokedAt != nil {
			texts[i] += "(revoked)"
		}
	}
	return strings.Join(texts, ",")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
