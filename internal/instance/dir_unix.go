//go:build unix

package instance

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

const (
	defaultNetwork = "unix"
	isWindows      = false
)

// DefaultDir is where the endpoint lives: $XDG_RUNTIME_DIR, which the system makes private
// to the user and empties at log-out, or else a folder of the user's own in the temporary
// folder, named for the uid so two people on one machine never meet. The name also carries
// the display: a window on another desktop (a second X display, a test's Xvfb) is not the
// one a person at this desktop wants their files in.
func DefaultDir() (string, error) {
	session := sessionName()
	if d := os.Getenv("XDG_RUNTIME_DIR"); d != "" && filepath.IsAbs(d) {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			return filepath.Join(d, "reportmail-"+session), nil
		}
	}
	return filepath.Join(os.TempDir(), fmt.Sprintf("reportmail-%d-%s", os.Getuid(), session)), nil
}

// sessionName is the desktop's display, made safe for a file name.
func sessionName() string {
	d := os.Getenv("WAYLAND_DISPLAY")
	if d == "" {
		d = os.Getenv("DISPLAY")
	}
	if d == "" {
		return "nodisplay"
	}
	if len(d) > 40 {
		d = d[:40]
	}
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' {
			return r
		}
		return '_'
	}, d)
}

// privateDir makes dir if needed and checks that it is this user's alone: in a shared
// temporary folder anyone could have made it first, to catch the files people open.
func privateDir(dir string) error {
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return err
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !fi.IsDir() || !ok || int(st.Uid) != os.Geteuid() || fi.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("%w: %s", ErrUnsafeDir, dir)
	}
	return nil
}
