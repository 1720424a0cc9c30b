package oauth

import (
	"errors"

	"github.com/reportmail/reportmail/internal/oauth/tokenauth"
)

// The kinds of failure, for errors.Is. Every error from this package is an *Error with one
// of them as its Kind.
var (
	// ErrSignInAgain: the refresh token was refused (expired, revoked, password changed).
	// It is tokenauth's, so a mail server's refusal of an access token matches it too.
	ErrSignInAgain = tokenauth.ErrSignInAgain
	// ErrNotRegistered: the provider profile has no client ID for this service, or the
	// service does not know the one it has.
	ErrNotRegistered = errors.New("the app is not registered with this sign-in service")
	// ErrNotSignedIn: no refresh token is kept for this account.
	ErrNotSignedIn = errors.New("not signed in")
	// ErrNoBrowser: the browser could not be opened; the device sign-in still works.
	ErrNoBrowser = errors.New("no web browser could be opened")
	// ErrDenied: the person (or their organisation's policy) said no.
	ErrDenied = errors.New("the sign-in was declined")
	// ErrExpired: the sign-in was not finished in time (device code or browser wait).
	ErrExpired = errors.New("the sign-in was not finished in time")
	// ErrCanceled: the person (or the program) stopped the sign-in.
	ErrCanceled = errors.New("the sign-in was stopped")
	// ErrNoDevice: this service has no device sign-in.
	ErrNoDevice = errors.New("this service has no sign-in with a code")
	// ErrUnreachable: the sign-in service could not be reached; trying later may work.
	ErrUnreachable = errors.New("the sign-in service could not be reached")
	// ErrService: the sign-in service answered something Report Mail cannot use.
	ErrService = errors.New("the sign-in service gave an answer Report Mail cannot use")
)

// Error is a failed sign-in step. Code and Description are the service's RFC 6749 error
// words, for the log.
type Error struct {
	Op          string // "authorize", "token", "refresh", "device", "keychain"
	Kind        error
	Code        string
	Description string
	Err         error
}

func (e *Error) Error() string {
	s := "oauth " + e.Op + ": " + e.Kind.Error()
	if e.Code != "" {
		s += " (" + e.Code
		if e.Description != "" {
			s += ": " + e.Description
		}
		s += ")"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// kindForCode maps an RFC 6749 / RFC 8628 error code to a kind.
func kindForCode(op, code string) error {
	switch code {
	case "invalid_grant":
		if op == "refresh" {
			return ErrSignInAgain
		}
		return ErrService // a code or device code refused: start the sign-in over
	case "access_denied", "consent_required", "interaction_required":
		return ErrDenied
	case "expired_token":
		return ErrExpired
	case "invalid_client", "unauthorized_client", "unsupported_grant_type":
		return ErrNotRegistered
	case "temporarily_unavailable", "server_error":
		return ErrUnreachable
	}
	return ErrService
}
