package oauth

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/secret"
	"github.com/reportmail/reportmail/internal/testkit/oauthserver"
)

// The authorization request is what RFC 8252 and RFC 7636 ask of a native app.
func TestSignInRequest(t *testing.T) {
	srv := oauthserver.Start(t, oauthserver.Options{})
	var seen url.URL
	c := newConfig(srv, secret.NewMemory())
	c.Open = follow(t, &seen)
	c.LoginHint = account
	s := signIn(t, c)
	q := seen.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || redirect.Scheme != "http" || redirect.Hostname() != "127.0.0.1" || redirect.Port() == "" || redirect.Port() == "80" {
		t.Errorf("redirect_uri %q: want http://127.0.0.1:RANDOM/", q.Get("redirect_uri"))
	}
	for k, want := range map[string]string{"response_type": "code", "code_challenge_method": "S256",
		"client_id": srv.ClientID(), "scope": "mail offline_access", "access_type": "offline", "login_hint": account} {
		if q.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, q.Get(k), want)
		}
	}
	if len(q.Get("code_challenge")) != 43 || len(q.Get("state")) < 32 {
		t.Errorf("challenge %q, state %q: want a SHA-256 challenge and a long random state", q.Get("code_challenge"), q.Get("state"))
	}
	if tok, err := s.Token(context.Background()); err != nil || !srv.Active(tok) {
		t.Errorf("token %q, %v: not a live token", tok, err)
	}
	// The listener is gone once the sign-in is over.
	if c, err := net.DialTimeout("tcp", redirect.Host, time.Second); err == nil {
		c.Close()
		t.Error("the loopback listener still accepts connections after the sign-in")
	}
}

// Two sign-ins at once get different ports, states and verifiers.
func TestSignInUsesFreshPortAndState(t *testing.T) {
	srv := oauthserver.Start(t, oauthserver.Options{})
	var a, b url.URL
	ca, cb := newConfig(srv, nil), newConfig(srv, nil)
	ca.Open, cb.Open = follow(t, &a), follow(t, &b)
	signIn(t, ca)
	signIn(t, cb)
	qa, qb := a.Query(), b.Query()
	for _, k := range []string{"state", "code_challenge"} {
		if qa.Get(k) == qb.Get(k) {
			t.Errorf("%s repeated across sign-ins: %q", k, qa.Get(k))
		}
	}
}

// A request to the listener without our state (a web page probing the port, a replayed
// redirect) is turned away and does not end the sign-in; the real redirect still works.
func TestSignInIgnoresWrongState(t *testing.T) {
	srv := oauthserver.Start(t, oauthserver.Options{})
	c := newConfig(srv, nil)
	var stray []int
	c.Open = func(u string) error {
		p, _ := url.Parse(u)
		redirect := p.Query().Get("redirect_uri")
		for _, q := range []string{"?code=evil&state=wrong", "?code=evil", "?error=access_denied&state=x"} {
			resp, err := http.Get(redirect + q)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			stray = append(stray, resp.StatusCode)
		}
		return follow(t, nil)(u)
	}
	s, err := c.SignIn(context.Background(), account)
	if err != nil {
		t.Fatalf("sign-in after stray requests: %v", err)
	}
	for _, code := range stray {
		if code != http.StatusBadRequest {
			t.Errorf("stray request answered %d, want 400", code)
		}
	}
	if tok, _ := s.Token(context.Background()); !srv.Active(tok) {
		t.Error("no live token")
	}
}

// The server's PKCE check: the code alone, or with another verifier, buys nothing.
func TestCodeNeedsTheVerifier(t *testing.T) {
	srv := oauthserver.Start(t, oauthserver.Options{})
	c := newConfig(srv, nil)
	cfg := c.oauth2()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	cfg.RedirectURL = "http://" + ln.Addr().String() + "/"
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	codeFor := func(challenge string) string {
		u := cfg.AuthCodeURL("st") + "&code_challenge_method=S256&code_challenge=" + challenge
		resp, err := noRedirect.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		loc, _ := url.Parse(resp.Header.Get("Location"))
		return loc.Query().Get("code")
	}
	// challenge for the verifier "a"*43 (RFC 7636 appendix B style, computed here)
	verifier := strings.Repeat("a", 43)
	challenge := s256(verifier)
	for _, tc := range []struct {
		name, verifier string
	}{{"no verifier", ""}, {"another verifier", strings.Repeat("b", 43)}} {
		code := codeFor(challenge)
		form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {cfg.RedirectURL},
			"client_id": {cfg.ClientID}, "code_verifier": {tc.verifier}}
		resp, err := http.PostForm(srv.TokenURL(), form)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(string(body), `"invalid_grant"`) {
			t.Errorf("%s: %d %s, want 400 invalid_grant", tc.name, resp.StatusCode, body)
		}
	}
	// Without a challenge there is no code at all.
	resp, err := noRedirect.Get(cfg.AuthCodeURL("st"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc, _ := url.Parse(resp.Header.Get("Location")); loc.Query().Get("error") != "invalid_request" {
		t.Errorf("no challenge: redirected to %s, want error=invalid_request", loc)
	}
}

func TestSignInFailures(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts oauthserver.Options
		edit func(*Config)
		want error
	}{
		{"declined", oauthserver.Options{Deny: true}, nil, ErrDenied},
		{"not registered", oauthserver.Options{}, func(c *Config) { c.Service.ClientID = "" }, ErrNotRegistered},
		{"no browser", oauthserver.Options{}, func(c *Config) { c.Open = nil }, ErrNoBrowser},
		{"browser fails", oauthserver.Options{}, func(c *Config) { c.Open = func(string) error { return errors.New("xdg-open: not found") } }, ErrNoBrowser},
		{"never comes back", oauthserver.Options{}, func(c *Config) {
			c.Open = func(string) error { return nil }
			c.SignInTimeout = 50 * time.Millisecond
		}, ErrExpired},
		{"wrong secret", oauthserver.Options{ClientSecret: "right"}, func(c *Config) { c.Service.ClientSecret = "wrong" }, ErrNotRegistered},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := oauthserver.Start(t, tc.opts)
			store := secret.NewMemory()
			c := newConfig(srv, store)
			c.Open = follow(t, nil)
			if tc.edit != nil {
				tc.edit(&c)
			}
			s, err := c.SignIn(context.Background(), account)
			if !errors.Is(err, tc.want) || s != nil {
				t.Fatalf("got %v, %v; want %v", s, err, tc.want)
			}
			if _, err := store.Get(c.keychainAccount(account)); !errors.Is(err, secret.ErrNotFound) {
				t.Errorf("something was kept in the keychain: %v", err)
			}
		})
	}
}

func TestSignInWithClientSecret(t *testing.T) {
	srv := oauthserver.Start(t, oauthserver.Options{ClientSecret: "not-really-secret"})
	c := newConfig(srv, nil)
	c.Service.ClientSecret = "not-really-secret"
	signIn(t, c)
}
