package main

import (
	"context"
	"fmt"
	"io"

	"github.com/incidentd/incidentd/account"
)

// adminUser carries out the actions on the console's users.
func adminUser(ctx context.Context, a *account.Admin, action string, f *adminFlags, out io.Writer) error {
	switch action {
	case "create":
		u, password, err := a.CreateUser(ctx, account.NewUser{Email: f.email, Name: f.name, CustomerID: f.customer, Role: account.Role(f.role)})
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "user:     %s (%s, %s)\npassword: %s\n(the password is shown only now)\n", u.Email, u.Role, ownerOf(u.CustomerID, u.CustomerID == ""), password)
	case "list":
		us, err := a.ListUsers(ctx, f.customer)
		if err != nil {
			return err
		}
		return table(out, []string{"EMAIL", "NAME", "ROLE", "CUSTOMER", "CREATED", "DISABLED"}, len(us), func(i int) []string {
			u := us[i]
			return []string{u.Email, u.Name, string(u.Role), ownerOf(u.CustomerID, u.CustomerID == ""), stamp(u.CreatedAt), stampPtr(u.DisabledAt)}
		})
	case "disable":
		if err := a.DisableUser(ctx, f.email); err != nil {
			return err
		}
		fmt.Fprintf(out, "user %s disabled; its sessions ended\n", account.NormalizeEmail(f.email))
	case "reset-password":
		password, err := a.ResetPassword(ctx, f.email)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "user:     %s\npassword: %s\n(the password is shown only now; the user's sessions ended)\n", account.NormalizeEmail(f.email), password)
	default:
		fmt.Fprint(out, adminUsage)
		return fmt.Errorf("unknown admin action %q", "user "+action)
	}
	return nil
}
