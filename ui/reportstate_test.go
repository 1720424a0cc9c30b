package ui

import (
	"context"
	"errors"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/testkit/smtpfake"
)

const tempFail = "451 4.3.0 Mailbox temporarily unavailable"

// recordOpens replaces the system's "open" for one test; fail makes it refuse.
func recordOpens(t *testing.T) (opened *[]string, fail *bool) {
	t.Helper()
	var got []string
	var f bool
	old := openURL
	openURL = func(_ fyne.App, u *url.URL) error {
		got = append(got, u.Path)
		if f {
			return errors.New("no handler")
		}
		return nil
	}
	t.Cleanup(func() { openURL = old })
	return &got, &f
}

// A second press of Send, Ctrl+Enter, the menu, or a second card of the same original
// never makes a second report while the first waits to be retried: one report, one state.
func TestTwoClicksQueueOneReport(t *testing.T) {
	srv, opt := startFake(t, smtpfake.Options{RcptReply: tempFail})
	h := newHarness(t, opt)
	h.useAccount(srv)
	f := h.dropOriginal()
	f.kind.SetSelected(kindChoices[0].label)
	test.Tap(f.sendBtn)
	test.Tap(f.sendBtn)
	f.send() // what Ctrl+Enter and the menu reach
	if f.state != flowWaiting || !f.sendBtn.Disabled() || !f.draftBtn.Disabled() {
		t.Errorf("after a temporary failure: state %v, Send disabled %v", f.state, f.sendBtn.Disabled())
	}
	assertShows(t, "card waiting to retry", screen(f.c.root), "Not sent yet", "tries again by itself at")

	// The same original dropped again: the new card shows the report on its way.
	g := h.dropOriginal()
	if g == f || g.state != flowWaiting || !g.sendBtn.Disabled() {
		t.Errorf("a second card of the same original: state %v, Send disabled %v", g.state, g.sendBtn.Disabled())
	}
	assertShows(t, "second card", screen(g.c.root), "Not sent yet")

	h.u.report.sendNewest()
	assertShows(t, "Send the newest report while it is on its way", screen(h.overlay()), "Your report is already on its way: Report Mail sends it only once.")

	if q := h.queued(); len(q) != 1 {
		t.Fatalf("the outbox holds %d reports, want 1", len(q))
	}
	if n := len(srv.Sessions()); n != 1 {
		t.Errorf("the server saw %d attempts, want 1", n)
	}
}

// Two presses before the first one's work has even started (a slow keychain) still make
// one report.
func TestTwoQuickClicksBeforeAnyWorkQueueOneReport(t *testing.T) {
	srv, opt := startFake(t, smtpfake.Options{RcptReply: tempFail})
	h := newHarness(t, opt)
	h.useAccount(srv)
	f := h.dropOriginal()
	var pending []func()
	h.u.spawn = func(fn func()) { pending = append(pending, fn) }
	f.kind.SetSelected(kindChoices[0].label)
	test.Tap(f.sendBtn)
	test.Tap(f.sendBtn)
	h.u.spawn = func(fn func()) { fn() }
	for _, fn := range pending {
		fn()
	}
	if q := h.queued(); len(q) != 1 {
		t.Fatalf("two quick presses queued %d reports", len(q))
	}
}

// When the background retry delivers the report, the card says so by itself, with the time.
func TestBackgroundRetryUpdatesTheCard(t *testing.T) {
	srv, opt := startFake(t, smtpfake.Options{RcptReply: tempFail}, smtpfake.Options{})
	h := newHarness(t, opt)
	h.useAccount(srv)
	f := h.dropOriginal()
	f.kind.SetSelected(kindChoices[0].label)
	test.Tap(f.sendBtn)
	q := h.queued()
	if len(q) != 1 || f.state != flowWaiting {
		t.Fatalf("after a 451: %+v, state %v", q, f.state)
	}
	// Time passes: the report is due, and the background pass sends it.
	if err := h.outbox().Retry(q[0].ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	h.u.retryDue(context.Background())

	hist := h.history()
	if len(hist) != 1 || len(srv.Delivered()) != 1 {
		t.Fatalf("the background retry did not deliver it: %d in the history", len(hist))
	}
	got := screen(f.c.root)
	assertShows(t, "card after the background retry", got, "Sent to ", "Sent at "+formatWhen(hist[0].SentAt))
	assertPlain(t, "card after the background retry", got)
	if f.state != flowSent {
		t.Errorf("state %v, want sent", f.state)
	}
}

// The same original reported again with the same type is asked about first; No sends
// nothing, Yes sends it; another type is not asked about.
func TestRepeatAsksBeforeSendingAgain(t *testing.T) {
	srv, opt := startFake(t)
	h := newHarness(t, opt)
	h.useAccount(srv)
	f := h.dropOriginal()
	f.kind.SetSelected(kindChoices[0].label)
	test.Tap(f.sendBtn)
	hist := h.history()
	if len(hist) != 1 {
		t.Fatal("the first report was not sent")
	}
	if err := h.outbox().SetCaseNumber(hist[0].ID, "123456"); err != nil {
		t.Fatal(err)
	}

	g := h.dropOriginal()
	if g.state != flowReady {
		t.Fatalf("a new card of a sent original is not ready: %v", g.state)
	}
	g.kind.SetSelected(kindChoices[0].label)
	test.Tap(g.sendBtn)
	ov := h.overlay()
	want := "You reported this email on " + time.Now().Format("2 January") + " (case 123456). Send it again?"
	assertShows(t, "repeat question", screen(ov), want)
	test.Tap(button(t, ov, "No"))
	if n := len(srv.Delivered()); n != 1 {
		t.Fatalf("No sent it again: %d deliveries", n)
	}
	if g.state != flowReady || g.sendBtn.Disabled() {
		t.Errorf("after No the card is not ready: %v", g.state)
	}
	test.Tap(g.sendBtn)
	test.Tap(button(t, h.overlay(), "Yes"))
	if n := len(srv.Delivered()); n != 2 || g.state != flowSent {
		t.Fatalf("Yes: %d deliveries, state %v", n, g.state)
	}

	k := h.dropOriginal()
	k.kind.SetSelected(kindChoices[1].label)
	test.Tap(k.sendBtn)
	if ov := h.u.Window.Canvas().Overlays().Top(); ov != nil {
		t.Errorf("another type is asked about:\n%s", screen(ov))
	}
	if n := len(srv.Delivered()); n != 3 {
		t.Errorf("another type: %d deliveries, want 3", n)
	}
}

// Before sending, "What will be sent" shows to whom, the subject and each attachment with
// its size.
func TestWhatWillBeSent(t *testing.T) {
	srv, opt := startFake(t)
	h := newHarness(t, opt)
	h.useAccount(srv)
	f := h.dropOriginal()
	test.Tap(button(t, f.box, "What will be sent"))
	assertShows(t, "preview without a type", screen(f.preview.box), "Choose what happened to this email first")

	f.kind.SetSelected(kindChoices[0].label)
	got := screen(f.preview.box)
	assertShows(t, "preview", got, "To: SMX Cloud Email Security <emailsupport@smxemail.com>", "From: "+testAddress,
		"Subject: "+originalSubject, "A short summary for the support desk",
		"original.eml: the email, attached exactly as you received it ("+humanSize(int64(len(f.c.item.Raw)))+")")
	assertPlain(t, "preview", got)

	f.kind.SetSelected(kindChoices[2].label)
	assertShows(t, "virus preview", screen(f.preview.box), "Subject: Virus sample: ", "virus-sample.zip: the email inside a locked zip (")
	if len(srv.Sessions()) != 0 || len(h.queued()) != 0 {
		t.Error("the preview sent or queued something")
	}
}

// A report larger than the server takes: both sizes, and what works instead (the draft; for
// a virus sample also the zip). Without a stated limit, the report's own size.
func TestTooLargeSaysBothSizesAndOffersWhatWorks(t *testing.T) {
	srv, opt := startFake(t, smtpfake.Options{SizeLimit: 1000})
	h := newHarness(t, opt)
	h.useAccount(srv)
	f := h.dropOriginal()
	f.kind.SetSelected(kindChoices[0].label)
	test.Tap(f.sendBtn)
	q := h.queued()
	if len(q) != 1 || q[0].State != outbox.Failed {
		t.Fatalf("outbox after a too-large report: %+v", q)
	}
	size := humanSize(q[0].Size)
	got := screen(f.c.root)
	assertShows(t, "card for a too-large report", got,
		"The report ("+size+") is larger than the 1000 bytes your mail server accepts.", "save it as a draft instead", "Save as a draft instead")
	assertPlain(t, "card for a too-large report", got)
	if strings.Contains(got, "Save the zip") {
		t.Error("a zip is offered for a report that is not a virus sample")
	}

	srv2, opt2 := startFake(t, smtpfake.Options{DotReply: "552 5.3.4 Message size exceeds fixed limit"})
	h2 := newHarness(t, opt2)
	h2.useAccount(srv2)
	g := h2.dropOriginal()
	g.kind.SetSelected(kindChoices[2].label)
	test.Tap(g.sendBtn)
	q = h2.queued()
	if len(q) != 1 {
		t.Fatal("no report kept")
	}
	got = screen(g.c.root)
	assertShows(t, "card for a too-large virus sample", got,
		"The report ("+humanSize(q[0].Size)+") is larger than your mail server accepts.", "Save the zip…", "Save as a draft instead")
}

// Open on a sent report opens its stored copy; when the computer cannot, it says so and
// offers the folder. A waiting row whose report was sent since still opens it.
func TestOpenOnASentReport(t *testing.T) {
	opened, fail := recordOpens(t)
	srv, opt := startFake(t, smtpfake.Options{RcptReply: tempFail}, smtpfake.Options{})
	h := newHarness(t, opt)
	h.useAccount(srv)
	f := h.dropOriginal()
	f.kind.SetSelected(kindChoices[0].label)
	test.Tap(f.sendBtn)
	h.u.tabs.SelectIndex(1)
	view := h.u.outboxView.content
	open := button(t, view, "Open") // drawn while the report waits in the queue

	q := h.queued()
	if err := h.outbox().Retry(q[0].ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := h.outbox().Deliver(context.Background(), q[0].ID, h.u.sendConfig(h.u.account(), testPassword), send.Hooks{}); err != nil {
		t.Fatal(err)
	}
	test.Tap(open)
	want := filepath.Join(h.outbox().Folder(q[0].ID), "message.eml")
	if len(*opened) != 1 || (*opened)[0] != want {
		t.Fatalf("Open opened %v, want %s", *opened, want)
	}
	if ov := h.u.Window.Canvas().Overlays().Top(); ov != nil {
		t.Errorf("Open showed a message although it worked:\n%s", screen(ov))
	}

	h.u.reportsChanged()
	*fail = true
	test.Tap(button(t, view, "Open"))
	got := screen(h.overlay())
	assertShows(t, "Open on a computer without a mail program", got, "no program set up to open emails", "Show in folder")
	assertPlain(t, "Open failure", got)
}

// Ctrl+Enter with no card at all says there is nothing to send, not that a report is on its way.
func TestSendNewestWithNothingDropped(t *testing.T) {
	_, opt := startFake(t, smtpfake.Options{})
	h := newHarness(t, opt)
	h.u.report.sendNewest()
	assertShows(t, "Send with nothing dropped", screen(h.overlay()), "There is no report waiting to be sent.")
}
