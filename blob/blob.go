// Package blob keeps the bytes of attachments, named by their SHA-256
// (content-addressed), behind the Store interface. Disk keeps them in a
// directory. The metadata that names a blob lives elsewhere (the database):
// a blob is written and made durable first, the metadata committed second,
// and Sweep removes the bytes that no metadata names.
package blob

import (
	"context"
	"errors"
	"io"
)

// ErrNotFound is returned by Open for a digest the store does not hold.
var ErrNotFound = errors.New("blob: not found")

// Store keeps blobs by their SHA-256 digest (64 lowercase hex digits).
type Store interface {
	// Create starts a new blob. The caller writes the bytes, then commits
	// them or closes the writer to discard them.
	Create() (Writer, error)
	// Open opens the blob of a digest for reading; ErrNotFound when absent.
	Open(digest string) (io.ReadSeekCloser, error)
	// Sweep removes the blobs for which referenced reports false, and the
	// unfinished blobs of writers that are gone (a crashed server). Blobs
	// held by a Writer (between Commit and Close) are never removed, so
	// that the metadata about to name them can still commit.
	Sweep(ctx context.Context, referenced func(ctx context.Context, digest string) (bool, error)) (Swept, error)
}

// Writer receives the bytes of a new blob and hashes them as they come.
type Writer interface {
	io.Writer
	// Commit makes the bytes durable under their digest and returns it with
	// the size. From then on the blob is held against Sweep until Close:
	// commit the metadata naming the blob before closing the writer.
	Commit() (Blob, error)
	// Close discards the bytes when Commit was not called, else releases
	// the hold Commit took. It is safe to call more than once.
	Close() error
}

// Blob is a committed blob.
type Blob struct {
	Digest string // SHA-256, lowercase hex
	Size   int64
}

// Swept counts what a sweep removed.
type Swept struct {
	Blobs      int // committed blobs no metadata named
	Unfinished int // temporary files of writers that are gone
}

// ValidDigest reports whether s has the shape of a digest: 64 lowercase
// hex digits. Paths are built from digests only once they pass it.
func ValidDigest(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
