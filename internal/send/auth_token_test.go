package send_test

import (
	"context"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/oauth/tokenauth"
	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/testkit/smtpfake"
)

// The token is asked for only on a TLS connection whose server offers a token mechanism.
// Sending tokens, and their refusal, is tested against the real Postfix and Dovecot in
// internal/oauth (the one package that serves the stack's introspection port).
func TestTokenAuthBeforeTheToken(t *testing.T) {
	for _, tc := range []struct {
		name      string
		opt       smtpfake.Options
		kind      send.Kind
		temporary bool
		asked     bool
	}{
		{"no STARTTLS: never asked", smtpfake.Options{NoStartTLS: true}, send.NoStartTLS, false, false},
		{"no token mechanism: never asked", smtpfake.Options{}, send.AuthUnavailable, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := smtpfake.Start(t, tc.opt)
			cfg := config(srv)
			asked := false
			cfg.Password = ""
			cfg.Token = func(context.Context) (string, error) { asked = true; return "tok", nil }
			err := cfg.Probe(context.Background())
			if send.KindOf(err) != tc.kind || send.IsTemporary(err) != tc.temporary {
				t.Fatalf("got %v, want %s (temporary %v)", err, tc.kind, tc.temporary)
			}
			if asked != tc.asked {
				t.Errorf("token asked: %v, want %v", asked, tc.asked)
			}
			if srv.AuthAttempted() {
				t.Error("AUTH was sent")
			}
		})
	}
}

func TestTokenMechanismChoice(t *testing.T) {
	// The same choice the session makes, on what Microsoft 365 and Gmail announce.
	for offered, want := range map[string]string{
		"LOGIN XOAUTH2": tokenauth.XOAuth2, // smtp.office365.com
		"LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH": tokenauth.OAuthBearer, // smtp.gmail.com
	} {
		if got := tokenauth.Pick(strings.Fields(offered), ""); got != want {
			t.Errorf("%s: %s, want %s", offered, got, want)
		}
	}
}
