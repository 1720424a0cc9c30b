package autoconfig

import "errors"

// Kinds of failure. A *FetchError or *FileError wraps one of them; errors.Is finds it.
var (
	// ErrNotFound: the place answered but has no settings file (404, 410, a name that does
	// not exist in DNS). The usual case, not a fault.
	ErrNotFound = errors.New("autoconfig: no settings file there")
	// ErrTooLarge: the answer was bigger than Options.MaxBody.
	ErrTooLarge = errors.New("autoconfig: answer too large")
	// ErrBadFile: the answer is not a settings file, or has no usable server in it.
	ErrBadFile = errors.New("autoconfig: not a usable settings file")
	// ErrRedirect: sent on more than once, or away from HTTPS.
	ErrRedirect = errors.New("autoconfig: redirected too often or away from HTTPS")
	// ErrTimeout: no complete answer within Options.FetchTimeout.
	ErrTimeout = errors.New("autoconfig: no answer in time")
	// ErrUnreachable: no connection, a refused or failed certificate check, a server error.
	ErrUnreachable = errors.New("autoconfig: could not be reached safely")
	// ErrNothingFound: Discover looked everywhere and found no safe settings.
	ErrNothingFound = errors.New("autoconfig: no settings found for this address")
	// ErrIncomplete: what was found lacks a safe incoming or outgoing server.
	ErrIncomplete = errors.New("autoconfig: no safe incoming or outgoing server")
)

// AddressError is a value that is not a bare email address with a domain.
type AddressError struct{ Address string }

func (e *AddressError) Error() string { return "autoconfig: not an email address: " + e.Address }

// FetchError is one place that gave no settings.
type FetchError struct {
	URL string
	Err error // wraps one of the Err values above
}

func (e *FetchError) Error() string { return "autoconfig: " + e.URL + ": " + e.Err.Error() }
func (e *FetchError) Unwrap() error { return e.Err }

// FileError is a settings file that cannot be used.
type FileError struct {
	Why string
	Err error // wraps ErrBadFile
}

func (e *FileError) Error() string {
	return "autoconfig: settings file: " + e.Why + ": " + e.Err.Error()
}
func (e *FileError) Unwrap() error { return e.Err }
