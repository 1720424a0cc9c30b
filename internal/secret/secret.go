// Package secret keeps the user's SMTP password in the operating system's keychain (macOS
// Keychain, Windows Credential Manager, the Secret Service on Linux), or, where there is
// none, only in memory for as long as the app runs. It never writes a password to a file:
// Fyne preferences are plain JSON, and a fallback file would be the same thing.
package secret

import (
	"errors"
	"strings"
)

// Store keeps one password per account (the account is the sign-in name and server, as the
// settings screen chooses; it is only a lookup key here).
type Store interface {
	// Get returns the saved password, or an error matching ErrNotFound.
	Get(account string) (string, error)
	// Set saves or replaces the password.
	Set(account, password string) error
	// Delete forgets the password. Forgetting one that is not there succeeds: the user's
	// wish, "no password kept", is met either way.
	Delete(account string) error
}

// The kinds of failure, for errors.Is. Every error from this package is an *Error wrapping
// one of them.
var (
	ErrNotFound    = errors.New("no password is saved for this account")
	ErrUnavailable = errors.New("this computer has no password keychain Report Mail can use")
	ErrTimeout     = errors.New("the password keychain did not answer in time")
	ErrDenied      = errors.New("the password keychain stayed locked")
	ErrTooBig      = errors.New("the password is too long to keep in the keychain")
	ErrNoAccount   = errors.New("no account name was given")
	ErrKeychain    = errors.New("the password keychain reported a problem")
)

// MaxPasswordBytes is the smallest limit among the keychains (Windows Credential Manager).
// Enforcing it everywhere means a password saved on a Mac also fits after a move to Windows.
const MaxPasswordBytes = 2560

// Error is a failed keychain operation: which one, what kind of failure, and the keychain's
// own error for the log (never for the screen).
type Error struct {
	Op   string // "get", "set", "delete"
	Kind error  // one of the Err… values above
	Err  error  // the underlying error; may be nil
}

func (e *Error) Error() string {
	s := "keychain " + e.Op + ": " + e.Kind.Error()
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap exposes both the kind and the cause, so errors.Is works for ErrTimeout and for, say,
// context.DeadlineExceeded.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// Explain turns an error from this package into one plain sentence for the screen.
func Explain(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrNotFound):
		return "No password is saved for this account yet."
	case errors.Is(err, ErrUnavailable):
		return "This computer has no password keychain Report Mail can use."
	case errors.Is(err, ErrTimeout):
		return "The password keychain did not answer. If it asked to be unlocked, unlock it and try again."
	case errors.Is(err, ErrDenied):
		return "The password keychain was not unlocked, so Report Mail could not use it."
	case errors.Is(err, ErrTooBig):
		return "That password is too long for this computer's keychain."
	case errors.Is(err, ErrNoAccount):
		return "Fill in the account before saving its password."
	}
	return "The password keychain reported a problem. Try again, or restart the computer if it keeps happening."
}

func checkArgs(op, account, password string) error {
	if strings.TrimSpace(account) == "" {
		return &Error{Op: op, Kind: ErrNoAccount}
	}
	if len(password) > MaxPasswordBytes {
		return &Error{Op: op, Kind: ErrTooBig}
	}
	return nil
}
