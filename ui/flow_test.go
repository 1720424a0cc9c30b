package ui

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/samplezip"
	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/testkit/smtpfake"
)

const originalSubject = "False Negative: You have won a holiday"

// While a report is on its way the form shows progress, cannot be changed or sent twice,
// and offers Cancel. Once the whole report is out it says it waits for the server to
// confirm; Cancel then cannot unsend it: the report "may have been delivered", is kept,
// never sent again by itself, and Sent reports offers Send again (after asking) with the
// same Message-ID.
func TestSendingShowsProgressAndCancelKeepsTheReport(t *testing.T) {
	srv, opt := startFake(t, smtpfake.Options{StallAtDot: true}, smtpfake.Options{})
	h := newHarness(t, opt)
	h.useAccount(srv)
	f := h.dropOriginal()

	// A real sending goroutine, as in the app; the test waits for all of them.
	var wg sync.WaitGroup
	h.u.spawn = func(fn func()) {
		wg.Add(1)
		go func() { defer wg.Done(); fn() }()
	}
	h.do(func() {
		f.kind.SetSelected(kindChoices[0].label)
		test.Tap(f.sendBtn)
	})
	waitChan(t, "the server to stall", srv.Stalled())
	h.waitFor("the card to say it waits for the server", func() bool { return f.status.Text == plain.Confirming })

	h.do(func() {
		card := f.c.root
		if !f.progress.Visible() {
			t.Error("no progress bar while sending")
		}
		if !f.sendBtn.Disabled() || !f.draftBtn.Disabled() || !f.kind.Disabled() {
			t.Error("the form can still be changed or sent again while sending")
		}
		if !f.cancel.Visible() {
			t.Fatal("no Cancel button while sending")
		}
		got := screen(card)
		assertShows(t, "card while waiting", got, "Waiting for the server to confirm…", "Cancel")
		assertPlain(t, "card while waiting", got)
	})
	if q := h.queued(); len(q) != 1 {
		t.Fatalf("while sending, the outbox holds %d reports, want 1", len(q))
	}

	h.do(func() { test.Tap(f.cancel) })
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	waitChan(t, "sending to stop after Cancel", done)
	h.u.spawn = func(fn func()) { fn() }

	got := screen(f.c.root)
	assertShows(t, "card after Cancel", got, "The server may have received this report", "kept under Sent reports")
	assertPlain(t, "card after Cancel", got)
	if f.progress.Visible() || f.cancel.Visible() {
		t.Error("after Cancel the form is still busy")
	}
	// It may have arrived: a second report of it must not be one click away.
	if !f.sendBtn.Disabled() || f.state != flowUnknown {
		t.Errorf("after Cancel while waiting, Send is live (state %v)", f.state)
	}
	q := h.queued()
	if len(q) != 1 || q[0].State != outbox.Unknown {
		t.Fatalf("after Cancel the outbox holds %+v, want one report of unknown outcome", q)
	}

	// The background retry leaves it alone.
	if res, _ := h.outbox().DeliverDue(context.Background(), send.Config{Host: srv.Host, Port: srv.Port, RootCAs: srv.PKI.Pool}, nil); len(res) != 0 {
		t.Fatalf("DeliverDue sent it again: %+v", res)
	}

	h.u.tabs.SelectIndex(1)
	view := h.u.outboxView.content
	got = screen(view)
	assertShows(t, "Sent reports after Cancel", got, originalSubject, "May have been delivered",
		"The server may have received this report", "Send again", "It arrived", "Remove")
	assertPlain(t, "Sent reports after Cancel", got)
	if strings.Contains(got, "Try again") || strings.Contains(got, h.dir) {
		t.Errorf("Sent reports offers Try again or names a folder:\n%s", got)
	}

	test.Tap(button(t, view, "Send again"))
	ov := h.overlay()
	assertShows(t, "send-again dialog", screen(ov), "Send this report again?", "may already have reached the support desk")
	test.Tap(button(t, ov, "No"))
	if len(h.history()) != 0 || len(srv.Sessions()) != 1 {
		t.Fatal("No sent it again")
	}
	test.Tap(button(t, view, "Send again"))
	test.Tap(button(t, h.overlay(), "Yes"))
	d := srv.Delivered()
	if len(d) != 1 || len(h.history()) != 1 {
		t.Fatalf("after Send again: %d delivered, %d in the history", len(d), len(h.history()))
	}
	first := srv.Sessions()[0].Messages[0].Data
	if id := h.history()[0].MessageID; !bytes.Contains(first, []byte(id)) || !bytes.Contains(d[0].Data, []byte(id)) {
		t.Errorf("the repeat does not carry the first Message-ID %s", id)
	}
}

// Cancel is on screen from the moment Send is pressed, while the report is still being
// prepared (the keychain can take seconds to answer, a large original to zip): pressing it
// then must stop the report too.
func TestCancelWhileGettingReadyStopsTheSend(t *testing.T) {
	srv, opt := startFake(t)
	h := newHarness(t, opt)
	h.useAccount(srv)
	f := h.dropOriginal()

	var pending []func()
	h.u.spawn = func(fn func()) { pending = append(pending, fn) }
	f.kind.SetSelected(kindChoices[0].label)
	test.Tap(f.sendBtn)
	if !f.cancel.Visible() {
		t.Fatal("no Cancel button once Send is pressed")
	}
	test.Tap(f.cancel)

	h.u.spawn = func(fn func()) { fn() }
	for _, fn := range pending {
		fn()
	}
	if n := len(srv.Delivered()); n != 0 {
		t.Errorf("Cancel was pressed, yet the server accepted %d reports", n)
	}
	assertShows(t, "card after an early Cancel", screen(f.c.root), "Stopped.")
}

// A permanent refusal: the card says so in one sentence with the server's own words, and
// Sent reports keeps it as "Not sent" with Try again, which sends it once the server
// accepts.
func TestRefusedReportIsExplainedAndCanBeRetried(t *testing.T) {
	srv, opt := startFake(t,
		smtpfake.Options{DotReply: "550 5.7.1 Message content rejected by policy"},
		smtpfake.Options{})
	h := newHarness(t, opt)
	h.useAccount(srv)
	f := h.dropOriginal()
	f.kind.SetSelected(kindChoices[0].label)
	test.Tap(f.sendBtn)

	got := screen(f.c.root)
	assertShows(t, "card after a refusal", got,
		"Your mail server refused the report. It said: “5.7.1 Message content rejected by policy”.",
		"choose Try again")
	assertPlain(t, "card after a refusal", got)
	if f.sendBtn.Disabled() || f.sendBtn.Text != "Try again" {
		t.Errorf("after a refusal the card does not offer Try again: %q disabled=%v", f.sendBtn.Text, f.sendBtn.Disabled())
	}
	q := h.queued()
	if len(q) != 1 || q[0].State != outbox.Failed {
		t.Fatalf("outbox after a refusal: %+v, want one failed report", q)
	}

	h.u.tabs.SelectIndex(1)
	view := h.u.outboxView.content
	got = screen(view)
	assertShows(t, "Sent reports after a refusal", got,
		originalSubject, "Spam that got through · Not sent", "Message content rejected by policy", "Try again", "No reports sent yet.")
	assertPlain(t, "Sent reports after a refusal", got)

	test.Tap(button(t, view, "Try again"))
	got = screen(view)
	assertShows(t, "Sent reports after Try again", got, "Nothing is waiting", originalSubject, "sent ")
	assertPlain(t, "Sent reports after Try again", got)
	if len(h.queued()) != 0 || len(h.history()) != 1 {
		t.Errorf("after Try again: %d queued, %d sent; want 0 and 1", len(h.queued()), len(h.history()))
	}
	if d := srv.Delivered(); len(d) != 1 || !strings.Contains(string(d[0].Data), "Subject: "+originalSubject) {
		t.Errorf("the server did not receive the report on Try again: %d messages", len(d))
	}
}

// A temporary refusal (451): the card says it is not sent yet and that the app tries again
// by itself; the report stays queued with a next attempt.
func TestTemporaryFailureSaysItTriesAgain(t *testing.T) {
	srv, opt := startFake(t, smtpfake.Options{RcptReply: "451 4.3.0 Mailbox temporarily unavailable"})
	h := newHarness(t, opt)
	h.useAccount(srv)
	f := h.dropOriginal()
	f.kind.SetSelected(kindChoices[1].label)
	test.Tap(f.sendBtn)

	got := screen(f.c.root)
	assertShows(t, "card after a 451", got, "Not sent yet", "tries again by itself")
	assertPlain(t, "card after a 451", got)
	q := h.queued()
	if len(q) != 1 || q[0].State != outbox.Queued || q[0].NextAttempt.IsZero() {
		t.Fatalf("outbox after a 451: %+v, want one queued report with a next attempt", q)
	}

	h.u.tabs.SelectIndex(1)
	got = screen(h.u.outboxView.content)
	assertShows(t, "Sent reports after a 451", got, "False Positive: You have won a holiday", "Real email that was blocked · Will try again at")
	assertPlain(t, "Sent reports after a 451", got)
}

// The temporary-failure sentence says once that the app tries again.
func TestTemporaryFailureSaysItOnce(t *testing.T) {
	srv, opt := startFake(t, smtpfake.Options{RcptReply: "451 4.3.0 Mailbox temporarily unavailable"})
	h := newHarness(t, opt)
	h.useAccount(srv)
	f := h.dropOriginal()
	f.kind.SetSelected(kindChoices[1].label)
	test.Tap(f.sendBtn)
	if n := strings.Count(strings.ToLower(f.status.Text), "try again") + strings.Count(f.status.Text, "tries again"); n != 1 {
		t.Errorf("the card says it tries again %d times: %q", n, f.status.Text)
	}
	if strings.Contains(f.status.Text, ": The ") {
		t.Errorf("a capital letter after the colon: %q", f.status.Text)
	}
}

// The report form refuses, in a sentence, what it cannot send: no choice made, and a virus
// sample without a zip password. The virus choice shows the password it will use.
func TestReportFormChecksTheChoices(t *testing.T) {
	srv, opt := startFake(t)
	h := newHarness(t, opt)
	h.useAccount(srv)
	f := h.dropOriginal()

	got := screen(f.box)
	assertShows(t, "report form", got, "What happened to this email?",
		kindChoices[0].label, kindChoices[1].label, kindChoices[2].label,
		"Send to the support desk", "Save as draft for my mail program")
	if strings.Contains(got, "Zip password") {
		t.Error("the zip password shows before the virus choice is made")
	}

	test.Tap(f.sendBtn)
	got = screen(f.box)
	assertShows(t, "form sent without a choice", got, "First choose what happened to this email.")
	assertPlain(t, "form sent without a choice", got)

	f.kind.SetSelected(kindChoices[2].label)
	got = screen(f.box)
	assertShows(t, "virus choice", got, "locked zip file", "Zip password:", samplezip.DefaultPassword)
	if f.password.Text != samplezip.DefaultPassword {
		t.Errorf("zip password is %q, want %q", f.password.Text, samplezip.DefaultPassword)
	}

	typeInto(f.password, "  ")
	test.Tap(f.sendBtn)
	got = screen(f.box)
	assertShows(t, "virus sample without a password", got, "The zip needs a password")
	assertPlain(t, "virus sample without a password", got)

	f.kind.SetSelected(kindChoices[0].label)
	if f.zipBox.Visible() {
		t.Error("the zip password stays after choosing spam")
	}
	if len(h.queued()) != 0 || len(srv.Sessions()) != 0 {
		t.Error("a refused form still queued or sent something")
	}
}

// With no account, Send asks what happened first, then offers a draft; the address
// field shows a whole long address; the draft is saved where the person chooses, starting in
// their documents folder, marked unsent, from the address they typed; the card says honestly
// whether the mail program was asked to open it, and Sent reports lists it with Open and
// Show in folder.
func TestDraftWithoutAccount(t *testing.T) {
	drafts := t.TempDir()
	t.Setenv("REPORTMAIL_DRAFTS", drafts)
	var opened []string
	openFails := false
	old := openURL
	openURL = func(_ fyne.App, u *url.URL) error {
		opened = append(opened, u.Path)
		if openFails {
			return errors.New("no handler")
		}
		return nil
	}
	t.Cleanup(func() { openURL = old })
	h := newHarness(t, Options{})
	f := h.dropOriginal()

	// What happened comes first: no address is asked for before it.
	test.Tap(f.sendBtn)
	if ov := h.u.Window.Canvas().Overlays().Top(); ov != nil {
		t.Fatalf("a dialog opened before the type of report was chosen:\n%s", screen(ov))
	}
	assertShows(t, "card without a type", screen(f.c.root), "First choose what happened to this email.")
	test.Tap(f.draftBtn)
	if ov := h.u.Window.Canvas().Overlays().Top(); ov != nil {
		t.Fatalf("the draft asked for an address before the type of report:\n%s", screen(ov))
	}

	f.kind.SetSelected(kindChoices[1].label)
	f.note.SetText("My client's invoice went to junk.")
	test.Tap(f.sendBtn)
	ov := h.overlay()
	assertShows(t, "setup-or-draft dialog", screen(ov), "Set up sending first", "Set up my account", "Save as a draft instead")
	if b := button(t, ov, "Save as a draft instead"); b.Icon == nil {
		t.Error("Save as a draft instead has no icon")
	}
	test.Tap(button(t, ov, "Save as a draft instead"))

	ov = h.overlay()
	assertShows(t, "address dialog", screen(ov), "Your email address", "you@example.co.nz")
	entry := &find[*dialogEntry](ov, nil).Entry
	long := "katherine.montgomery-smith@accounts.example.co.nz"
	typeInto(entry, long)
	need := fyne.MeasureText(long, theme.TextSize(), fyne.TextStyle{}).Width
	if w := entry.Size().Width; w < need {
		t.Errorf("the address field is %.0f wide, the address needs %.0f: it is cut off", w, need)
	}
	typeInto(entry, testAddress)
	test.Tap(button(t, ov, "Save draft"))

	// Where to save: a folder chooser that starts in the documents folder.
	ov = h.overlay()
	assertShows(t, "folder dialog", screen(ov), "Save here")
	test.Tap(button(t, ov, "Save here"))

	files, err := os.ReadDir(drafts)
	if err != nil || len(files) != 1 {
		t.Fatalf("drafts folder holds %v (%v), want one draft", files, err)
	}
	path := filepath.Join(drafts, files[0].Name())
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"X-Unsent: 1", "Subject: False Positive: You have won a holiday", testAddress, "My client's invoice went to junk."} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("draft lacks %q:\n%s", want, firstLines(raw, 30))
		}
	}
	if len(opened) != 1 || opened[0] != path {
		t.Errorf("opened %v, want the draft %s", opened, path)
	}
	got := screen(f.c.root)
	assertShows(t, "card after saving a draft", got, "Draft saved as “"+files[0].Name()+"”", "handed to your mail program", "check it there and press Send", "Open", "Show in folder")
	assertPlain(t, "card after saving a draft", got)
	if f.sendBtn.Disabled() {
		t.Error("the form stays busy after the draft")
	}
	if got := h.app.Preferences().String(prefAddress); got != testAddress {
		t.Errorf("typed address not remembered: %q", got)
	}
	if len(h.queued()) != 0 {
		t.Error("a draft went into the outbox")
	}

	// Sent reports lists it as a draft; Show in folder opens its folder.
	h.u.tabs.SelectIndex(1)
	view := h.u.outboxView.content
	got = screen(view)
	assertShows(t, "Sent reports after a draft", got, "Drafts for your mail program", "False Positive: You have won a holiday",
		"Real email that was blocked · draft · saved", files[0].Name(), "Open", "Show in folder")
	assertPlain(t, "Sent reports after a draft", got)
	test.Tap(button(t, view, "Show in folder"))
	if len(opened) != 2 || opened[1] != drafts {
		t.Errorf("Show in folder opened %v, want %s", opened, drafts)
	}

	// A second draft on a computer that cannot open it says so, and offers the folder.
	openFails = true
	h.u.tabs.SelectIndex(0)
	f.saveAsDraft()
	test.Tap(button(t, h.overlay(), "Save here"))
	got = screen(f.c.root)
	assertShows(t, "card when the draft cannot be opened", got, "could not open it in a mail program", "Show in folder")
	if strings.Contains(got, "handed to your mail program") {
		t.Errorf("the card says the draft opened although opening failed:\n%s", got)
	}
}

// The draft button asks for an address when none is known, and a mistyped one gets a
// sentence, not a draft that no mail program can send.
func TestDraftWithMistypedAddress(t *testing.T) {
	drafts := t.TempDir()
	t.Setenv("REPORTMAIL_DRAFTS", drafts)
	h := newHarness(t, Options{})
	f := h.dropOriginal()
	f.kind.SetSelected(kindChoices[0].label)
	test.Tap(f.draftBtn)
	ov := h.overlay()
	typeInto(&find[*dialogEntry](ov, nil).Entry, "kate at example")
	test.Tap(button(t, ov, "Save draft"))

	got := screen(h.u.Window.Canvas().Content()) + screen(h.u.Window.Canvas().Overlays().Top())
	assertPlain(t, "window after a mistyped address", got)
	if files, _ := os.ReadDir(drafts); len(files) != 0 {
		t.Errorf("a draft from %q was saved", "kate at example")
	}
	if strings.Contains(got, "did not expect") || !strings.Contains(strings.ToLower(got), "email address") {
		t.Errorf("a mistyped address is not explained:\n%s", got)
	}
	if a := h.app.Preferences().String(prefAddress); a != "" {
		t.Errorf("the mistyped address %q was remembered as the user's address", a)
	}
}
