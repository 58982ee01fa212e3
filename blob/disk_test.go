package blob_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/incidentd/incidentd/blob"
)

func openDisk(t *testing.T) *blob.Disk {
	t.Helper()
	d, err := blob.OpenDisk(filepath.Join(t.TempDir(), "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// put writes data as a blob, commits it and releases it.
func put(t *testing.T, d *blob.Disk, data []byte) blob.Blob {
	t.Helper()
	w, err := d.Create()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	b, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func digestOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func read(t *testing.T, d *blob.Disk, digest string) []byte {
	t.Helper()
	r, err := d.Open(digest)
	if err != nil {
		t.Fatalf("open %s: %v", digest, err)
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// files lists every regular file under the store's directory.
func files(t *testing.T, d *blob.Disk) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(d.Dir(), func(path string, e os.DirEntry, err error) error {
		if err == nil && e.Type().IsRegular() {
			rel, _ := filepath.Rel(d.Dir(), path)
			out = append(out, rel)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRoundTrip(t *testing.T) {
	d := openDisk(t)
	for _, size := range []int{1, 4096, 1 << 20} {
		data := make([]byte, size)
		for i := range data {
			data[i] = byte(i*7 + size)
		}
		w, err := d.Create()
		if err != nil {
			t.Fatal(err)
		}
		// Written in uneven pieces, as a network stream would.
		for rest := data; len(rest) > 0; {
			n := min(len(rest), 1000)
			if _, err := w.Write(rest[:n]); err != nil {
				t.Fatal(err)
			}
			rest = rest[n:]
		}
		b, err := w.Commit()
		if err != nil {
			t.Fatal(err)
		}
		w.Close()
		if b.Digest != digestOf(data) || b.Size != int64(size) {
			t.Errorf("size %d: blob %+v, want digest %s", size, b, digestOf(data))
		}
		if got := read(t, d, b.Digest); !bytes.Equal(got, data) {
			t.Errorf("size %d: read back %d different bytes", size, len(got))
		}
		want := filepath.Join(b.Digest[:2], b.Digest)
		if _, err := os.Stat(filepath.Join(d.Dir(), want)); err != nil {
			t.Errorf("blob not at %s: %v", want, err)
		}
	}
	if left, _ := os.ReadDir(filepath.Join(d.Dir(), "tmp")); len(left) != 0 {
		t.Errorf("temporary files left after commits: %v", left)
	}
}

func TestSameContentIsStoredOnce(t *testing.T) {
	d := openDisk(t)
	a := put(t, d, []byte("same bytes"))
	b := put(t, d, []byte("same bytes"))
	if a != b {
		t.Errorf("blobs %+v and %+v", a, b)
	}
	if got := files(t, d); len(got) != 1 {
		t.Errorf("files %v, want one", got)
	}
}

func TestConcurrentWritersOfOneContent(t *testing.T) {
	d := openDisk(t)
	data := bytes.Repeat([]byte("x"), 100000)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w, err := d.Create()
			if err != nil {
				t.Error(err)
				return
			}
			defer w.Close()
			w.Write(data)
			if b, err := w.Commit(); err != nil || b.Digest != digestOf(data) {
				t.Errorf("commit: %+v %v", b, err)
			}
		}()
	}
	wg.Wait()
	if got := files(t, d); len(got) != 1 {
		t.Errorf("files %v, want one", got)
	}
	if got := read(t, d, digestOf(data)); !bytes.Equal(got, data) {
		t.Error("content differs")
	}
}

func TestCloseWithoutCommitDiscards(t *testing.T) {
	d := openDisk(t)
	w, err := d.Create()
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("half an upload"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second close: %v", err)
	}
	if got := files(t, d); len(got) != 0 {
		t.Errorf("files left: %v", got)
	}
	if _, err := w.Write([]byte("more")); err == nil {
		t.Error("write after close accepted")
	}
	if _, err := w.Commit(); err == nil {
		t.Error("commit after close accepted")
	}
}

func TestOpenMissingOrMalformed(t *testing.T) {
	d := openDisk(t)
	for _, digest := range []string{digestOf([]byte("never stored")), "../../etc/passwd", "", "ABCDEF" + digestOf(nil)[6:]} {
		if _, err := d.Open(digest); !errors.Is(err, blob.ErrNotFound) {
			t.Errorf("open %q: %v, want ErrNotFound", digest, err)
		}
	}
}

func TestValidDigest(t *testing.T) {
	if !blob.ValidDigest(digestOf(nil)) {
		t.Error("a SHA-256 hex digest is refused")
	}
	for _, s := range []string{"", "abc", digestOf(nil)[:63], digestOf(nil) + "0", "G" + digestOf(nil)[1:], "A" + digestOf(nil)[1:], "../" + digestOf(nil)[3:]} {
		if blob.ValidDigest(s) {
			t.Errorf("%q accepted", s)
		}
	}
}

func TestSweep(t *testing.T) {
	ctx := context.Background()
	d := openDisk(t)
	kept := put(t, d, []byte("named by metadata"))
	orphan := put(t, d, []byte("named by nothing"))

	// A committed blob whose metadata is not committed yet: held.
	held, err := d.Create()
	if err != nil {
		t.Fatal(err)
	}
	held.Write([]byte("metadata on its way"))
	heldBlob, err := held.Commit()
	if err != nil {
		t.Fatal(err)
	}
	// A blob being written by a live writer.
	live, err := d.Create()
	if err != nil {
		t.Fatal(err)
	}
	live.Write([]byte("still uploading"))
	// The file of a writer that died: nobody holds its lock.
	dead := filepath.Join(d.Dir(), "tmp", "upload-dead")
	if err := os.WriteFile(dead, []byte("cut short"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Files that are not blobs are left alone.
	stranger := filepath.Join(d.Dir(), "README")
	os.WriteFile(stranger, []byte("not a blob"), 0o600)

	referenced := func(_ context.Context, digest string) (bool, error) { return digest == kept.Digest, nil }
	swept, err := d.Sweep(ctx, referenced)
	if err != nil {
		t.Fatal(err)
	}
	if swept != (blob.Swept{Blobs: 1, Unfinished: 1}) {
		t.Errorf("swept %+v, want one blob and one unfinished file", swept)
	}
	if _, err := d.Open(orphan.Digest); !errors.Is(err, blob.ErrNotFound) {
		t.Errorf("orphan still there: %v", err)
	}
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		t.Errorf("dead writer's file still there: %v", err)
	}
	read(t, d, kept.Digest)
	read(t, d, heldBlob.Digest)
	if _, err := os.Stat(stranger); err != nil {
		t.Errorf("a file that is not a blob was removed: %v", err)
	}

	// The live writer finishes; released, the held blob goes at the next sweep.
	b, err := live.Commit()
	if err != nil {
		t.Fatalf("commit after a sweep: %v", err)
	}
	live.Close()
	held.Close()
	swept, err = d.Sweep(ctx, referenced)
	if err != nil {
		t.Fatal(err)
	}
	if swept.Blobs != 2 {
		t.Errorf("second sweep removed %d blobs, want 2 (the released ones)", swept.Blobs)
	}
	for _, digest := range []string{b.Digest, heldBlob.Digest} {
		if _, err := d.Open(digest); !errors.Is(err, blob.ErrNotFound) {
			t.Errorf("released blob %s still there", digest)
		}
	}
	read(t, d, kept.Digest)
}

// The metadata commits while a sweep runs: the sweep checks again under
// the lock, so a blob that became referenced is kept.
func TestSweepRechecksUnderTheLock(t *testing.T) {
	ctx := context.Background()
	d := openDisk(t)
	b := put(t, d, []byte("referenced between the two checks"))
	calls := 0
	swept, err := d.Sweep(ctx, func(context.Context, string) (bool, error) {
		calls++
		return calls > 1, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if swept.Blobs != 0 || calls != 2 {
		t.Errorf("swept %+v after %d checks", swept, calls)
	}
	read(t, d, b.Digest)
}

func TestSweepReportsReferenceErrors(t *testing.T) {
	d := openDisk(t)
	b := put(t, d, []byte("kept when the database fails"))
	failure := errors.New("database down")
	if _, err := d.Sweep(context.Background(), func(context.Context, string) (bool, error) { return false, failure }); !errors.Is(err, failure) {
		t.Errorf("sweep error %v", err)
	}
	read(t, d, b.Digest)
}

// A writer of a content that a sweep is about to remove waits for the
// sweep and names its own bytes: the blob exists after both.
func TestWriterAndSweepOfOneContent(t *testing.T) {
	ctx := context.Background()
	d := openDisk(t)
	data := []byte("uploaded again while swept")
	for range 20 {
		put(t, d, data)
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			d.Sweep(ctx, func(context.Context, string) (bool, error) { return false, nil })
		}()
		w, err := d.Create()
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
		if _, err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		// Held by the writer: the blob is there whatever the sweep did.
		if got := read(t, d, digestOf(data)); !bytes.Equal(got, data) {
			t.Fatal("content differs")
		}
		w.Close()
	}
}

// A store that never held a blob leaves no directory behind.
func TestDirectoryCreatedByTheFirstBlob(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "later", "blobs")
	d, err := blob.OpenDisk(dir)
	if err != nil {
		t.Fatal(err)
	}
	if swept, err := d.Sweep(context.Background(), func(context.Context, string) (bool, error) { return false, nil }); err != nil || swept != (blob.Swept{}) {
		t.Errorf("sweep of a store never used: %+v %v", swept, err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("directory created before any blob: %v", err)
	}
	b := put(t, d, []byte("first"))
	if got := read(t, d, b.Digest); string(got) != "first" {
		t.Errorf("read %q", got)
	}
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o600)
	if _, err := blob.OpenDisk(file); err == nil {
		t.Error("a file accepted as the directory")
	}
}
