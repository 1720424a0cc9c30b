//go:build unix

package send_test

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/reportmail/reportmail/internal/safefile"
	"github.com/reportmail/reportmail/internal/send"
)

// --ca-file /dev/zero read until memory ran out; a named pipe waited for ever; a huge file
// was read whole. Each is refused with a typed error.
func TestLoadCAFileIsBoundedAndRefusesPipes(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.pem")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(64 << 20); err != nil { // sparse: takes no disk space
		t.Fatal(err)
	}
	f.Close()
	cases := []struct {
		path string
		want error
	}{{big, safefile.ErrTooBig}, {os.DevNull, safefile.ErrNotFile}, {dir, safefile.ErrNotFile}}
	fifo := filepath.Join(dir, "ca.pem")
	if err := syscall.Mkfifo(fifo, 0o600); err == nil {
		cases = append(cases, struct {
			path string
			want error
		}{fifo, safefile.ErrNotFile})
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		cases = append(cases, struct {
			path string
			want error
		}{"/dev/zero", safefile.ErrNotFile})
	}
	for _, c := range cases {
		_, err := send.LoadCAFile(c.path)
		var ce *send.CAFileError
		if !errors.As(err, &ce) || ce.Path != c.path || !errors.Is(err, c.want) {
			t.Errorf("LoadCAFile(%s): %v, want a CAFileError holding %v", c.path, err, c.want)
		}
	}
}
