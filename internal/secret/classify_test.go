package secret

import (
	"errors"
	"fmt"
	"net"
	"os/exec"
	"syscall"
	"testing"

	"github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"
)

// exitError runs a real process so the mapping sees a genuine *exec.ExitError.
func exitError(t *testing.T, code int) error {
	t.Helper()
	err := exec.Command("sh", "-c", fmt.Sprintf("exit %d", code)).Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != code {
		t.Fatalf("could not make exit status %d: %v", code, err)
	}
	return err
}

func TestKindOf(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("needs sh")
	}
	// What godbus returns when there is no dbus-launch: a real *exec.Error.
	noLauncher := exec.Command("dbus-launch-not-installed-here").Run()
	cases := []struct {
		goos string
		err  error
		want error
	}{
		// Every platform.
		{"linux", keyring.ErrNotFound, ErrNotFound},
		{"darwin", fmt.Errorf("wrapped: %w", keyring.ErrNotFound), ErrNotFound},
		{"windows", keyring.ErrSetDataTooBig, ErrTooBig},
		{"freebsd", keyring.ErrUnsupportedPlatform, ErrUnavailable},

		// Linux / Secret Service.
		{"linux", noLauncher, ErrUnavailable},
		{"linux", errors.New("dbus: couldn't determine address of session bus"), ErrUnavailable},
		{"linux", errors.New("dbus: authentication failed"), ErrUnavailable},
		{"linux", exitError(t, 1), ErrUnavailable}, // dbus-launch without an X display
		{"linux", &net.OpError{Op: "dial", Net: "unix", Err: syscall.ECONNREFUSED}, ErrUnavailable},
		{"linux", dbus.Error{Name: "org.freedesktop.DBus.Error.ServiceUnknown"}, ErrUnavailable},
		{"linux", &dbus.Error{Name: "org.freedesktop.DBus.Error.Spawn.ChildExited"}, ErrUnavailable},
		{"linux", dbus.Error{Name: "org.freedesktop.DBus.Error.UnknownObject"}, ErrUnavailable},
		{"linux", dbus.Error{Name: "org.freedesktop.Secret.Error.NoSuchObject"}, ErrUnavailable},
		{"linux", dbus.Error{Name: "org.freedesktop.Secret.Error.IsLocked"}, ErrDenied},
		{"linux", dbus.Error{Name: "org.freedesktop.DBus.Error.NoReply"}, ErrTimeout},
		{"linux", dbus.Error{Name: "org.example.Surprise"}, ErrKeychain},
		{"linux", errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'"), ErrDenied},
		{"openbsd", errors.New("something new"), ErrKeychain},

		// macOS: /usr/bin/security exit statuses.
		{"darwin", noLauncher, ErrUnavailable},
		{"darwin", exitError(t, 44), ErrNotFound},
		{"darwin", exitError(t, 128), ErrDenied},
		{"darwin", exitError(t, 36), ErrDenied},
		{"darwin", exitError(t, 51), ErrDenied},
		{"darwin", exitError(t, 1), ErrKeychain},
		{"darwin", errors.New("broken pipe"), ErrKeychain},

		// Windows Credential Manager.
		{"windows", syscall.Errno(1312), ErrUnavailable},
		{"windows", fmt.Errorf("write: %w", syscall.Errno(1312)), ErrUnavailable},
		{"windows", syscall.Errno(5), ErrKeychain},
		{"windows", exitError(t, 1), ErrKeychain},
	}
	for _, c := range cases {
		if got := kindOf(c.goos, c.err); got != c.want {
			t.Errorf("%s %T %v: got %v, want %v", c.goos, c.err, c.err, got, c.want)
		}
	}
}
