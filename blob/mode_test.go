package blob_test

import (
	"io/fs"
	"path/filepath"
	"testing"
)

// TestDiskIsPrivate: the directories of a store are 0700 and its files
// 0600, whatever the umask: attachments are the customers' documents.
func TestDiskIsPrivate(t *testing.T) {
	d := openDisk(t)
	put(t, d, []byte("a customer's trace"))
	checked := 0
	err := filepath.WalkDir(d.Dir(), func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		want := fs.FileMode(0o600)
		if e.IsDir() {
			want = 0o700
		}
		if info.Mode().Perm() != want {
			t.Errorf("%s: mode %o, want %o", path, info.Mode().Perm(), want)
		}
		checked++
		return nil
	})
	if err != nil || checked < 4 { // the root, tmp, a shard and the blob
		t.Fatalf("walked %d entries: %v", checked, err)
	}
}
