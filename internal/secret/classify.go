package secret

import (
	"errors"
	"net"
	"os/exec"
	"strings"
	"syscall"

	"github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"
)

// kindOf sorts a go-keyring error into one of our kinds. go-keyring has sentinels only for
// "not found" and "too big"; everything else arrives as whatever the platform produced, so
// this reads those shapes. goos is a parameter so every platform's mapping is tested on any.
func kindOf(goos string, err error) error {
	switch {
	case errors.Is(err, keyring.ErrNotFound):
		return ErrNotFound
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return ErrTooBig
	case errors.Is(err, keyring.ErrUnsupportedPlatform):
		return ErrUnavailable
	case errors.Is(err, exec.ErrNotFound):
		// Linux: no dbus-launch to start a session bus. macOS: no /usr/bin/security.
		return ErrUnavailable
	}
	switch goos {
	case "darwin":
		return darwinKind(err)
	case "windows":
		return windowsKind(err)
	}
	return secretServiceKind(err)
}

// secretServiceKind reads errors from the freedesktop Secret Service over D-Bus (Linux and
// the BSDs).
func secretServiceKind(err error) error {
	name := ""
	var de dbus.Error
	var dp *dbus.Error
	switch {
	case errors.As(err, &de):
		name = de.Name
	case errors.As(err, &dp) && dp != nil:
		name = dp.Name
	}
	if name != "" {
		switch {
		case name == "org.freedesktop.Secret.Error.IsLocked":
			return ErrDenied
		case name == "org.freedesktop.DBus.Error.NoReply", name == "org.freedesktop.DBus.Error.Timeout":
			return ErrTimeout
		case name == "org.freedesktop.Secret.Error.NoSuchObject",
			// No Secret Service on the bus, or it cannot be started, or it has no default
			// collection to keep passwords in.
			strings.HasPrefix(name, "org.freedesktop.DBus.Error."):
			return ErrUnavailable
		}
		return ErrKeychain
	}
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "failed to unlock correct collection"):
		// go-keyring's words when the unlock prompt was dismissed.
		return ErrDenied
	case strings.HasPrefix(msg, "dbus:"):
		// godbus could not find or authenticate to a session bus.
		return ErrUnavailable
	}
	var exitErr *exec.ExitError
	var opErr *net.OpError
	var sysErr syscall.Errno
	if errors.As(err, &exitErr) || errors.As(err, &opErr) || errors.As(err, &sysErr) {
		// dbus-launch ran and failed (no X display), or the bus address in the
		// environment points at a socket that is gone: no session bus either way.
		return ErrUnavailable
	}
	return ErrKeychain
}

// darwinKind reads /usr/bin/security's exit status: the low byte of the Security framework's
// OSStatus.
func darwinKind(err error) error {
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) {
		return ErrKeychain
	}
	switch exitErr.ExitCode() {
	case 44: // errSecItemNotFound (-25300)
		return ErrNotFound
	case 128, // errSecUserCanceled (-128): Cancel or Deny in the prompt
		36, // errSecInteractionNotAllowed (-25308): locked, and no way to ask (no GUI session)
		51: // errSecAuthFailed (-25293): wrong keychain password typed
		return ErrDenied
	}
	return ErrKeychain
}

// errNoSuchLogonSession is Windows' ERROR_NO_SUCH_LOGON_SESSION: Credential Manager is not
// available to this logon (service accounts, some remote sessions).
const errNoSuchLogonSession = syscall.Errno(1312)

func windowsKind(err error) error {
	var errno syscall.Errno
	if errors.As(err, &errno) && errno == errNoSuchLogonSession {
		return ErrUnavailable
	}
	return ErrKeychain
}
