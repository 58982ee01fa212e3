//go:build unix

package blob

import (
	"errors"
	"os"
	"syscall"
)

// errLocked is lockFile's answer when another open file holds the lock.
var errLocked = errors.New("blob: file is locked")

// lockFile takes an exclusive flock(2) on f, waiting for it when block is
// set. The lock belongs to the open file: it is released when f is closed
// or the process dies, and conflicts with every other open file of the
// same inode, in this process too.
func lockFile(f *os.File, block bool) error {
	how := syscall.LOCK_EX
	if !block {
		how |= syscall.LOCK_NB
	}
	for {
		err := syscall.Flock(int(f.Fd()), how)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EWOULDBLOCK):
			return errLocked
		default:
			return err
		}
	}
}
