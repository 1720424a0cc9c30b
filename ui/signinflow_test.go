package ui

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/autoconfig"
	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/testkit/dnstest"
	"github.com/reportmail/reportmail/internal/testkit/oauthserver"
)

var testMailServers = [2]provider.Server{{Host: "smtp.example.test", Port: 587}, {Host: "imap.example.test", Port: 993}}

// signInHarness is Settings with the test service, its background work on real goroutines
// (the sign-in waits for the browser or the code).
func signInHarness(t *testing.T, srv *oauthserver.Server, open func(string) error) *harness {
	t.Helper()
	h := newHarness(t, Options{})
	h.u.spawn = func(f func()) { go f() }
	h.u.signin.open = open
	h.do(func() {
		h.u.setProfile(signInProfile(srv, testMailServers[0], testMailServers[1]), "")
		h.u.showSettings()
		typeInto(h.u.settings.address, oauthserver.DefaultUser)
	})
	return h
}

// The built-in profile has no registration: the buttons are there, off, and say who must
// register the app.
func TestSignInButtonsNeedARegistration(t *testing.T) {
	u := newTestUI(t)
	u.showSettings()
	shown := screen(u.tabs.Items[tabSettings].Content)
	assertShows(t, "Settings", shown, plain.NotSignedIn, "Sign in with Microsoft 365", "Sign in with Google",
		plain.NotRegistered("Microsoft 365 and Google"))
	for _, name := range []string{"Microsoft 365", "Google"} {
		if !signInButton(t, u, name).Disabled() {
			t.Errorf("%s: the button works without a registration", name)
		}
	}
	if strings.Contains(shown, "Sign out") {
		t.Error("Sign out is offered with nobody signed in")
	}
}

// Cancel stops a sign-in waiting for the browser: nothing is signed in or kept.
func TestSignInCancel(t *testing.T) {
	srv := oauthserver.Start(t, oauthserver.Options{})
	opened := make(chan string, 1)
	h := signInHarness(t, srv, func(u string) error { opened <- u; return nil }) // nobody finishes
	h.do(func() { test.Tap(signInButton(t, h.u, "Microsoft 365")) })
	waitChan(t, "the sign-in page", opened)
	h.waitFor("the wait in the browser", func() bool { return h.u.settings.signin.waiting.Visible() })
	h.do(func() {
		assertShows(t, "Settings while signing in", screen(h.u.tabs.Items[tabSettings].Content),
			plain.WaitingForBrowser("Microsoft 365"), "Cancel", "Sign in with a code instead")
		test.Tap(button(t, h.u.tabs.Items[tabSettings].Content, "Cancel"))
	})
	h.waitFor("the sign-in to stop", func() bool { return h.u.settings.signin.attempt == nil })
	h.do(func() {
		p := h.u.settings.signin
		if p.status.Text != "The sign-in was stopped before it finished." || p.waiting.Visible() {
			t.Errorf("after Cancel: %q, waiting shown %v", p.status.Text, p.waiting.Visible())
		}
		if a := h.u.account(); a.SignIn != "" {
			t.Errorf("signed in after Cancel: %+v", a)
		}
		if signInButton(t, h.u, "Microsoft 365").Disabled() {
			t.Error("the button stays off after Cancel")
		}
	})
	if _, err := h.pw.Get("OAuth refresh token microsoft " + oauthserver.DefaultUser); err == nil {
		t.Error("a cancelled sign-in kept a token")
	}
}

// Without a browser the code and the page are shown, with Copy; typing the code in (the
// test server's Approve) finishes the sign-in.
func TestSignInWithACode(t *testing.T) {
	for _, how := range []string{"no browser", "asked for the code"} {
		t.Run(how, func(t *testing.T) {
			srv := oauthserver.Start(t, oauthserver.Options{DeviceInterval: 1})
			open := func(string) error { return errors.New("no browser on this computer") }
			opened := make(chan string, 1)
			if how != "no browser" {
				open = func(u string) error { opened <- u; return nil }
			}
			h := signInHarness(t, srv, open)
			h.do(func() { test.Tap(signInButton(t, h.u, "Microsoft 365")) })
			if how != "no browser" {
				waitChan(t, "the sign-in page", opened)
				h.do(func() { test.Tap(button(t, h.u.tabs.Items[tabSettings].Content, "Sign in with a code instead")) })
			}
			h.waitFor("the code", func() bool { return h.u.settings.signin.code.Visible() })
			var code string
			h.do(func() {
				p := h.u.settings.signin
				code = p.codeText
				shown := screen(h.u.tabs.Items[tabSettings].Content)
				assertShows(t, "Settings with the code", shown, plain.DeviceCode(srv.URL+"/device", code, "Microsoft 365"), "Copy the code", "Cancel")
				assertPlain(t, "Settings", shown)
				test.Tap(button(t, h.u.tabs.Items[tabSettings].Content, "Copy the code"))
				if got := h.u.app.Clipboard().Content(); got != code || code == "" {
					t.Errorf("clipboard %q, code %q", got, code)
				}
			})
			if !srv.Approve(code) {
				t.Fatalf("the server does not know the code %q", code)
			}
			h.waitFor("the sign-in", func() bool { return h.u.settings.signin.attempt == nil })
			h.do(func() {
				p := h.u.settings.signin
				if p.status.Text != plain.SignedInAs(oauthserver.DefaultUser, "Microsoft 365") {
					t.Errorf("after the code: %q", p.status.Text)
				}
				if a := h.u.account(); a.SignIn != "microsoft" || a.Host != "smtp.example.test" || a.Port != 587 {
					t.Errorf("saved %+v", a)
				}
			})
			if tok, err := h.pw.Get("OAuth refresh token microsoft " + oauthserver.DefaultUser); err != nil || tok == "" {
				t.Errorf("the refresh token was not kept: %v", err)
			}
		})
	}
}

// Find my settings suggests the sign-in for a domain whose mail is with Microsoft 365 (its
// MX) or Google.
func TestFindMySettingsSuggestsTheSignIn(t *testing.T) {
	dns := dnstest.Start(t, dnstest.Options{MX: map[string][]string{
		"contoso.example":   {"contoso-example.mail.protection.outlook.com"},
		"workspace.example": {"aspmx.l.google.com"},
	}})
	for _, tc := range []struct{ addr, service, other string }{
		{"kate@contoso.example", "Microsoft 365", "Google"},
		{"kate@workspace.example", "Google", "Microsoft 365"},
		{"kate@gmail.com", "Google", "Microsoft 365"},
	} {
		t.Run(tc.addr, func(t *testing.T) {
			h := newHarness(t, Options{})
			h.u.auto.options = func() autoconfig.Options {
				return autoconfig.Options{Profile: provider.Default(), ISPDBURL: autoconfig.NoISPDB,
					Dial: func(context.Context, string, string) (net.Conn, error) { return nil, errors.New("no web in this test") },
					Resolver: &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
						var d net.Dialer
						return d.DialContext(ctx, "udp", dns.Addr)
					}}}
			}
			h.do(func() {
				h.u.showSettings()
				typeInto(h.u.settings.address, tc.addr)
				test.Tap(h.u.settings.finder.button)
			})
			h.waitFor("the answer", func() bool {
				m := h.u.settings.finder.msg.Text
				return m != "" && !strings.HasPrefix(m, "Looking")
			})
			h.do(func() {
				shown := screen(h.u.tabs.Items[tabSettings].Content)
				assertShows(t, "Settings", shown, plain.SuggestSignIn(tc.service))
				assertPlain(t, "Settings", shown)
				if b := signInButton(t, h.u, tc.service); b.Importance != widget.HighImportance {
					t.Errorf("the %s button is not the one picked out", tc.service)
				}
				if b := signInButton(t, h.u, tc.other); b.Importance == widget.HighImportance {
					t.Errorf("the %s button is picked out too", tc.other)
				}
			})
		})
	}
}
