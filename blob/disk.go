package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Disk is a Store in a directory:
//
//	DIR/tmp/upload-*     blobs being written, each locked by its writer
//	DIR/ab/abcdef…       committed blobs, in subdirectories named by the
//	                     first two hex digits of their digest
//
// A blob is written to a temporary file, fsynced, linked under its digest
// (link(2) never replaces an existing name: a blob already present is
// reused) and the directory fsynced, so that a digest name always holds
// complete, durable bytes. Every writer holds an exclusive lock (flock(2))
// on its file from creation until Close, and the sweeper removes a file
// only after taking that lock itself, so it never removes a blob that a
// live writer, in this process or another sharing the directory, is still
// writing or about to name in the database. A process that dies loses its
// locks, which is how the sweeper knows its temporary files are garbage.
type Disk struct {
	dir string
}

var _ Store = (*Disk)(nil)

const tempDir = "tmp"

// OpenDisk uses dir for blobs. The directory is created by the first
// blob, so that a server that stores none leaves no trace; an existing
// path that is not a directory is refused.
func OpenDisk(dir string) (*Disk, error) {
	if dir == "" {
		return nil, errors.New("blob: no directory given")
	}
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return nil, fmt.Errorf("blob: %s is not a directory", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("blob: %w", err)
	}
	return &Disk{dir: dir}, nil
}

// Dir is the directory of the store.
func (d *Disk) Dir() string { return d.dir }

func (d *Disk) path(digest string) string {
	return filepath.Join(d.dir, digest[:2], digest)
}

// Create starts a blob in a new, locked temporary file.
func (d *Disk) Create() (Writer, error) {
	if err := os.MkdirAll(filepath.Join(d.dir, tempDir), 0o700); err != nil {
		return nil, writeError(err)
	}
	for {
		f, err := os.CreateTemp(filepath.Join(d.dir, tempDir), "upload-*")
		if err != nil {
			return nil, writeError(err)
		}
		if err := lockFile(f, true); err != nil {
			f.Close()
			os.Remove(f.Name())
			return nil, writeError(err)
		}
		// A sweeper may have taken the lock first, between the creation
		// and the lock, and removed the file: start again then.
		if same, _ := sameFile(f, f.Name()); !same {
			f.Close()
			continue
		}
		return &diskWriter{d: d, f: f, hash: sha256.New()}, nil
	}
}

// Open opens a committed blob.
func (d *Disk) Open(digest string) (io.ReadSeekCloser, error) {
	if !ValidDigest(digest) {
		return nil, ErrNotFound
	}
	f, err := os.Open(d.path(digest))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	return f, nil
}

// diskWriter writes one blob; f stays open (and locked) until Close.
type diskWriter struct {
	d         *Disk
	f         *os.File
	hash      hash.Hash
	size      int64
	committed bool
	closed    bool
	err       error
}

func (w *diskWriter) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	if w.committed || w.closed {
		return 0, errors.New("blob: write after commit or close")
	}
	n, err := w.f.Write(p)
	w.hash.Write(p[:n])
	w.size += int64(n)
	if err != nil {
		w.err = writeError(err)
		return n, w.err
	}
	return n, nil
}

// Commit fsyncs the bytes, names them by their digest and fsyncs the
// directory that holds the name.
func (w *diskWriter) Commit() (Blob, error) {
	if w.err != nil {
		return Blob{}, w.err
	}
	if w.committed || w.closed {
		return Blob{}, errors.New("blob: commit after commit or close")
	}
	if err := w.f.Sync(); err != nil {
		return Blob{}, w.fail(err)
	}
	b := Blob{Digest: hex.EncodeToString(w.hash.Sum(nil)), Size: w.size}
	final := w.d.path(b.Digest)
	if err := os.MkdirAll(filepath.Dir(final), 0o700); err != nil {
		return Blob{}, w.fail(err)
	}
	held, err := w.name(final)
	if err != nil {
		return Blob{}, w.fail(err)
	}
	if err := syncDir(filepath.Dir(final)); err != nil {
		return Blob{}, w.fail(err)
	}
	os.Remove(w.f.Name()) // the temporary name; the bytes live on under final
	if held != w.f {
		w.f.Close() // the blob existed: the hold is on its file
		w.f = held
	}
	w.committed = true
	return b, nil
}

// name gives the written file the name final, or, when a blob of the same
// digest is there already, takes the hold on that one instead. It returns
// the file whose lock now holds the blob.
func (w *diskWriter) name(final string) (*os.File, error) {
	for {
		err := os.Link(w.f.Name(), final)
		if err == nil {
			return w.f, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		existing, err := os.Open(final)
		if errors.Is(err, fs.ErrNotExist) {
			continue // swept meanwhile: link ours
		}
		if err != nil {
			return nil, err
		}
		// Waits while a sweeper holds it; the name may be gone after.
		if err := lockFile(existing, true); err != nil {
			existing.Close()
			return nil, err
		}
		if same, _ := sameFile(existing, final); same {
			return existing, nil
		}
		existing.Close()
	}
}

func (w *diskWriter) fail(err error) error {
	w.err = writeError(err)
	return w.err
}

func (w *diskWriter) Close() error {
	if w.closed {
		return nil
	}
	w.closed = true
	if !w.committed {
		os.Remove(w.f.Name())
	}
	return w.f.Close() // closing releases the lock
}

// Sweep removes the unfinished files of writers that are gone, then the
// committed blobs that referenced reports unused. Each candidate is locked
// before it is removed and, for a committed blob, checked again under the
// lock: a writer naming it in the database holds it until that commits.
func (d *Disk) Sweep(ctx context.Context, referenced func(context.Context, string) (bool, error)) (Swept, error) {
	var swept Swept
	temps, err := os.ReadDir(filepath.Join(d.dir, tempDir))
	if errors.Is(err, fs.ErrNotExist) {
		return swept, nil // no blob was ever stored
	}
	if err != nil {
		return swept, fmt.Errorf("blob: %w", err)
	}
	for _, e := range temps {
		if err := ctx.Err(); err != nil {
			return swept, err
		}
		removed, err := removeUnlocked(filepath.Join(d.dir, tempDir, e.Name()), nil)
		if err != nil {
			return swept, err
		}
		if removed {
			swept.Unfinished++
		}
	}
	shards, err := os.ReadDir(d.dir)
	if err != nil {
		return swept, fmt.Errorf("blob: %w", err)
	}
	for _, shard := range shards {
		if !shard.IsDir() || len(shard.Name()) != 2 || shard.Name() == tempDir {
			continue
		}
		blobs, err := os.ReadDir(filepath.Join(d.dir, shard.Name()))
		if err != nil {
			return swept, fmt.Errorf("blob: %w", err)
		}
		for _, e := range blobs {
			if err := ctx.Err(); err != nil {
				return swept, err
			}
			digest := e.Name()
			if !ValidDigest(digest) || digest[:2] != shard.Name() {
				continue // not ours: left alone
			}
			unused := func() (bool, error) {
				used, err := referenced(ctx, digest)
				return !used, err
			}
			candidate, err := unused()
			if err != nil {
				return swept, err
			}
			if !candidate {
				continue
			}
			removed, err := removeUnlocked(d.path(digest), unused)
			if err != nil {
				return swept, err
			}
			if removed {
				swept.Blobs++
			}
		}
	}
	return swept, nil
}

// removeUnlocked removes the file at path when nobody holds its lock and,
// under the lock, check (when given) still agrees. It reports whether it
// removed the file.
func removeUnlocked(path string, check func() (bool, error)) (bool, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("blob: %w", err)
	}
	defer f.Close()
	if err := lockFile(f, false); err != nil {
		if errors.Is(err, errLocked) {
			return false, nil // a live writer holds it
		}
		return false, fmt.Errorf("blob: %w", err)
	}
	if same, _ := sameFile(f, path); !same {
		return false, nil // replaced or removed meanwhile
	}
	if check != nil {
		ok, err := check()
		if err != nil || !ok {
			return false, err
		}
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("blob: %w", err)
	}
	return true, nil
}

// sameFile reports whether path names the file f has open.
func sameFile(f *os.File, path string) (bool, error) {
	a, err := f.Stat()
	if err != nil {
		return false, err
	}
	b, err := os.Stat(path)
	if err != nil {
		return false, err
	}
	return os.SameFile(a, b), nil
}

// syncDir makes the entries of a directory durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
