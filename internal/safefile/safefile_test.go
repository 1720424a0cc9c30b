package safefile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// mkfifo makes a named pipe with no writer: opening it for reading the ordinary way waits
// for ever, so a test that reaches the end proves nothing blocked.
func mkfifo(t *testing.T, dir string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("no named pipes in the file system on Windows")
	}
	p := filepath.Join(dir, "pipe.eml")
	if err := mkfifoAt(p); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	return p
}

func TestReadRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name string
		path string
		kind Kind
	}{
		{"named pipe", mkfifo(t, dir), Pipe},
		{"device", os.DevNull, Device},
		{"folder", dir, Folder},
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		cases = append(cases, struct {
			name string
			path string
			kind Kind
		}{"endless device", "/dev/zero", Device})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(c.path, 1<<20)
			var nf *NotFileError
			if !errors.As(err, &nf) || nf.Kind != c.kind || nf.Path != c.path || !errors.Is(err, ErrNotFile) {
				t.Fatalf("Read: %v, want a NotFileError of kind %v", err, c.kind)
			}
			if c.kind == Folder && !errors.Is(err, syscall.EISDIR) {
				t.Error("a folder does not match EISDIR")
			}
		})
	}
}

func TestReadIsBoundedByWhatIsRead(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	if err := os.WriteFile(p, []byte("12345"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := Read(p, 5); err != nil || string(got) != "12345" {
		t.Fatalf("at the bound: %q, %v", got, err)
	}
	got, err := Read(p, 4)
	var tb *TooBigError
	if !errors.As(err, &tb) || tb.Path != p || tb.Max != 4 || string(got) != "1234" {
		t.Fatalf("over the bound: %q, %v", got, err)
	}
	// /proc files say they hold 0 bytes; what counts is what is read.
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc here")
	}
	if st, _ := os.Stat("/proc/self/status"); st.Size() != 0 {
		t.Skip("this /proc reports sizes")
	}
	got, err = Read("/proc/self/status", 1<<20)
	if err != nil || !bytes.Contains(got, []byte("Name:")) {
		t.Fatalf("/proc/self/status: %d bytes, %v", len(got), err)
	}
}

func TestWriteNeverReplacesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "someone else's.txt")
	if err := os.WriteFile(target, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.eml")
	devLink := filepath.Join(dir, "null.eml")
	dangling := filepath.Join(dir, "dangling.eml")
	for _, l := range [][2]string{{target, link}, {os.DevNull, devLink}, {filepath.Join(dir, "nowhere"), dangling}} {
		if err := os.Symlink(l[0], l[1]); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	fifo := mkfifo(t, dir)
	cases := []struct {
		name string
		path string
		kind Kind
	}{
		{"named pipe", fifo, Pipe},
		{"device", os.DevNull, Device},
		{"link to a device", devLink, Symlink},
		{"link to a file", link, Symlink},
		{"link to nothing", dangling, Symlink},
		{"folder", dir, Folder},
	}
	for _, c := range cases {
		for _, replace := range []bool{false, true} {
			err := Write(c.path, []byte("mail"), 0o600, replace)
			var nf *NotFileError
			if !errors.As(err, &nf) || nf.Kind != c.kind {
				t.Errorf("%s (replace %v): %v, want a NotFileError of kind %v", c.name, replace, err, c.kind)
			}
		}
	}
	if got, _ := os.ReadFile(target); string(got) != "keep me" {
		t.Errorf("the file behind the link now holds %q", got)
	}
	if _, err := os.Lstat(filepath.Join(dir, "nowhere")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("writing through a dangling link created its target")
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&fs.ModeNamedPipe == 0 {
		t.Error("the pipe was replaced")
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&fs.ModeSymlink == 0 {
		t.Error("the link was replaced")
	}
	assertNoTemp(t, dir)
}

func TestWriteReplacesOnlyWhenAsked(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.eml")
	if err := Write(p, []byte("first"), 0o600, false); err != nil {
		t.Fatal(err)
	}
	err := Write(p, []byte("second"), 0o600, false)
	var ee *ExistsError
	if !errors.As(err, &ee) || ee.Path != p || !errors.Is(err, fs.ErrExist) {
		t.Fatalf("over an existing file without replace: %v", err)
	}
	if got, _ := os.ReadFile(p); string(got) != "first" {
		t.Fatalf("the file was changed: %q", got)
	}
	if err := Write(p, []byte("second"), 0o600, true); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(p); string(got) != "second" {
		t.Fatalf("not replaced: %q", got)
	}
	if runtime.GOOS != "windows" {
		if st, _ := os.Stat(p); st.Mode().Perm() != 0o600 {
			t.Errorf("mode %v, want 0600", st.Mode().Perm())
		}
	}
	assertNoTemp(t, dir)
}

func TestWriteNewFindsAFreeName(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "Report.eml")
	var names []string
	for _, v := range []string{"one", "two", "three"} {
		got, err := WriteNew(p, []byte(v), 0o600)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, filepath.Base(got))
	}
	if strings.Join(names, "|") != "Report.eml|Report (2).eml|Report (3).eml" {
		t.Fatalf("names %v", names)
	}
	if got, _ := os.ReadFile(p); string(got) != "one" {
		t.Fatalf("the first draft was replaced: %q", got)
	}
	assertNoTemp(t, dir)
}

func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
