package send

import (
	"errors"
	"strings"

	"github.com/wneessen/go-mail/smtp"

	"github.com/reportmail/reportmail/internal/oauth/tokenauth"
)

// TokenRefused is a sign-in token the server (or the authorization server, when refreshing
// it) refused: only signing in again helps, so it is never retried by itself.
const TokenRefused Kind = "token-refused"

// ErrTokenRefused matches every TokenRefused error.
var ErrTokenRefused = &Error{Kind: TokenRefused}

// tokenAuth signs in with an OAuth 2.0 access token. auth has already checked that the
// connection is TLS; the token is fetched only now, so nothing asks for one (or refreshes
// one) for a server that was never going to get it.
func (s *session) tokenAuth(client *smtp.Client, offered []string) error {
	c := s.cfg
	mech := tokenauth.Pick(offered, c.TokenMech)
	if mech == "" {
		return &Error{Kind: AuthUnavailable, Op: "auth", Host: c.Host, Port: c.port(), Reply: "AUTH " + strings.Join(offered, " ")}
	}
	token, err := c.Token(s.ctx)
	if err != nil {
		if errors.Is(err, tokenauth.ErrSignInAgain) {
			return &Error{Kind: TokenRefused, Op: "token", Host: c.Host, Port: c.port(), Err: err}
		}
		// The authorization server could not be reached or answered oddly: worth another
		// try later, the sign-in itself may be fine.
		return &Error{Kind: Other, Op: "token", Host: c.Host, Port: c.port(), Temporary: true, Err: err}
	}
	a := &smtpToken{tokenauth.New(mech, c.Username, token, c.Host, c.port())}
	if err := client.Auth(a); err != nil {
		e := s.classify("auth", err)
		if r := a.c.Refused(); r != nil || e.Kind == AuthFailed {
			// 535 after the token went out: the token, not the user name, was refused.
			e.Kind, e.Temporary = TokenRefused, false
			if r != nil {
				e.Err = errors.Join(r, e.Err)
			}
		}
		return e
	}
	return nil
}

// smtpToken adapts the SASL client (the one IMAP uses too) to go-mail's smtp.Auth.
type smtpToken struct{ c *tokenauth.Client }

func (a *smtpToken) Start(*smtp.ServerInfo) (string, []byte, error) { return a.c.Start() }

func (a *smtpToken) Next(fromServer []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	return a.c.Next(fromServer)
}
