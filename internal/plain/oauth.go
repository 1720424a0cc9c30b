package plain

import (
	"errors"

	"github.com/reportmail/reportmail/internal/oauth"
	"github.com/reportmail/reportmail/internal/send"
)

// SignInAgain is what a person is told when a sign-in token was refused, by the mail server
// or by Microsoft or Google when renewing it.
const SignInAgain = "Your sign-in has run out or was withdrawn, so nothing was sent; sign in again, then send the report again."

// oauthSentence words the token sign-in's errors. ok is false for anything else.
func oauthSentence(err error) (string, bool) {
	var se *send.Error
	if errors.As(err, &se) && se.Kind == send.TokenRefused || errors.Is(err, oauth.ErrSignInAgain) {
		return SignInAgain, true
	}
	var oe *oauth.Error
	if !errors.As(err, &oe) {
		return "", false
	}
	switch {
	case errors.Is(err, oauth.ErrNotRegistered):
		return "Report Mail is not registered with this sign-in service yet; your IT provider has to register it before you can sign in this way.", true
	case errors.Is(err, oauth.ErrNotSignedIn):
		return "You are not signed in with this account yet; use the sign-in button in Settings.", true
	case errors.Is(err, oauth.ErrNoBrowser):
		return "Report Mail could not open your web browser; choose “Sign in with a code” and open the page it shows on any device.", true
	case errors.Is(err, oauth.ErrDenied):
		return "The sign-in was declined, so Report Mail has no permission to send for you; sign in again and accept, or ask your IT person whether your organisation allows it.", true
	case errors.Is(err, oauth.ErrExpired):
		return "The sign-in was not finished in time; start it again.", true
	case errors.Is(err, oauth.ErrCanceled):
		return "The sign-in was stopped before it finished.", true
	case errors.Is(err, oauth.ErrNoDevice):
		return "This sign-in service has no sign-in with a code; sign in in your web browser instead.", true
	case errors.Is(err, oauth.ErrUnreachable):
		return "Report Mail could not reach the sign-in service; check your internet connection and try again.", true
	}
	return "The sign-in service gave an answer Report Mail cannot use; try again later, and tell your IT provider if it keeps happening.", true
}
