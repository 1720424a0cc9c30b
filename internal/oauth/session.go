package oauth

import (
	"context"
	"errors"
	"sync"

	"golang.org/x/oauth2"

	"github.com/reportmail/reportmail/internal/secret"
)

// Session is one signed-in account. Its access token is in memory only; the refresh token
// is also in the keychain, so that Resume can pick the session up in the next run.
type Session struct {
	c       Config
	account string

	mu      sync.Mutex
	tok     *oauth2.Token
	refresh string
	keepErr error
}

func (c Config) newSession(account string, tok *oauth2.Token) (*Session, error) {
	if tok == nil || tok.AccessToken == "" {
		return nil, &Error{Op: "token", Kind: ErrService, Err: errors.New("no access token in the answer")}
	}
	s := &Session{c: c, account: account, tok: tok, refresh: tok.RefreshToken}
	if s.refresh != "" {
		s.keep()
	}
	return s, nil
}

// Resume picks up the session kept for account. Without a kept refresh token it is
// ErrNotSignedIn; the first Token call refreshes.
func (c Config) Resume(account string) (*Session, error) {
	if err := c.registered("refresh"); err != nil {
		return nil, err
	}
	if c.Store == nil {
		return nil, &Error{Op: "keychain", Kind: ErrNotSignedIn}
	}
	rt, err := c.Store.Get(c.keychainAccount(account))
	if errors.Is(err, secret.ErrNotFound) || err == nil && rt == "" {
		return nil, &Error{Op: "keychain", Kind: ErrNotSignedIn, Err: err}
	}
	if err != nil {
		return nil, err // the keychain's own error: locked, not there, timed out
	}
	return &Session{c: c, account: account, refresh: rt}, nil
}

// SignOut forgets the kept refresh token for account. The service may keep the grant
// until it expires; the person can withdraw it on their account page.
func (c Config) SignOut(account string) error {
	if c.Store == nil {
		return nil
	}
	return c.Store.Delete(c.keychainAccount(account))
}

// Account is the mail address the session signs in.
func (s *Session) Account() string { return s.account }

// KeepErr says why the refresh token could not be kept in the keychain (nil when it is):
// the session then ends with this run of the app.
func (s *Session) KeepErr() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.keepErr
}

// Token returns an access token valid for at least the margin, refreshing it first when
// needed. A refused refresh token is ErrSignInAgain, and it is removed from the keychain.
// It has send.Config.Token's shape.
func (s *Session) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok != nil && s.tok.AccessToken != "" &&
		(s.tok.Expiry.IsZero() || s.c.clock().Add(s.c.margin()).Before(s.tok.Expiry)) {
		return s.tok.AccessToken, nil
	}
	if s.refresh == "" {
		return "", &Error{Op: "refresh", Kind: ErrSignInAgain, Err: errors.New("no refresh token")}
	}
	src := s.c.oauth2().TokenSource(s.c.ctx(ctx), &oauth2.Token{RefreshToken: s.refresh})
	tok, err := src.Token()
	if err != nil {
		err = tokenError("refresh", err)
		if errors.Is(err, ErrSignInAgain) {
			s.tok, s.refresh = nil, ""
			if s.c.Store != nil {
				_ = s.c.Store.Delete(s.c.keychainAccount(s.account)) // dead: keep nothing
			}
		}
		return "", err
	}
	s.tok = tok
	if tok.RefreshToken != "" && tok.RefreshToken != s.refresh {
		// Microsoft hands out a new refresh token with each refresh: keep the newest.
		s.refresh = tok.RefreshToken
		s.keep()
	}
	return tok.AccessToken, nil
}

// Invalidate drops the access token, so the next Token refreshes: for when a mail server
// refused a token this session still thought valid.
func (s *Session) Invalidate() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tok = nil
}

// keep saves the refresh token; called with s.mu held (or before s is shared).
func (s *Session) keep() {
	if s.c.Store == nil {
		return
	}
	s.keepErr = s.c.Store.Set(s.c.keychainAccount(s.account), s.refresh)
}
