package blob

import (
	"errors"
	"fmt"
)

// ErrFull is wrapped by the errors of writing a blob to a file system with
// no space, or no quota, left: the caller can tell the client to come back
// later rather than report a failure of its own.
var ErrFull = errors.New("no space left")

// writeError wraps an error of creating or writing a blob, with ErrFull
// when the file system is full.
func writeError(err error) error {
	if noSpace(err) {
		return fmt.Errorf("blob: %w: %w", ErrFull, err)
	}
	return fmt.Errorf("blob: %w", err)
}
