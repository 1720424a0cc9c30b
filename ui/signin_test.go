package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/zalando/go-keyring"

	"github.com/reportmail/reportmail/internal/mailbox"
	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/secret"
	"github.com/reportmail/reportmail/internal/testkit/mailstacktest"
	"github.com/reportmail/reportmail/internal/testkit/oauthserver"
)

// signInProfile is the built-in profile with "Microsoft 365" pointing at the test
// authorization server and the given mail servers, and Google left unregistered.
func signInProfile(srv *oauthserver.Server, smtp, imap provider.Server) provider.Profile {
	p := provider.Default()
	g, _ := p.OAuthByID("google")
	p.OAuth = []provider.OAuth{{ID: "microsoft", Name: "Microsoft 365", ClientID: srv.ClientID(),
		AuthURL: srv.AuthURL(), TokenURL: srv.TokenURL(), DeviceURL: srv.DeviceURL(),
		Scopes: []string{"mail", "offline_access"}, SMTP: smtp, IMAP: imap}, g}
	return p
}

// followSignIn is the browser: it opens the authorization URL and follows the redirect to
// the app's loopback listener, as a person pressing "Accept" makes it do.
func followSignIn(t *testing.T) func(string) error {
	return func(u string) error {
		resp, err := (&http.Client{Timeout: 10 * time.Second}).Get(u)
		if err != nil {
			t.Errorf("following the sign-in page: %v", err)
			return nil // the sign-in then stops on its own deadline, which the test reports
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return nil
	}
}

func signInButton(t *testing.T, u *UI, service string) *widget.Button {
	t.Helper()
	return button(t, u.tabs.Items[tabSettings].Content, plain.SignInButton(service))
}

// prefsText is everything in the preferences, for looking for what must not be there.
func prefsText(t *testing.T, a fyne.App) string {
	t.Helper()
	r, ok := a.Preferences().(interface{ ReadValues(func(map[string]any)) })
	if !ok {
		t.Fatalf("cannot read the test preferences (%T)", a.Preferences())
	}
	var s string
	r.ReadValues(func(m map[string]any) { s = fmt.Sprint(m) })
	return s
}

// anotherOriginal is testdata/original.eml with its own Message-ID and subject, so it is
// a new report rather than a repeat.
func anotherOriginal(t *testing.T, tag string) fyne.URI {
	t.Helper()
	raw, err := readTestdata("original.eml")
	if err != nil {
		t.Fatal(err)
	}
	raw = bytes.Replace(raw, []byte("<20261109091358.1234@deals-example.test>"), []byte("<"+tag+"@deals-example.test>"), 1)
	raw = bytes.Replace(raw, []byte("Subject: You have won a holiday"), []byte("Subject: You have won a holiday "+tag), 1)
	p := filepath.Join(t.TempDir(), tag+".eml")
	if err := os.WriteFile(p, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	return storage.NewFileURI(p)
}

// The window signs in with "Microsoft 365" (the test authorization server, which the real
// Dovecot asks about every token), sends a report with the token through the real Postfix
// submission port, reads the mailbox with it, and keeps the tokens in the keychain only.
// A refused refresh token puts "sign in again" and the button on the card; signing in
// again sends the report; Sign out takes the token out of the keychain.
func TestSignInSendsAReportWithAToken(t *testing.T) {
	st := mailstacktest.Require(t)
	if st.OAuthIntrospectAddr == "" {
		msg := "the running mail stack predates token sign-in: restart it with the current scripts/mailstack.sh"
		if mailstacktest.Required() {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	// A short access-token life makes every send refresh it first (it is inside the
	// refresh margin), so a revoked refresh token shows at the next send.
	srv := oauthserver.Start(t, oauthserver.Options{Addr: st.OAuthIntrospectAddr, User: st.User, AccessTTL: 2 * time.Minute})
	keyring.MockInit() // go-keyring's in-memory keychain stands for the OS one
	store := secret.NewKeyring(0)
	app := test.NewTempApp(t)
	u := New(app, Options{OutboxDir: t.TempDir(), Passwords: store, RootCAs: st.CertPool()})
	u.spawn = func(f func()) { f() }
	t.Cleanup(u.Window.Close)
	u.signin.open = followSignIn(t)
	u.setProfile(signInProfile(srv, provider.Server{Host: "localhost", Port: st.SMTPSubmission},
		provider.Server{Host: "localhost", Port: st.IMAPS}), "")
	keychainEntry := "OAuth refresh token microsoft " + st.User

	u.showSettings()
	s := u.settings
	typeInto(s.address, st.User)
	test.Tap(signInButton(t, u, "Microsoft 365"))
	shown := screen(u.tabs.Items[tabSettings].Content)
	assertShows(t, "Settings after signing in", shown, plain.SignedInAs(st.User, "Microsoft 365"), "Sign out")
	assertPlain(t, "Settings", shown)
	a := u.account()
	if a.SignIn != "microsoft" || a.Host != "localhost" || a.Port != st.SMTPSubmission || a.Username != st.User {
		t.Fatalf("saved account %+v", a)
	}
	refresh, err := keyring.Get(secret.Service, keychainEntry)
	if err != nil || refresh == "" {
		t.Fatalf("the refresh token is not in the keychain: %q, %v", refresh, err)
	}

	// The report goes out with the token: Dovecot asked the authorization server about it.
	u.tabs.SelectIndex(tabReport)
	u.HandleDrop(fyne.NewPos(5, 5), []fyne.URI{fileURI(t, "original.eml")})
	flow := findFlow(t, u)
	flow.note.SetText("Sent with a token. " + t.Name())
	flow.kind.SetSelected(kindChoices[0].label)
	before := srv.Count("introspect")
	test.Tap(flow.sendBtn)
	if got := texts(flow.c.root); !strings.Contains(got, "Sent to ") {
		t.Fatalf("card after sending with a token:\n%s", got)
	}
	st.WaitDelivered(t, func(raw []byte) bool { return bytes.Contains(raw, []byte("Sent with a token. "+t.Name())) }, 20*time.Second)
	if srv.Count("introspect") <= before {
		t.Error("the mail server did not check a token: the report did not go with one")
	}

	// The incoming mailbox signs in with the token too.
	cfg, ok := u.tokenMailbox(u.account())
	if !ok {
		t.Fatal("no mailbox for the signed-in account")
	}
	cfg.Timeout = 15 * time.Second
	cfg.RootCAs = u.serverRoots()
	m, err := mailbox.Dial(context.Background(), cfg)
	if err != nil {
		t.Fatalf("reading the mailbox with the token: %v (%s)", err, plain.Sentence(err))
	}
	if _, err := m.Folders(); err != nil {
		t.Errorf("folders: %v", err)
	}
	m.Close()

	// Tokens are in the keychain and in memory, never in the preferences.
	access, err := u.tokenSource(u.account())(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	refresh, _ = keyring.Get(secret.Service, keychainEntry) // it may have been renewed
	prefs := prefsText(t, app)
	for _, tok := range []string{access, refresh} {
		if strings.Contains(prefs, tok) {
			t.Errorf("a token is in the preferences: %s", prefs)
		}
	}
	if strings.Contains(strings.ToLower(prefs), "token") {
		t.Errorf("the preferences mention a token: %s", prefs)
	}

	// The authorization server refuses the refresh token (a password change, an
	// administrator's "revoke sessions"): nothing is sent, the card says to sign in again.
	srv.RevokeRefreshTokens()
	u.HandleDrop(fyne.NewPos(5, 5), []fyne.URI{anotherOriginal(t, "revoked"+mailstacktest.NewMessageID()[1:9])})
	flow = u.report.cards[0].flow
	if flow == nil {
		t.Fatal("no report form for the second original")
	}
	flow.note.SetText("After the revoke. " + t.Name())
	flow.kind.SetSelected(kindChoices[0].label)
	test.Tap(flow.sendBtn)
	card := texts(flow.c.root)
	if !strings.Contains(card, plain.SignInAgain) || !strings.Contains(card, "Sign in again") {
		t.Fatalf("card after the refused refresh:\n%s", card)
	}
	assertPlain(t, "card", card)
	if _, err := keyring.Get(secret.Service, keychainEntry); !errors.Is(err, keyring.ErrNotFound) {
		t.Errorf("the refused refresh token is still in the keychain: %v", err)
	}
	u.showSettings()
	assertShows(t, "Settings after the refused refresh", screen(u.tabs.Items[tabSettings].Content), plain.SignInAgain)
	u.tabs.SelectIndex(tabReport)

	// "Sign in again" on the card signs in (the browser follows at once), then Try again
	// sends the same report.
	test.Tap(button(t, flow.c.root, "Sign in again"))
	assertShows(t, "Settings after signing in again", screen(u.tabs.Items[tabSettings].Content), plain.SignedInAs(st.User, "Microsoft 365"))
	u.tabs.SelectIndex(tabReport)
	test.Tap(flow.sendBtn)
	if got := texts(flow.c.root); !strings.Contains(got, "Sent to ") {
		t.Fatalf("card after signing in again and Try again:\n%s", got)
	}
	st.WaitDelivered(t, func(raw []byte) bool { return bytes.Contains(raw, []byte("After the revoke. "+t.Name())) }, 20*time.Second)

	// Sign out removes the token from the keychain and the account's sign-in.
	u.showSettings()
	test.Tap(button(t, u.tabs.Items[tabSettings].Content, "Sign out"))
	if _, err := keyring.Get(secret.Service, keychainEntry); !errors.Is(err, keyring.ErrNotFound) {
		t.Errorf("Sign out left the refresh token in the keychain: %v", err)
	}
	if a := u.account(); a.SignIn != "" {
		t.Errorf("still signed in after Sign out: %+v", a)
	}
	assertShows(t, "Settings after Sign out", screen(u.tabs.Items[tabSettings].Content), plain.SignedOut, plain.SignInButton("Microsoft 365"))
}
