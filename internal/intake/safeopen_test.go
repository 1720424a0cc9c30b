//go:build unix

package intake

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/reportmail/reportmail/internal/safefile"
)

// A named pipe with no writer made os.Open wait for ever, before the regular-file test.
func TestOpenRefusesPipesAndDevicesWithoutWaiting(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "message.eml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("cannot make a named pipe: %v", err)
	}
	for _, c := range []struct {
		path string
		kind safefile.Kind
	}{{fifo, safefile.Pipe}, {os.DevNull, safefile.Device}, {"/dev/zero", safefile.Device}, {dir, safefile.Folder}} {
		if _, err := os.Lstat(c.path); err != nil {
			continue
		}
		_, err := Open(c.path, Options{})
		var fe *FileError
		var nf *safefile.NotFileError
		if !errors.As(err, &fe) || fe.Path != c.path || !errors.As(err, &nf) || nf.Kind != c.kind {
			t.Errorf("Open(%s): %v, want a FileError holding a NotFileError of kind %v", c.path, err, c.kind)
		}
	}
}

// /proc files report a size of 0 whatever they hold; Open called them empty.
func TestOpenProcFileIsNotEmpty(t *testing.T) {
	for _, p := range []string{"/proc/version", "/proc/self/status"} {
		st, err := os.Stat(p)
		if err != nil || st.Size() != 0 {
			t.Skipf("%s is missing or reports its size", p)
		}
		it, err := Open(p, Options{})
		if err != nil {
			t.Fatalf("Open(%s): %v", p, err)
		}
		if it.NotEmail == emptyFile.what {
			t.Errorf("%s was called %q", p, it.NotEmail)
		}
	}
	// An empty file is still empty.
	empty := filepath.Join(t.TempDir(), "empty.eml")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if it, err := Open(empty, Options{}); err != nil || it.NotEmail != emptyFile.what {
		t.Fatalf("empty file: %+v, %v", it, err)
	}
}
