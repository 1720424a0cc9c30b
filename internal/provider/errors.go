package provider

import (
	"errors"
	"path/filepath"
)

// Kinds of failure, for errors.Is. An *Error carries one of them.
var (
	ErrUnreadable = errors.New("the profile file could not be read")
	ErrNotProfile = errors.New("the file is not a provider profile")
	ErrInvalid    = errors.New("a setting in the provider profile is wrong")
	ErrTooNew     = errors.New("the provider profile is for a newer version of Report Mail")
)

// Error explains why a profile cannot be used, in words an IT person can act on.
type Error struct {
	Path    string // the file, when there is one
	Field   string // the JSON field at fault, e.g. "support_address"; may be empty
	Problem string // plain words: `the support address "help@" is not an email address`
	Kind    error  // ErrUnreadable, ErrNotProfile, ErrInvalid or ErrTooNew
	Err     error  // the underlying error, if any
}

func (e *Error) Error() string {
	where := "The provider profile"
	if e.Path != "" {
		where += " " + filepath.Base(e.Path)
	}
	return where + " cannot be used: " + e.Problem + "."
}

// Is makes errors.Is(err, ErrInvalid) and friends work.
func (e *Error) Is(target error) bool { return target == e.Kind }

func (e *Error) Unwrap() error { return e.Err }
