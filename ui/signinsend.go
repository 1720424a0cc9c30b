package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"github.com/emersion/go-sasl"

	"github.com/reportmail/reportmail/internal/mailbox"
	"github.com/reportmail/reportmail/internal/oauth"
	"github.com/reportmail/reportmail/internal/oauth/tokenauth"
	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/send"
)

// signInState is what the window keeps of the token sign-ins: the sessions (their access
// tokens live only here, in memory) and which sign-ins were refused. The refresh tokens are
// in the keychain, never in preferences. Safe on any goroutine.
type signInState struct {
	// open shows the sign-in page; nil is the system browser (Fyne's OpenURL). Tests
	// follow the URL with an HTTP client instead.
	open func(url string) error

	mu       sync.Mutex
	sessions map[string]*oauth.Session
	lost     map[string]bool // the last send found the sign-in refused: sign in again
}

func signInKey(service, addr string) string {
	return service + " " + strings.ToLower(strings.TrimSpace(addr))
}

func (s *signInState) session(key string) *oauth.Session {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions[key]
}

func (s *signInState) keep(key string, sess *oauth.Session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sessions == nil {
		s.sessions = map[string]*oauth.Session{}
	}
	if sess == nil {
		delete(s.sessions, key)
	} else {
		s.sessions[key] = sess
		delete(s.lost, key)
	}
}

func (s *signInState) setLost(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lost == nil {
		s.lost = map[string]bool{}
	}
	s.lost[key] = true
	delete(s.sessions, key) // the next try picks the kept refresh token up afresh, if any
}

func (s *signInState) isLost(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lost[key]
}

// withService finds the account's sign-in service in the profile in use. UI goroutine
// (the profile is the UI's).
func (a account) withService(p provider.Profile) account {
	a.svc = nil
	if a.SignIn != "" {
		if o, ok := p.OAuthByID(a.SignIn); ok {
			a.svc = &o
		}
	}
	return a
}

// oauthConfig is how the window signs in with svc for addr. Off the UI goroutine: the
// first call waits for the keychain probe.
func (u *UI) oauthConfig(svc provider.OAuth, addr string) oauth.Config {
	return oauth.Config{Service: svc, Store: u.passwordStore().keep, Open: u.openSignInPage, LoginHint: addr}
}

// accountPassword is the saved password of a password account, for sending; a signed-in
// account needs none ("", nil). Off the UI goroutine.
func (u *UI) accountPassword(a account) (string, error) {
	if a.SignIn != "" {
		return "", nil
	}
	return u.passwords().Get(a.keychainKey())
}

// sessionFor is the signed-in session of a, resumed from the keychain after a restart.
// Every way of not having one is ErrSignInAgain, so the report waits for a new sign-in
// instead of being retried against a server that can only say no.
func (u *UI) sessionFor(a account) (*oauth.Session, error) {
	key := signInKey(a.SignIn, a.Address)
	if s := u.signin.session(key); s != nil {
		return s, nil
	}
	if a.svc == nil {
		return nil, &oauth.Error{Op: "refresh", Kind: oauth.ErrSignInAgain,
			Err: fmt.Errorf("the provider profile has no sign-in service %q", a.SignIn)}
	}
	s, err := u.oauthConfig(*a.svc, a.Address).Resume(a.Address)
	if errors.Is(err, oauth.ErrNotSignedIn) {
		return nil, &oauth.Error{Op: "refresh", Kind: oauth.ErrSignInAgain, Err: err}
	}
	if err != nil {
		return nil, err // the keychain did not answer: worth another try later
	}
	u.signin.keep(key, s)
	return s, nil
}

// tokenSource is send.Config.Token for a signed-in account.
func (u *UI) tokenSource(a account) func(context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		s, err := u.sessionFor(a)
		if err != nil {
			return "", err
		}
		return s.Token(ctx)
	}
}

// withToken makes cfg sign in to a's server with the token instead of a password, and
// returns what learns from the outcome: a refused token marks the sign-in lost, so Settings
// and the report card offer the sign-in again.
func (u *UI) withToken(cfg *send.Config, a account) func(error) {
	cfg.Password, cfg.Username, cfg.Token = "", a.Address, u.tokenSource(a)
	key := signInKey(a.SignIn, a.Address)
	return func(err error) {
		if send.KindOf(err) == send.TokenRefused {
			if s := u.signin.session(key); s != nil {
				s.Invalidate()
			}
			u.signin.setLost(key)
			fyne.Do(func() {
				if u.settings != nil {
					u.settings.signin.showAccount() // "sign in again" and the button
				}
			})
		}
	}
}

// mailboxSASL signs a signed-in account in to its mailbox with the token (for
// mailbox.Config.SASL); nil for a password account. Off the UI goroutine.
func (u *UI) mailboxSASL(a account, host string, port int) func(offered []string) (sasl.Client, error) {
	if a.SignIn == "" {
		return nil
	}
	return func(offered []string) (sasl.Client, error) {
		mech := tokenauth.Pick(offered, "")
		if mech == "" {
			return nil, fmt.Errorf("%w: offered %v", mailbox.ErrNoMechanism, offered)
		}
		ctx, cancel := context.WithTimeout(u.life, oauth.DefaultHTTPTimeout)
		defer cancel()
		tok, err := u.tokenSource(a)(ctx)
		if err != nil {
			return nil, err
		}
		return tokenauth.New(mech, a.Address, tok, host, port), nil
	}
}

// tokenMailbox is the incoming mailbox of a signed-in account: the sign-in service's IMAP
// server, with the token. ok is false for a password account.
func (u *UI) tokenMailbox(a account) (mailbox.Config, bool) {
	if a.SignIn == "" || a.svc == nil {
		return mailbox.Config{}, false
	}
	host, port := a.svc.IMAP.Host, a.svc.IMAP.Port
	sec := send.Implicit
	if port == 143 {
		sec = send.StartTLS
	}
	// RootCAs stays empty: the kept certificate is a file, and this runs on the UI goroutine
	// too; withRoots fills it off it.
	return mailbox.Config{Host: host, Port: port, Security: sec, Username: a.Address,
		SASL: u.mailboxSASL(a, host, port)}, true
}
