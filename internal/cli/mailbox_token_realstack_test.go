package cli_test

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/cli"
	"github.com/reportmail/reportmail/internal/oauth"
	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/testkit/mailstacktest"
	"github.com/reportmail/reportmail/internal/testkit/oauthserver"
)

// `mailbox --auth oauth2` signs in to the real Dovecot with the token from
// REPORTMAIL_OAUTH_TOKEN (spec/cli.md, "Token sign-in"), which Dovecot checks at the test
// authorization server's introspection endpoint; no password is in the environment. (A
// refused token is not tried here: Dovecot would slow every later sign-in from 127.0.0.1,
// the other packages' tests included; internal/mailbox and internal/oauth test refusals.)
func TestMailboxTokenSignInRealStack(t *testing.T) {
	s := mailstacktest.Require(t)
	if s.OAuthIntrospectAddr == "" {
		t.Skip("the running mail stack predates token sign-in: restart it with the current scripts/mailstack.sh")
	}
	srv := oauthserver.Start(t, oauthserver.Options{Addr: s.OAuthIntrospectAddr, User: s.User})
	cfg := oauth.Config{
		Service: provider.OAuth{ID: "test", Name: "Test", ClientID: srv.ClientID(), AuthURL: srv.AuthURL(),
			TokenURL: srv.TokenURL(), DeviceURL: srv.DeviceURL(), Scopes: []string{"mail", "offline_access"}},
		Open: func(u string) error { // the person pressing "Accept"
			resp, err := (&http.Client{Timeout: 10 * time.Second}).Get(u)
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			return err
		},
		SignInTimeout: 30 * time.Second,
	}
	sess, err := cfg.SignIn(context.Background(), s.User)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := sess.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(cli.EnvOAuthToken, tok)
	t.Setenv(cli.EnvIMAPPassword, "")
	t.Setenv(cli.EnvPassword, "")
	r := runIn("mailbox", "folders", "--json", "--auth", "oauth2", "--imap-host", s.HostGood,
		"--imap-port", strconv.Itoa(s.IMAPS), "--imap-tls", "implicit", "--imap-user", s.User, "--ca-file", s.CAFile)
	if r.code != 0 || !strings.Contains(r.stdout, `"role": "junk"`) {
		t.Fatalf("mailbox folders with a token: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
	if srv.Count("introspect") == 0 {
		t.Error("Dovecot never asked about the token: it was not used")
	}
	// Without the token: one sentence naming the variable, before anything connects.
	t.Setenv(cli.EnvOAuthToken, "")
	r = runIn("mailbox", "folders", "--auth", "oauth2", "--imap-host", s.HostGood, "--imap-user", s.User)
	if r.code != 2 || !strings.Contains(oneSentence(t, r.stderr), cli.EnvOAuthToken) {
		t.Errorf("no token: exit %d %q", r.code, r.stderr)
	}
}
