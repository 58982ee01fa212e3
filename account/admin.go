package account

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Admin provisions users: the admin command and the demo data use it.
type Admin struct {
	Store Store
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

func (a *Admin) now() time.Time {
	if a.Now == nil {
		return time.Now().UTC().Truncate(time.Millisecond)
	}
	return a.Now().UTC()
}

// NewUser is a user to create. An empty Password makes a random one.
type NewUser struct {
	Email      string
	Name       string
	CustomerID string // for customer roles only
	Role       Role
	Password   string
}

// CreateUser creates a user and returns it with its password, to be shown
// once: the one given or a generated one.
func (a *Admin) CreateUser(ctx context.Context, n NewUser) (User, string, error) {
	email := NormalizeEmail(n.Email)
	if err := checkEmail(email); err != nil {
		return User{}, "", err
	}
	if !n.Role.Valid() {
		return User{}, "", fmt.Errorf("unknown role %q: want one of viewer, reporter (customers), agent, admin (provider)", n.Role)
	}
	if n.Role.Provider() != (n.CustomerID == "") {
		return User{}, "", fmt.Errorf("role %s: %s", n.Role, map[bool]string{
			true: "a provider's user belongs to no customer", false: "a customer's user needs its customer"}[n.Role.Provider()])
	}
	name := strings.TrimSpace(n.Name)
	if name == "" || len(name) > 200 {
		return User{}, "", fmt.Errorf("a user needs a name of 1 to 200 bytes")
	}
	password := n.Password
	if password == "" {
		password = GeneratePassword()
	}
	if err := CheckPassword(password); err != nil {
		return User{}, "", err
	}
	u, err := a.Store.CreateUser(ctx, User{
		Email: email, Name: name, CustomerID: n.CustomerID, Role: n.Role,
		PasswordHash: HashPassword(password), CreatedAt: a.now(),
	})
	if err != nil {
		return User{}, "", err
	}
	return u, password, nil
}

// CheckPassword checks the length of a password.
func CheckPassword(p string) error {
	if len(p) < MinPassword || len(p) > MaxPassword {
		return fmt.Errorf("a password has %d to %d bytes", MinPassword, MaxPassword)
	}
	return nil
}

// ListUsers lists a customer's users, or every user.
func (a *Admin) ListUsers(ctx context.Context, customerID string) ([]User, error) {
	return a.Store.ListUsers(ctx, customerID)
}

// DisableUser disables a user by email: it can no longer sign in and its
// sessions end at once.
func (a *Admin) DisableUser(ctx context.Context, email string) error {
	u, err := a.Store.GetUserByEmail(ctx, NormalizeEmail(email))
	if err != nil {
		return err
	}
	return a.Store.DisableUser(ctx, u.ID, a.now())
}

// ResetPassword gives a user a new random password, returned to be shown
// once, and ends its sessions.
func (a *Admin) ResetPassword(ctx context.Context, email string) (string, error) {
	u, err := a.Store.GetUserByEmail(ctx, NormalizeEmail(email))
	if err != nil {
		return "", err
	}
	password := GeneratePassword()
	if err := a.Store.SetUserPassword(ctx, u.ID, HashPassword(password)); err != nil {
		return "", err
	}
	return password, a.Store.DeleteUserSessions(ctx, u.ID)
}
