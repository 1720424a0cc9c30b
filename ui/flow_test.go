package ui

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/samplezip"
	"github.com/reportmail/reportmail/internal/smtpfake"
)

const originalSubject = "False Negative: You have won a holiday"

// While a report is on its way the form shows progress, cannot be changed or sent twice,
// and offers Cancel; Cancel stops it and the report waits in the outbox.
func TestSendingShowsProgressAndCancelKeepsTheReport(t *testing.T) {
	srv, opt := startFake(t, smtpfake.Options{StallAtDot: true})
	h := newHarness(t, opt)
	h.useAccount(srv)
	f := h.dropOriginal()

	// A real sending goroutine, as in the app; the test waits for all of them.
	var wg sync.WaitGroup
	h.u.run = func(fn func()) {
		wg.Add(1)
		go func() { defer wg.Done(); fn() }()
	}
	h.do(func() {
		f.kind.SetSelected(kindChoices[0].label)
		test.Tap(f.sendBtn)
	})
	waitChan(t, "the server to stall", srv.Stalled())

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
		assertShows(t, "card while sending", got, "Sending to emailsupport@smxemail.com…", "Cancel")
		assertPlain(t, "card while sending", got)
	})
	if q := h.queued(); len(q) != 1 {
		t.Fatalf("while sending, the outbox holds %d reports, want 1", len(q))
	}

	h.do(func() { test.Tap(f.cancel) })
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	waitChan(t, "sending to stop after Cancel", done)
	h.u.run = func(fn func()) { fn() }

	got := screen(f.c.root)
	assertShows(t, "card after Cancel", got, "Stopped.", "kept under Sent reports")
	assertPlain(t, "card after Cancel", got)
	if f.sendBtn.Disabled() || f.progress.Visible() || f.cancel.Visible() {
		t.Error("after Cancel the form is still busy")
	}
	if n := len(srv.Delivered()); n != 0 {
		t.Errorf("the server accepted %d messages after Cancel", n)
	}
	q := h.queued()
	if len(q) != 1 || q[0].State != outbox.Queued {
		t.Fatalf("after Cancel the outbox holds %+v, want one queued report", q)
	}
	if len(h.history()) != 0 {
		t.Error("a stopped report is in the history")
	}

	h.u.tabs.SelectIndex(1)
	got = screen(h.u.outboxView.content)
	assertShows(t, "Sent reports after Cancel", got, originalSubject, "Waiting to be sent", "Try again")
	assertPlain(t, "Sent reports after Cancel", got)
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
	h.u.run = func(fn func()) { pending = append(pending, fn) }
	f.kind.SetSelected(kindChoices[0].label)
	test.Tap(f.sendBtn)
	if !f.cancel.Visible() {
		t.Fatal("no Cancel button once Send is pressed")
	}
	test.Tap(f.cancel)

	h.u.run = func(fn func()) { fn() }
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
		"choose Try again there")
	assertPlain(t, "card after a refusal", got)
	if f.sendBtn.Disabled() {
		t.Error("Send stays disabled after a refusal")
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

// With no account, Send offers a draft; the draft lands in the drafts folder marked
// unsent, from the address the person typed, and the card says where.
func TestDraftWithoutAccount(t *testing.T) {
	drafts := t.TempDir()
	t.Setenv("REPORTMAIL_DRAFTS", drafts)
	h := newHarness(t, Options{})
	f := h.dropOriginal()
	f.kind.SetSelected(kindChoices[1].label)
	f.note.SetText("My client's invoice went to junk.")

	test.Tap(f.sendBtn)
	ov := h.overlay()
	assertShows(t, "setup-or-draft dialog", screen(ov), "Set up sending first", "Set up my account", "Save as a draft instead")
	test.Tap(button(t, ov, "Save as a draft instead"))

	ov = h.overlay()
	assertShows(t, "address dialog", screen(ov), "Your email address", "you@example.co.nz")
	typeInto(find[*widget.Entry](ov, nil), testAddress)
	test.Tap(button(t, ov, "Save draft"))

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
	got := screen(f.c.root)
	assertShows(t, "card after saving a draft", got, "Draft saved as "+path, "press Send there")
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
	typeInto(find[*widget.Entry](ov, nil), "kate at example")
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
