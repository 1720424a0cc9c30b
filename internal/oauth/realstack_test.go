package oauth_test

// Token sign-in against the real mail stack: Dovecot's oauth2 passdb asks this package's
// authorization server (internal/testkit/oauthserver, on the stack's introspection port)
// whether a token is live, and Postfix submission authenticates through Dovecot. This is
// the one test package that listens on that port, so everything that needs it is here and
// runs serially.

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-sasl"

	"github.com/reportmail/reportmail/internal/cli"
	"github.com/reportmail/reportmail/internal/mailbox"
	"github.com/reportmail/reportmail/internal/oauth"
	"github.com/reportmail/reportmail/internal/oauth/tokenauth"
	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/secret"
	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/testkit/mailstacktest"
	"github.com/reportmail/reportmail/internal/testkit/oauthserver"
)

type realEnv struct {
	s     *mailstacktest.Stack
	srv   *oauthserver.Server
	cfg   oauth.Config
	now   atomic.Int64 // the app's clock, UnixNano
	store *secret.Memory
}

func startReal(t *testing.T) *realEnv {
	s := mailstacktest.Require(t)
	if s.OAuthIntrospectAddr == "" {
		msg := "the running mail stack predates token sign-in (no MAILSTACK_OAUTH_PORT): restart it with the current scripts/mailstack.sh"
		if mailstacktest.Required() {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	e := &realEnv{s: s, store: secret.NewMemory()}
	e.srv = oauthserver.Start(t, oauthserver.Options{Addr: s.OAuthIntrospectAddr, User: s.User})
	e.now.Store(time.Now().UnixNano())
	e.cfg = oauth.Config{
		Service: provider.OAuth{ID: "test", Name: "Test", ClientID: e.srv.ClientID(),
			AuthURL: e.srv.AuthURL(), TokenURL: e.srv.TokenURL(), DeviceURL: e.srv.DeviceURL(),
			Scopes: []string{"mail", "offline_access"}},
		Store: e.store, Open: browser(t), SignInTimeout: 30 * time.Second,
	}
	oauth.SetClock(&e.cfg, func() time.Time { return time.Unix(0, e.now.Load()) })
	return e
}

func (e *realEnv) advance(d time.Duration) { e.now.Add(int64(d)) }

// browser follows the authorization URL as a person accepting would.
func browser(t *testing.T) func(string) error {
	return func(u string) error {
		resp, err := (&http.Client{Timeout: 10 * time.Second}).Get(u)
		if err != nil {
			t.Errorf("browser: %v", err)
			return nil
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return nil
	}
}

func (e *realEnv) signIn(t *testing.T) *oauth.Session {
	t.Helper()
	sess, err := e.cfg.SignIn(context.Background(), e.s.User)
	if err != nil {
		t.Fatalf("sign-in: %v", err)
	}
	return sess
}

// Dovecot delays every sign-in from an address that recently failed one (its auth
// penalty doubles with each failure, up to 15 s, longer than Postfix waits for it). So
// the good tokens come from one loopback address, and each token meant to be refused from
// a fresh one: a refusal then costs only the fixed failure delay, and none of them slows
// the other packages' tests on 127.0.0.1.
var goodSource = net.ParseIP("127.0.0.21")

func badSource() net.IP {
	b := make([]byte, 3)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return net.IPv4(127, 100+b[0]%100, b[1], 1+b[2]%250)
}

func (e *realEnv) smtp(port int, token func(context.Context) (string, error), mech string) send.Config {
	pool := e.s.CertPool()
	return send.Config{Host: e.s.HostGood, Port: port, Security: send.StartTLS, Username: e.s.User,
		Token: token, TokenMech: mech, RootCAs: pool, Timeout: 15 * time.Second,
		Dialer: &net.Dialer{LocalAddr: &net.TCPAddr{IP: goodSource}}}
}

// forgive signs in well from ip, which ends Dovecot's penalty for it.
func (e *realEnv) forgive(t *testing.T, sess *oauth.Session, ip net.IP) {
	t.Helper()
	c := e.smtp(e.s.SMTPSubmission, sess.Token, "")
	c.Dialer = &net.Dialer{LocalAddr: &net.TCPAddr{IP: ip}}
	if err := c.Probe(context.Background()); err != nil {
		t.Errorf("good sign-in from %s: %v", ip, err)
	}
}

func (e *realEnv) smtpBad(port int, token func(context.Context) (string, error), mech string) send.Config {
	c := e.smtp(port, token, mech)
	c.Dialer = &net.Dialer{LocalAddr: &net.TCPAddr{IP: badSource()}}
	return c
}

func message(id string) []byte {
	return []byte("From: <" + oauthserver.DefaultUser + ">\r\nTo: <emailsupport@smxemail.com>\r\n" +
		"Subject: False Negative: token test\r\nDate: Mon, 02 Nov 2026 09:00:00 +1300\r\n" +
		"Message-ID: " + id + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
		"Sent with a sign-in token.\r\n.A line with a dot.\r\n")
}

func (e *realEnv) sendOne(t *testing.T, cfg send.Config) (string, error) {
	id := mailstacktest.NewMessageID()
	err := cfg.Send(context.Background(), e.s.User, []string{"emailsupport@smxemail.com"}, message(id), nil)
	return id, err
}

func (e *realEnv) delivered(t *testing.T, id string) {
	t.Helper()
	e.s.WaitDelivered(t, mailstacktest.HasMessageID(id), 15*time.Second)
}

func static(tok string) func(context.Context) (string, error) {
	return func(context.Context) (string, error) { return tok, nil }
}

func TestRealTokenSignIn(t *testing.T) {
	e := startReal(t)
	sess := e.signIn(t)

	t.Run("send with each mechanism", func(t *testing.T) {
		for _, mech := range []string{tokenauth.XOAuth2, tokenauth.OAuthBearer, ""} {
			id, err := e.sendOne(t, e.smtp(e.s.SMTPSubmission, sess.Token, mech))
			if err != nil {
				t.Fatalf("%q: %v", mech, err)
			}
			e.delivered(t, id)
		}
		if e.srv.Count("introspect") < 3 {
			t.Errorf("Dovecot asked the introspection endpoint %d times; the tokens were not checked", e.srv.Count("introspect"))
		}
	})

	t.Run("a refused token is token-refused, for each mechanism", func(t *testing.T) {
		for _, mech := range []string{tokenauth.XOAuth2, tokenauth.OAuthBearer} {
			id, err := e.sendOne(t, e.smtpBad(e.s.SMTPSubmission, static("not-a-live-token"), mech))
			if !errors.Is(err, send.ErrTokenRefused) || send.IsTemporary(err) {
				t.Fatalf("%s: got %v, want a permanent token-refused", mech, err)
			}
			var r *tokenauth.RefusedError
			if !errors.As(err, &r) || r.Status == "" {
				t.Errorf("%s: the server's JSON refusal was not read: %v", mech, err)
			}
			if s := plain.Sentence(err); s != plain.SignInAgain {
				t.Errorf("%s: sentence %q", mech, s)
			}
			assertNotDelivered(t, e.s, id)
		}
	})

	t.Run("an expired access token is refreshed and the send succeeds", func(t *testing.T) {
		old, err := sess.Token(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		e.srv.ExpireAccessTokens()
		if _, err := e.sendOne(t, e.smtpBad(e.s.SMTPSubmission, static(old), "")); !errors.Is(err, send.ErrTokenRefused) {
			t.Fatalf("the expired token still works at the real server: %v", err)
		}
		before := e.srv.Count("refresh_token")
		e.advance(2 * time.Hour)
		id, err := e.sendOne(t, e.smtp(e.s.SMTPSubmission, sess.Token, ""))
		if err != nil {
			t.Fatalf("send after expiry: %v", err)
		}
		e.delivered(t, id)
		if e.srv.Count("refresh_token") != before+1 {
			t.Errorf("refreshes: %d, want %d", e.srv.Count("refresh_token"), before+1)
		}
	})

	t.Run("the mailbox reads with a token", func(t *testing.T) {
		for _, mech := range []string{tokenauth.XOAuth2, tokenauth.OAuthBearer} {
			m, err := mailbox.Dial(context.Background(), e.imap(sess, mech))
			if err != nil {
				t.Fatalf("%s: IMAP sign-in: %v", mech, err)
			}
			if _, err := m.Folders(); err != nil {
				t.Errorf("%s: folders: %v", mech, err)
			}
			m.Close()
		}
		// A dead token is refused by the real Dovecot over IMAP as well.
		cfg := e.imap(sess, tokenauth.XOAuth2)
		cfg.Dialer = &net.Dialer{LocalAddr: &net.TCPAddr{IP: badSource()}}
		cfg.SASL = func(offered []string) (sasl.Client, error) {
			return tokenauth.New(tokenauth.Pick(offered, ""), e.s.User, "not-a-live-token", e.s.HostGood, e.s.IMAPS), nil
		}
		if m, err := mailbox.Dial(context.Background(), cfg); !errors.Is(err, mailbox.ErrAuthFailed) {
			if m != nil {
				m.Close()
			}
			t.Errorf("dead token over IMAP: %v, want auth-failed", err)
		}
	})

	t.Run("an unreachable sign-in service is worth trying later", func(t *testing.T) {
		down := e.cfg
		down.Service.TokenURL = "http://127.0.0.1:1/token" // nothing listens on port 1
		s, err := down.Resume(e.s.User)
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.sendOne(t, e.smtp(e.s.SMTPSubmission, s.Token, ""))
		if send.KindOf(err) == send.TokenRefused || !send.IsTemporary(err) || !errors.Is(err, oauth.ErrUnreachable) {
			t.Fatalf("got %v, want a temporary failure (the sign-in is fine)", err)
		}
	})

	t.Run("the token never goes out before TLS", func(t *testing.T) {
		port := freePort(t)
		asked := false
		cfg := e.smtp(e.s.SMTPTrap, func(ctx context.Context) (string, error) { asked = true; return sess.Token(ctx) }, "")
		cfg.Dialer = &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(e.s.HostGood), Port: port}}
		id, err := e.sendOne(t, cfg)
		if send.KindOf(err) != send.NoStartTLS {
			t.Fatalf("trap port: %v, want no-starttls", err)
		}
		if asked {
			t.Error("a token was fetched for a connection without TLS")
		}
		line := e.s.TrapDisconnect(t, port, 10*time.Second)
		if strings.Contains(line, " auth=") || strings.Contains(line, " mail=") {
			t.Errorf("trap log: %s", line)
		}
		assertNotDelivered(t, e.s, id)
	})

	t.Run("cli submit --auth oauth2", func(t *testing.T) {
		tok, err := sess.Token(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		code, _, stderr := e.submit(t, tok)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		code, stdout, stderr := e.submit(t, "not-a-live-token")
		if code != 2 || strings.TrimSpace(stderr) != plain.SignInAgain {
			t.Errorf("refused token: exit %d, stderr %q, stdout %q", code, stderr, stdout)
		}
		// The CLI connects from 127.0.0.1, which the refusal just gave a penalty; a good
		// sign-in from there clears it for the other packages' tests.
		e.forgive(t, sess, net.ParseIP(e.s.HostGood))
	})

	t.Run("a revoked refresh token asks to sign in again", func(t *testing.T) {
		e.srv.RevokeRefreshTokens()
		e.advance(2 * time.Hour)
		id, err := e.sendOne(t, e.smtp(e.s.SMTPSubmission, sess.Token, ""))
		if !errors.Is(err, send.ErrTokenRefused) || !errors.Is(err, oauth.ErrSignInAgain) || send.IsTemporary(err) {
			t.Fatalf("got %v, want token-refused from the refused refresh", err)
		}
		if s := plain.Sentence(err); s != plain.SignInAgain {
			t.Errorf("sentence %q", s)
		}
		if _, err := e.cfg.Resume(e.s.User); !errors.Is(err, oauth.ErrNotSignedIn) {
			t.Errorf("the refused refresh token is still kept: %v", err)
		}
		assertNotDelivered(t, e.s, id)
	})
}

// imap is the snippet the app uses to read the mailbox with a session (mailbox.Config.SASL).
func (e *realEnv) imap(sess *oauth.Session, mech string) mailbox.Config {
	return mailbox.Config{Host: e.s.HostGood, Port: e.s.IMAPS, Security: send.Implicit, Username: e.s.User,
		RootCAs: e.s.CertPool(), Timeout: 15 * time.Second, Dialer: &net.Dialer{LocalAddr: &net.TCPAddr{IP: goodSource}},
		SASL: func(offered []string) (sasl.Client, error) {
			m := tokenauth.Pick(offered, mech)
			if m == "" {
				return nil, fmt.Errorf("%w: offered %v", mailbox.ErrNoMechanism, offered)
			}
			tok, err := sess.Token(context.Background())
			if err != nil {
				return nil, err
			}
			return tokenauth.New(m, e.s.User, tok, e.s.HostGood, e.s.IMAPS), nil
		}}
}

func (e *realEnv) submit(t *testing.T, token string) (int, string, string) {
	dir := t.TempDir()
	file := filepath.Join(dir, "original.eml")
	orig := "Return-Path: <winner@prizes.example>\r\n" +
		"Received: from mx.prizes.example (mx.prizes.example [203.0.113.7])\r\n" +
		"\tby mx.example.test with ESMTPS id 4AbCdE; Mon, 2 Nov 2026 09:00:00 +1300\r\n" +
		"From: \"Prize Desk\" <winner@prizes.example>\r\nTo: " + e.s.User + "\r\n" +
		"Subject: You won a prize\r\nDate: Mon, 2 Nov 2026 08:59:58 +1300\r\n" +
		"Message-ID: " + mailstacktest.NewMessageID() + "\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nClaim your prize now.\r\n"
	if err := os.WriteFile(file, []byte(orig), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(cli.EnvOAuthToken, token)
	t.Setenv(cli.EnvPassword, "")
	var stdout, stderr bytes.Buffer
	code := cli.Run([]string{"submit", "--type", "false-negative", "--from", e.s.User,
		"--smtp-host", e.s.HostGood, "--smtp-port", fmt.Sprint(e.s.SMTPSubmission), "--smtp-user", e.s.User,
		"--auth", "oauth2", "--ca-file", e.s.CAFile, "--outbox", filepath.Join(dir, "outbox"), file}, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func assertNotDelivered(t *testing.T, s *mailstacktest.Stack, id string) {
	t.Helper()
	time.Sleep(300 * time.Millisecond) // delivery is asynchronous; a refused message never comes
	match := mailstacktest.HasMessageID(id)
	for _, raw := range s.Delivered() {
		if match(raw) {
			t.Fatalf("message %s was delivered", id)
		}
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
