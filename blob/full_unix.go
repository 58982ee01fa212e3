//go:build unix

package blob

import (
	"errors"
	"syscall"
)

// noSpace reports whether err says the file system is full or the quota
// exhausted.
func noSpace(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}
