package sqlstore

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/incidentd/incidentd/incident"
)

// ErrDuplicate is wrapped by the error of a create whose id (or API key
// hash) already exists.
var ErrDuplicate = errors.New("already exists")

// errorClass is what a driver error means to the store, decided from the
// SQLSTATE or the SQLite result code, never from the message.
type errorClass int

const (
	classOther errorClass = iota
	classUnique
	classForeignKey
	classUnavailable
	// classFull is a disk (or quota) with no room left for a write.
	classFull
)

func classify(err error) errorClass {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "23505":
			return classUnique
		case pe.Code == "23503":
			return classForeignKey
		case pe.Code == "53100": // disk_full
			return classFull
		case strings.HasPrefix(pe.Code, "08"), // connection exception
			strings.HasPrefix(pe.Code, "53"), // insufficient resources
			strings.HasPrefix(pe.Code, "57"): // operator intervention (shutdown, …)
			return classUnavailable
		}
		return classOther
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch code := se.Code(); {
		case code == sqlite3.SQLITE_CONSTRAINT_UNIQUE, code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return classUnique
		case code == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return classForeignKey
		case code&0xff == sqlite3.SQLITE_FULL:
			return classFull
		case code&0xff == sqlite3.SQLITE_BUSY, code&0xff == sqlite3.SQLITE_LOCKED,
			code&0xff == sqlite3.SQLITE_IOERR, code&0xff == sqlite3.SQLITE_CANTOPEN:
			return classUnavailable
		}
		return classOther
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, driver.ErrBadConn) || pgconn.Timeout(err) {
		return classUnavailable
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return classUnavailable
	}
	return classOther
}

// domainError turns an error out of a store operation into what the
// contract promises: domain errors as they are, an unreachable database as
// CodeUnavailable, cancellation as it is, anything else wrapped with the
// operation's name (an internal error).
func domainError(op string, err error) error {
	if err == nil {
		return nil
	}
	var de *incident.Error
	if errors.As(err, &de) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	switch classify(err) {
	case classUnavailable:
		return unavailable(err)
	case classFull:
		return unavailableError{incident.Errorf(incident.CodeUnavailable, incident.MsgStorageFull), err}
	}
	return fmt.Errorf("sqlstore: %s: %w", op, err)
}

// unavailableError is CodeUnavailable that keeps the driver's error for the
// log.
type unavailableError struct {
	domain *incident.Error
	cause  error
}

func (e unavailableError) Unwrap() []error { return []error{e.domain, e.cause} }
func (e unavailableError) Error() string   { return e.domain.Error() + ": " + e.cause.Error() }

func unavailable(err error) error {
	return unavailableError{incident.Errorf(incident.CodeUnavailable, incident.MsgStorageUnavailable), err}
}
