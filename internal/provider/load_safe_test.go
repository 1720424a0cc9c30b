//go:build unix

package provider

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/reportmail/reportmail/internal/safefile"
)

// A profile path that is a named pipe made Load wait for ever in os.Open; a device was
// read to the size bound and then called "far too large".
func TestLoadRefusesPipesAndDevices(t *testing.T) {
	dir := t.TempDir()
	paths := []string{os.DevNull, dir}
	fifo := filepath.Join(dir, "profile.json")
	if err := syscall.Mkfifo(fifo, 0o600); err == nil {
		paths = append(paths, fifo)
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		paths = append(paths, "/dev/zero")
	}
	for _, p := range paths {
		_, err := Load(p)
		var pe *Error
		if !errors.As(err, &pe) || !errors.Is(err, ErrUnreadable) || !errors.Is(err, safefile.ErrNotFile) || pe.Path != p {
			t.Errorf("Load(%s): %v, want an unreadable-profile Error holding safefile.ErrNotFile", p, err)
		}
	}
}
