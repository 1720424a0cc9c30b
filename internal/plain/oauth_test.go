package plain

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/oauth"
	"github.com/reportmail/reportmail/internal/oauth/tokenauth"
	"github.com/reportmail/reportmail/internal/send"
)

func TestOAuthSentences(t *testing.T) {
	refused := &send.Error{Kind: send.TokenRefused, Op: "auth", Host: "smtp.example.com", Port: 587, Code: 535,
		Enhanced: "5.7.8", Reply: "Authentication failed", Err: &tokenauth.RefusedError{Mechanism: "XOAUTH2", Status: "401"}}
	seen := map[string]bool{}
	for _, tc := range []struct {
		name string
		err  error
		has  string
	}{
		{"mail server refused the token", refused, "sign in again"},
		{"refresh refused", &oauth.Error{Op: "refresh", Kind: oauth.ErrSignInAgain, Code: "invalid_grant"}, "sign in again"},
		{"refresh refused, wrapped by send", &send.Error{Kind: send.TokenRefused, Op: "token",
			Err: &oauth.Error{Op: "refresh", Kind: oauth.ErrSignInAgain}}, "sign in again"},
		{"not registered", &oauth.Error{Op: "authorize", Kind: oauth.ErrNotRegistered}, "IT provider"},
		{"not signed in", &oauth.Error{Op: "keychain", Kind: oauth.ErrNotSignedIn}, "not signed in"},
		{"no browser", &oauth.Error{Op: "authorize", Kind: oauth.ErrNoBrowser}, "code"},
		{"declined", &oauth.Error{Op: "authorize", Kind: oauth.ErrDenied, Code: "access_denied"}, "declined"},
		{"expired", &oauth.Error{Op: "device", Kind: oauth.ErrExpired}, "in time"},
		{"canceled", &oauth.Error{Op: "device", Kind: oauth.ErrCanceled}, "stopped"},
		{"no device", &oauth.Error{Op: "device", Kind: oauth.ErrNoDevice}, "browser"},
		{"unreachable", &oauth.Error{Op: "token", Kind: oauth.ErrUnreachable, Err: errors.New("dial tcp: i/o timeout")}, "internet"},
		{"odd answer", &oauth.Error{Op: "token", Kind: oauth.ErrService, Code: "weird"}, "cannot use"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Sentence(fmt.Errorf("wrapped: %w", tc.err))
			if !strings.Contains(s, tc.has) {
				t.Errorf("%q does not say %q", s, tc.has)
			}
			for _, bad := range []string{"oauth", "invalid_grant", "535", "XOAUTH2", "token refused", "i/o"} {
				if strings.Contains(s, bad) {
					t.Errorf("%q shows %q", s, bad)
				}
			}
			if strings.Count(strings.TrimSuffix(s, "."), ". ") > 0 || !strings.HasSuffix(s, ".") {
				t.Errorf("%q is not one sentence", s)
			}
			seen[s] = true
		})
	}
}
