package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/check"
	"github.com/reportmail/reportmail/internal/mailmsg"
	"github.com/reportmail/reportmail/internal/notice"
	"github.com/reportmail/reportmail/internal/report"
)

// Real notices from the shared corpus (LABELS.tsv), one per next step.
const (
	spamFull       = "bsd/lhost-postfix-39.eml"      // spamdetected, the whole email returned
	spamHeaders    = "bsd/lhost-barracuda-01.eml"    // spamdetected, only the returned header
	virusFull      = "bsd/lhost-postfix-62.eml"      // virusdetected, the whole email returned
	blockedRBL     = "bsd/lhost-amazonses-14.eml"    // blocked: 203.0.113.22 on mail.neko.example.org
	unknownFull    = "bsd/lhost-activehunter-01.eml" // userunknown, the whole email returned
	barracudaMsgID = "ad4be1052982bf7aa5558be760abbf74@neko.example.com"
)

func bouncePath(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join(corpusDir, "bounce", name))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Skip("the shared corpus is not beside this checkout (../shared/corpus/bounce): ", err)
	}
	return p
}

// dropNotice drops a corpus notice on the window and returns its card.
func dropNotice(h *harness, name string) *resultCard {
	h.t.Helper()
	p := bouncePath(h.t, name)
	var c *resultCard
	h.do(func() {
		h.u.HandleDrop(fyne.NewPos(5, 5), []fyne.URI{storage.NewFileURI(p)})
		c = h.u.report.cards[0]
	})
	// The check runs off the UI goroutine when the harness uses real goroutines.
	h.waitFor("the notice's card", func() bool { return c.result != nil })
	h.do(func() {
		if c.notice == nil {
			h.t.Fatalf("%s shows no rejection notice part:\n%s", name, screen(c.root))
		}
	})
	return c
}

// previewParts opens "What will be sent" and returns what it lists.
func previewParts(t *testing.T, f *reportFlow) string {
	t.Helper()
	test.Tap(f.preview.toggle)
	return screen(f.preview.box)
}

// attachments are the parts of a sent report after its summary: media type and file name.
func attachments(data []byte) []string {
	var out []string
	mailmsg.Walk(data, mailmsg.Limits{MaxDepth: 2}, func(p *mailmsg.Part) mailmsg.Action {
		if p.Depth == 1 && p.Type.Type != "text/plain" {
			out = append(out, p.Type.Type+" "+p.Disposition().Params["filename"])
		}
		return mailmsg.Continue
	})
	return out
}

// sentCopy is the sender's Sent Items copy of the email a headers-only notice returned:
// the returned header with a body, and the Message-ID replaced by id when id is not "".
func sentCopy(t *testing.T, c *resultCard, id string) string {
	t.Helper()
	hdr := c.item.Notice.ReturnedMessage
	if len(hdr) == 0 {
		t.Fatal("the notice holds no returned header to build the copy from")
	}
	hdr = bytes.ReplaceAll(hdr, []byte("test/plain"), []byte("text/plain; charset=us-ascii"))
	if id != "" {
		hdr = bytes.ReplaceAll(hdr, []byte(barracudaMsgID), []byte(id))
	}
	msg := append(bytes.TrimRight(hdr, "\r\n"), []byte("\r\n\r\nHello, this is the email that was blocked.\r\n")...)
	p := filepath.Join(t.TempDir(), "sent-copy.eml")
	if err := os.WriteFile(p, msg, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// A spam rejection that returned the whole email: the card says what happened and what came
// back, folds the remote server's words away, preselects a false positive, and the report
// carries the returned email and the notice as its two attachments.
func TestSpamNoticeWithWholeEmailReportsBoth(t *testing.T) {
	srv, opt := startFake(t)
	h := newHarness(t, opt)
	h.useAccount(srv)
	c := dropNotice(h, spamFull)
	n := c.item.Notice
	if n.Returned != notice.ReturnedFull || n.NextStep != notice.StepFalsePositive {
		t.Fatalf("corpus file changed: returned %s, next step %s", n.Returned, n.NextStep)
	}
	got := screen(c.root)
	assertShows(t, "spam notice card", got,
		"Rejection notice: a filter refused the email",
		"The receiving server refused the message because its filter judged the content to be spam.",
		"What came back: the whole email",
		"Details: who refused it and what their server said")
	assertPlain(t, "spam notice card", got)
	if d := n.Recipients[0].Diagnostic; strings.Contains(got, mailmsg.Shorten(mailmsg.OneLine(d), 30)) {
		t.Errorf("the remote server's words are not folded away:\n%s", got)
	}
	acc := find(c.root, func(a *widget.Accordion) bool { return true })
	if acc == nil {
		t.Fatal("no Details disclosure")
	}
	acc.Open(0)
	assertShows(t, "opened details", screen(c.root), "Their words: ")

	f := c.flow
	if f == nil || f.chosenKind() != report.FalsePositive || f.kind.Selected != kindChoices[1].label {
		t.Fatalf("the form is not preselected as a real email that was blocked: %+v", f)
	}
	parts := previewParts(t, f)
	assertShows(t, "what will be sent", parts, "3 parts", "the email, attached exactly as you received it",
		"rejection-notice.eml: the rejection notice the sender received")

	test.Tap(f.sendBtn)
	d := srv.Delivered()
	if len(d) != 1 {
		t.Fatalf("%d reports reached the server, want 1:\n%s", len(d), screen(c.root))
	}
	att := attachments(d[0].Data)
	if len(att) != 2 || !strings.HasPrefix(att[0], "message/rfc822") || att[1] != "message/rfc822 rejection-notice.eml" {
		t.Errorf("report attachments %q, want the returned email then rejection-notice.eml", att)
	}
	if !bytes.Contains(d[0].Data, []byte("Subject: False Positive: ")) {
		t.Errorf("the report is not a false positive:\n%s", firstLines(d[0].Data, 20))
	}
}

// A spam rejection with only the header returned: the card asks for the Sent copy; a copy
// of another email is refused with the mismatch sentence; the matching copy dropped on the
// window becomes the original and the report carries it and the notice.
func TestSpamNoticeWithHeaderPairsTheSentCopy(t *testing.T) {
	srv, opt := startFake(t)
	h := newHarness(t, opt)
	h.useAccount(srv)
	c := dropNotice(h, spamHeaders)
	got := screen(c.root)
	assertShows(t, "headers-only notice", got,
		"What came back: only the email's header", "Add my copy from Sent Items…",
		"The receiving server refused the message because its filter judged the content to be spam.")
	assertPlain(t, "headers-only notice", got)
	if c.flow != nil {
		t.Fatal("a report form is offered for the notice itself")
	}

	wrong := sentCopy(t, c, "other-email-1234@neko.example.com")
	h.do(func() { h.u.HandleDrop(fyne.NewPos(5, 5), []fyne.URI{storage.NewFileURI(wrong)}) })
	if len(h.u.report.cards) != 1 {
		t.Fatalf("the dropped copy got a card of its own instead of going to the waiting notice")
	}
	got = screen(c.root)
	assertShows(t, "card after a mismatched copy", got,
		"This copy does not seem to be the email the notice is about: the notice is about “Nyaan”",
		"Use this copy anyway", "Add my copy from Sent Items…")
	if c.flow != nil {
		t.Fatal("a mismatched copy was taken as the original")
	}

	right := sentCopy(t, c, "")
	h.do(func() { h.u.HandleDrop(fyne.NewPos(5, 5), []fyne.URI{storage.NewFileURI(right)}) })
	f := c.flow
	if f == nil {
		t.Fatalf("the matching copy did not lead to the report form:\n%s", screen(c.root))
	}
	got = screen(c.root)
	assertShows(t, "card after the matching copy", got, "Your copy sent-copy.eml matches the notice")
	if strings.Contains(got, "does not seem to be") {
		t.Errorf("the mismatch sentence is still shown:\n%s", got)
	}
	if f.chosenKind() != report.FalsePositive {
		t.Fatalf("kind %q, want a false positive", f.chosenKind())
	}
	assertShows(t, "what will be sent", previewParts(t, f), "original.eml: the email", "rejection-notice.eml: the rejection notice")

	test.Tap(f.sendBtn)
	d := srv.Delivered()
	if len(d) != 1 {
		t.Fatalf("%d reports reached the server, want 1:\n%s", len(d), screen(c.root))
	}
	att := attachments(d[0].Data)
	if len(att) != 2 || att[0] != "message/rfc822 original.eml" || att[1] != "message/rfc822 rejection-notice.eml" {
		t.Errorf("report attachments %q, want the Sent copy then rejection-notice.eml", att)
	}
	if !bytes.Contains(d[0].Data, []byte("Hello, this is the email that was blocked.")) {
		t.Error("the report does not carry the Sent copy's text")
	}
}

// A virus rejection: preselected as a virus sample, the returned email in a locked zip, and
// no notice beside it (that goes with a false positive only).
func TestVirusNoticePreselectsTheZippedSample(t *testing.T) {
	h := newHarness(t, Options{})
	c := dropNotice(h, virusFull)
	got := screen(c.root)
	assertShows(t, "virus notice", got, "Rejection notice: refused as a virus",
		"The receiving server refused the message because it found a virus in it.", "Zip password:")
	f := c.flow
	if f == nil || f.chosenKind() != report.Virus || !f.zipBox.Visible() {
		t.Fatalf("the form is not preselected as a virus sample:\n%s", got)
	}
	parts := previewParts(t, f)
	assertShows(t, "what will be sent", parts, "2 parts", "the email inside a locked zip")
	if strings.Contains(parts, "rejection-notice") {
		t.Errorf("a virus sample carries the notice beside the zip:\n%s", parts)
	}
}

// A blocklist rejection: the listed address, the list and its removal link are shown, and
// the one button asks the blocklists about the listed address and the sending domain.
func TestBlocklistNoticeLeadsToTheCheck(t *testing.T) {
	h := blHarness(t, blServer(t).Addr, blTestLists)
	c := dropNotice(h, blockedRBL)
	var got string
	h.do(func() { got = screen(c.root) })
	assertShows(t, "blocklist notice", got, "Rejection notice: the sending server is on a blocklist",
		"Listed: 203.0.113.22 on mail.neko.example.org", "How to get off this list", "Check the blocklists", "Report it anyway")
	if c.flow != nil {
		t.Error("the report form is the first choice for a blocklist rejection")
	}
	h.do(func() { test.Tap(button(t, c.root, "Check the blocklists")) })
	h.waitFor("the Blocklists screen", func() bool { return h.u.bl.screen != nil })
	h.do(func() {
		in := h.u.bl.screen.input.Text
		if !strings.Contains(in, "203.0.113.22") {
			t.Errorf("the blocklist check asks about %q, not the listed address", in)
		}
		if got := h.u.tabs.Selected().Text; got != blocklistTabTitle {
			t.Errorf("tab %q is showing, want the Blocklists screen", got)
		}
	})
	if ts := blocklistTargets(c.item.Notice); len(ts) < 2 || ts[0] != "203.0.113.22" {
		t.Errorf("blocklist targets %q, want the listed address then the sending domain", ts)
	}
}

// A wrong address: the card says plainly the filter did not block it, offers no report as
// the first choice, and the report is there only behind "Report it anyway".
func TestUnknownAddressNoticeSaysNotTheFilter(t *testing.T) {
	h := newHarness(t, Options{})
	c := dropNotice(h, unknownFull)
	got := screen(c.root)
	assertShows(t, "unknown-address notice", got, "Rejection notice: not blocked by the filter",
		"The address the message was sent to does not exist.",
		"This was not blocked by the filter: check the recipient's address and send the message again.",
		"Report it anyway")
	assertPlain(t, "unknown-address notice", got)
	if c.flow != nil || strings.Contains(got, "Send to the support desk") {
		t.Fatalf("a report is offered as the first choice:\n%s", got)
	}
	test.Tap(button(t, c.root, "Report it anyway"))
	if c.flow == nil || c.flow.chosenKind() != report.FalsePositive {
		t.Fatalf("Report it anyway does not lead to the report form:\n%s", screen(c.root))
	}
}

// Pairing by Message-ID: brackets, spaces and case do not matter; a notice naming no email
// pairs with any copy (the person decides); another Message-ID gets the sentence.
func TestMismatchSentence(t *testing.T) {
	cases := []struct {
		notice, copy, want string
	}{
		{"<abc@example.org>", "<abc@example.org>", ""},
		{" <ABC@example.org> ", "abc@example.org", ""},
		{"", "<abc@example.org>", ""},
		{"<abc@example.org>", "<other@example.org>", "This copy does not seem to be the email the notice is about: the notice is about “Nyaan” and this copy is “Hello”"},
		{"<abc@example.org>", "", "This copy does not seem to be the email the notice is about: "},
	}
	for _, c := range cases {
		n := &notice.Notice{Original: notice.Original{MessageID: c.notice, Subject: "Nyaan"}}
		res := &check.Result{}
		res.Message.MessageID, res.Message.Subject = c.copy, "Hello"
		got := mismatch(n, res)
		if c.want == "" && got != "" || c.want != "" && !strings.HasPrefix(got, c.want) {
			t.Errorf("mismatch(%q, %q) = %q, want it to start %q", c.notice, c.copy, got, c.want)
		}
	}
}

// The blocklist check asks about each listed address once, then the sending domain.
func TestBlocklistTargets(t *testing.T) {
	bl := &notice.Blocklist{Zone: "zen.spamhaus.org", Listed: "192.0.2.7"}
	n := &notice.Notice{
		Recipients: []notice.Recipient{{Blocklist: bl}, {Blocklist: bl}, {}},
		Original:   notice.Original{From: "Kate <Kate@Example.CO.NZ>"},
	}
	if got := strings.Join(blocklistTargets(n), " "); got != "192.0.2.7 example.co.nz" {
		t.Errorf("targets %q, want the listed address once, then the sending domain", got)
	}
}
