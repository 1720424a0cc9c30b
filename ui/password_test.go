package ui

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/secret"
	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/testkit/smtpfake"
)

// passwordPrompt is the password dialog on top of the window.
type passwordPrompt struct {
	root     fyne.CanvasObject
	field    *dialogEntry
	remember *dialogCheck
}

func (h *harness) passwordPrompt() passwordPrompt {
	h.t.Helper()
	ov := h.overlay()
	p := passwordPrompt{root: ov, field: find[*dialogEntry](ov, func(e *dialogEntry) bool { return e.Password })}
	p.remember = find[*dialogCheck](ov, nil)
	if p.field == nil || p.remember == nil {
		h.t.Fatalf("the dialog on top is not the password prompt:\n%s", screen(ov))
	}
	if f := h.u.Window.Canvas().Focused(); f != p.field {
		h.t.Errorf("the password prompt opens with the focus on %T, not in the password field", f)
	}
	return p
}

// answer types pw where the focus is and presses Enter, as a person would.
func (h *harness) answer(pw string) {
	h.t.Helper()
	f := h.u.Window.Canvas().Focused()
	if f == nil {
		h.t.Fatal("nothing has the focus to type the password into")
	}
	test.Type(f, pw)
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

// noKeychain makes h's window find no keychain on this computer, the store it uses instead
// being h.pw.
func (h *harness) noKeychain() {
	h.u.probe = func(context.Context) (secret.Store, bool, error) {
		return h.pw, false, &secret.Error{Op: "get", Kind: secret.ErrUnavailable}
	}
}

func stored(t *testing.T, h *harness, acc account) string {
	t.Helper()
	pw, err := h.pw.Get(acc.keychainKey())
	if err != nil && !errors.Is(err, secret.ErrNotFound) {
		t.Fatal(err)
	}
	return pw
}

// A password typed in the prompt and refused by the server is not remembered, even with
// "Remember" ticked; Try again asks for it again, says why, and the right one is then
// remembered.
func TestRefusedPasswordFromThePromptIsNotRemembered(t *testing.T) {
	srv, opt := startFake(t, smtpfake.Options{Users: map[string]string{testUser: testPassword}})
	h := newHarness(t, opt)
	acc := account{Address: testAddress, Host: srv.Host, Port: srv.Port, Security: send.StartTLS, Username: testUser}
	h.do(func() { h.u.saveAccount(acc) })
	f := h.dropOriginal()
	f.kind.SetSelected(kindChoices[0].label)
	test.Tap(f.sendBtn)

	p := h.passwordPrompt()
	if !p.remember.Checked || p.remember.Disabled() {
		t.Errorf("with a keychain, the Remember tick is not on: %q checked=%v disabled=%v", p.remember.Text, p.remember.Checked, p.remember.Disabled())
	}
	h.answer("wrong-password")
	if got := stored(t, h, acc); got != "" {
		t.Fatalf("the refused password %q was remembered", got)
	}
	assertShows(t, "card after the refusal", screen(f.c.root), "did not accept your user name or password")

	h.u.tabs.SelectIndex(1)
	test.Tap(button(t, h.u.outboxView.content, "Try again"))
	p = h.passwordPrompt()
	assertShows(t, "the prompt after a refusal", screen(p.root), "The mail server did not accept the password. Type it again")
	h.answer(testPassword)
	if d := srv.Delivered(); len(d) != 1 {
		t.Fatalf("Try again with the right password delivered %d reports", len(d))
	}
	if got := stored(t, h, acc); got != testPassword {
		t.Errorf("the accepted password is not remembered (store holds %q)", got)
	}
}

// A remembered password the server now refuses (changed elsewhere) is forgotten after the
// refusal, so Try again asks instead of failing the same way again.
func TestRememberedPasswordIsForgottenWhenRefused(t *testing.T) {
	srv, opt := startFake(t, smtpfake.Options{Users: map[string]string{testUser: "changed-on-the-server"}})
	h := newHarness(t, opt)
	acc := h.useAccount(srv) // remembers testPassword, which the server no longer takes
	f := h.dropOriginal()
	f.kind.SetSelected(kindChoices[0].label)
	test.Tap(f.sendBtn)
	if ov := h.u.Window.Canvas().Overlays().Top(); ov != nil {
		t.Fatalf("a prompt opened although a password is remembered:\n%s", screen(ov))
	}
	if got := stored(t, h, acc); got != "" {
		t.Fatalf("the refused password %q is still remembered", got)
	}
	q := h.queued()
	if len(q) != 1 || q[0].State != outbox.Failed {
		t.Fatalf("outbox after the refusal: %+v", q)
	}

	h.u.tabs.SelectIndex(1)
	test.Tap(button(t, h.u.outboxView.content, "Try again"))
	h.passwordPrompt()
	h.answer("changed-on-the-server")
	if d := srv.Delivered(); len(d) != 1 {
		t.Fatalf("Try again delivered %d reports", len(d))
	}
}

// Test connection with no password typed and none remembered asks for one, instead of
// signing in without and reporting the server's "no" as a wrong user name.
func TestTestConnectionWithoutPasswordAsksForIt(t *testing.T) {
	srv, opt := startFake(t, smtpfake.Options{Users: map[string]string{testUser: testPassword}})
	h := newHarness(t, opt)
	s := openSettings(h)
	h.do(func() {
		s.fill(testAddress, srv.Host, securityChoices[0], strconv.Itoa(srv.Port), testUser, "")
		test.Tap(s.testBtn)
	})
	h.do(func() {
		if strings.Contains(s.testMsg.Text, "user name") {
			t.Fatalf("Test connection blames the user name: %q", s.testMsg.Text)
		}
		p := h.passwordPrompt()
		assertShows(t, "the prompt from Test connection", screen(p.root), "Test connection needs the password", "Test", "Cancel")
		h.answer(testPassword)
	})
	h.waitFor("the connection test", func() bool { return !s.testBtn.Disabled() })
	h.do(func() {
		if want := "It works: Report Mail connected securely and signed in to " + srv.Host + "."; s.testMsg.Text != want {
			t.Errorf("after the prompt: %q, want %q", s.testMsg.Text, want)
		}
	})
	if srv.AuthAttempted() && len(srv.Sessions()) != 1 {
		t.Errorf("%d connections: Test connection signed in without a password first", len(srv.Sessions()))
	}

	// Cancelling the prompt says the test did not run.
	h2 := newHarness(t, opt)
	s2 := openSettings(h2)
	h2.do(func() {
		s2.fill(testAddress, srv.Host, securityChoices[0], strconv.Itoa(srv.Port), testUser, "")
		test.Tap(s2.testBtn)
		test.Tap(button(t, h2.passwordPrompt().root, "Cancel"))
		if s2.testBtn.Disabled() || !strings.HasPrefix(s2.testMsg.Text, "Not tested") {
			t.Errorf("after Cancel: button disabled=%v, message %q", s2.testBtn.Disabled(), s2.testMsg.Text)
		}
	})
}

// Where there is no keychain, the placeholder, the Remember tick (off, disabled, with the
// reason), the notice, the message after Save and the prompt's tick all say the same: the
// password is asked for each time.
func TestNoKeychainSaysOneThingEverywhere(t *testing.T) {
	srv, opt := startFake(t)
	h := newHarness(t, opt)
	h.noKeychain()
	s := openSettings(h)
	h.waitFor("the keychain check", func() bool { return s.password.PlaceHolder != "" })
	h.do(func() {
		if strings.Contains(s.password.PlaceHolder, "kept") || !strings.Contains(s.password.PlaceHolder, "each time") {
			t.Errorf("placeholder %q", s.password.PlaceHolder)
		}
		if s.remember.Checked || !s.remember.Disabled() || !strings.Contains(s.remember.Text, "no password keychain") {
			t.Errorf("Remember tick %q checked=%v disabled=%v", s.remember.Text, s.remember.Checked, s.remember.Disabled())
		}
		assertShows(t, "settings without a keychain", screen(s.content), secret.AskEachTime)
		s.fill(testAddress, srv.Host, securityChoices[0], strconv.Itoa(srv.Port), testUser, testPassword)
		test.Tap(button(t, s.content, "Save"))
	})
	h.waitFor("Save", func() bool { return s.testMsg.Text != "Saving…" })
	h.do(func() {
		if !strings.HasPrefix(s.testMsg.Text, "Saved. ") || !strings.HasSuffix(s.testMsg.Text, secret.AskEachTime) {
			t.Errorf("after Save: %q", s.testMsg.Text)
		}
		if strings.Contains(strings.ToLower(s.testMsg.Text), "kept in") {
			t.Errorf("after Save it claims the password is kept: %q", s.testMsg.Text)
		}
	})

	// The prompt's tick agrees.
	h.do(func() {
		h.u.askPassword(h.u.account(), "", func(string, bool) {})
		p := h.passwordPrompt()
		if p.remember.Checked || !p.remember.Disabled() || p.remember.Text != s.remember.Text {
			t.Errorf("prompt's tick %q checked=%v disabled=%v; Settings says %q", p.remember.Text, p.remember.Checked, p.remember.Disabled(), s.remember.Text)
		}
	})
}

// With a keychain, the same places name it and the tick is on.
func TestKeychainIsNamedEverywhere(t *testing.T) {
	h := newHarness(t, Options{})
	s := openSettings(h)
	h.waitFor("the keychain check", func() bool { return s.password.PlaceHolder != "" })
	w := secret.WordsFor(true, nil)
	h.do(func() {
		if s.password.PlaceHolder != w.Placeholder || s.remember.Text != w.Remember || !s.remember.Checked || s.remember.Disabled() {
			t.Errorf("placeholder %q, tick %q checked=%v disabled=%v", s.password.PlaceHolder, s.remember.Text, s.remember.Checked, s.remember.Disabled())
		}
		if s.keychain.Visible() {
			t.Errorf("a no-keychain notice shows although there is one: %q", s.keychain.Text)
		}
		s.fill(testAddress, "smtp.example.co.nz", securityChoices[0], "587", testUser, testPassword)
		test.Tap(button(t, s.content, "Save"))
	})
	h.waitFor("Save", func() bool { return s.testMsg.Text != "Saving…" })
	h.do(func() {
		if s.testMsg.Text != w.Kept {
			t.Errorf("after Save: %q, want %q", s.testMsg.Text, w.Kept)
		}
		// Unticked, the password is used this run but not kept in the keychain.
		s.remember.SetChecked(false)
		typeInto(s.password, "for-this-run-only")
		test.Tap(button(t, s.content, "Save"))
	})
	h.waitFor("Save", func() bool { return s.testMsg.Text != "Saving…" })
	var acc account
	h.do(func() {
		acc = h.u.account()
		if s.testMsg.Text != w.NotKept {
			t.Errorf("after Save unticked: %q, want %q", s.testMsg.Text, w.NotKept)
		}
	})
	if got := stored(t, h, acc); got != "" {
		t.Errorf("an unticked password reached the keychain, which holds %q", got)
	}
	if pw, _ := h.u.passwords().Get(acc.keychainKey()); pw != "for-this-run-only" {
		t.Errorf("an unticked password is not used this run (got %q)", pw)
	}
}
