package ui

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/mailbox"
	"github.com/reportmail/reportmail/internal/report"
	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/testkit/mailstacktest"
)

// mailboxHarness is the window with a sending account on the real Postfix; the incoming
// account is left for the test to set up.
func mailboxHarness(t *testing.T, st *mailstacktest.Stack) *harness {
	t.Helper()
	h := newHarness(t, Options{RootCAs: st.CertPool()})
	h.u.mbox.dir = t.TempDir()
	h.u.mbox.timeout = 15 * time.Second
	acc := account{Address: st.User, Host: "localhost", Port: st.SMTPSubmission, Security: send.StartTLS, Username: st.User}
	h.do(func() { h.u.saveAccount(acc) })
	if err := h.pw.Set(acc.keychainKey(), st.Password); err != nil {
		t.Fatal(err)
	}
	return h
}

func (h *harness) useIncoming(st *mailstacktest.Stack) incomingAccount {
	in := incomingAccount{Host: "localhost", Port: st.IMAPS, Security: send.Implicit, Username: st.User}
	h.do(func() { h.u.saveIncoming(in) })
	return in
}

// stackOriginal is testdata/original.eml with its own Message-ID and subject.
func stackOriginal(t *testing.T, subject string) (id string, raw []byte) {
	t.Helper()
	raw, err := readTestdata("original.eml")
	if err != nil {
		t.Fatal(err)
	}
	id = mailstacktest.NewMessageID()
	raw = bytes.Replace(raw, []byte("<20261109091358.1234@deals-example.test>"), []byte(id), 1)
	raw = bytes.Replace(raw, []byte("Subject: You have won a holiday"), []byte("Subject: "+subject), 1)
	return id, raw
}

// pick opens "Choose from my mailbox" (answering the password prompt with pw when one
// shows), chooses folder, searches for q and returns the picker.
func (h *harness) pick(folder, q, pw string) *mailPicker {
	h.t.Helper()
	h.do(func() { test.Tap(button(h.t, h.u.Window.Content(), "Choose from my mailbox")) })
	if pw != "" {
		h.do(func() { h.passwordPrompt(); h.answer(pw) })
	}
	var p *mailPicker
	h.do(func() {
		p = h.u.mbox.picker
		if p == nil || p.sess == nil {
			h.t.Fatalf("the picker did not open the mailbox:\n%s", screen(h.overlay()))
		}
		if folder != "Inbox" {
			p.folder.SetSelected(folder)
		}
		typeInto(&p.search.Entry, q)
		test.Tap(button(h.t, h.overlay(), "Search"))
	})
	return p
}

// A person with no incoming account is told how to set one up and led to it; the form
// starts from a guess. Then: choose a spam email in the Inbox (the password is asked, a
// wrong one refused), it is judged as a dropped file, reported to the real Postfix, and
// moved to Junk; a wanted email in Junk is reported and moved to the Inbox.
func TestChooseFromMailboxReportAndMove(t *testing.T) {
	st := mailstacktest.Require(t)
	h := mailboxHarness(t, st)
	tag := strings.Trim(mailstacktest.NewMessageID(), "<>")[:12]

	// No incoming account yet: the way to set one up.
	h.do(func() {
		test.Tap(button(t, h.u.Window.Content(), "Choose from my mailbox"))
		ov := h.overlay()
		assertShows(t, "the no-mailbox dialog", screen(ov), "incoming mail server (IMAP)")
		test.Tap(button(t, ov, "Set up my mailbox"))
		if h.u.tabs.SelectedIndex() != tabSettings {
			t.Fatalf("Set up my mailbox did not open Settings")
		}
		in := h.u.settings.incoming
		if h.u.Window.Canvas().Focused() != in.host {
			t.Errorf("the focus is not in the incoming server field")
		}
		if in.host.Text != "imap.example.test" || in.port.Text != "993" {
			t.Errorf("the incoming form starts with %q port %q, want the guess imap.example.test 993", in.host.Text, in.port.Text)
		}
		typeInto(in.host, "localhost")
		typeInto(in.port, strconv.Itoa(st.IMAPS))
		test.Tap(button(t, h.u.settings.content, "Save mailbox settings"))
		if got := h.u.incoming(); got.Host != "localhost" || got.Port != st.IMAPS || got.Security != send.Implicit {
			t.Fatalf("incoming account saved as %+v", got)
		}
		h.u.tabs.SelectIndex(tabReport)
	})

	spamID, spamRaw := stackOriginal(t, "You have won a holiday "+tag+"a")
	wantedID, wantedRaw := stackOriginal(t, "Your invoice "+tag+"b")
	st.Deliver(t, "INBOX", spamID, spamRaw)
	st.Deliver(t, "Junk", wantedID, wantedRaw)

	// The keychain has no password: the prompt asks; a wrong one is refused and asked again.
	h.do(func() { test.Tap(button(t, h.u.Window.Content(), "Choose from my mailbox")) })
	h.do(func() { h.passwordPrompt(); h.answer("not-the-password") })
	h.do(func() {
		assertShows(t, "the prompt after a wrong password", screen(h.passwordPrompt().root), "did not accept the password")
		h.answer(st.Password)
	})
	var p *mailPicker
	h.do(func() {
		p = h.u.mbox.picker
		if len(p.folder.Options) < 2 || p.folder.Options[0] != "Inbox" || p.folder.Options[1] != "Junk" {
			t.Fatalf("folders offered %q, want Inbox and Junk first", p.folder.Options)
		}
		if len(p.msgs) == 0 || len(p.msgs) > mailbox.PageSize {
			t.Fatalf("the Inbox lists %d messages", len(p.msgs))
		}
		if p.total > len(p.msgs) {
			test.Tap(p.older)
			if len(p.msgs) != min(p.total, 2*mailbox.PageSize) {
				t.Errorf("Show older: %d of %d listed", len(p.msgs), p.total)
			}
		}
		typeInto(&p.search.Entry, tag+"a")
		test.Tap(button(t, h.overlay(), "Search"))
		if len(p.msgs) != 1 || !strings.Contains(p.msgs[0].Subject, tag+"a") {
			t.Fatalf("search for %s found %+v", tag, p.msgs)
		}
		m := p.msgs[0]
		p.list.Resize(p.list.MinSize().AddWidthHeight(600, 200))
		got := screen(h.overlay())
		assertShows(t, "the picker", got, m.Subject, "Prize Team", formatWhen(m.Date), humanSize(m.Size), "1 email in Inbox match")
		if m.Seen {
			t.Errorf("the message is already marked read")
		}
		p.toggle(0)
		test.Tap(button(t, h.overlay(), "Report this email"))
	})
	if got := stored(t, h, h.u.incomingAsAccount(h.u.incoming())); got != st.Password {
		t.Errorf("the mailbox password that worked was not remembered (got %q)", got)
	}

	// Judged exactly as a dropped file, with the exact bytes Dovecot stored.
	var c *resultCard
	h.do(func() {
		c = h.u.report.cards[0]
		if c.flow == nil {
			t.Fatalf("the chosen email has no report form:\n%s", texts(c.root))
		}
		assertShows(t, "the card", texts(c.root), "This is the original email", "From your mailbox (Inbox)")
		if c.flow.chosenKind() != report.FalseNegative {
			t.Errorf("an email from the Inbox is preselected as %q", c.flow.chosenKind())
		}
	})
	fetched, err := os.ReadFile(c.path)
	if err != nil {
		t.Fatal(err)
	}
	// Dovecot stores LF line ends and serves CRLF, as IMAP says.
	want := bytes.ReplaceAll(st.Stored(t, "INBOX", spamID, 5*time.Second), []byte("\n"), []byte("\r\n"))
	if !bytes.Equal(fetched, want) {
		t.Errorf("the fetched original (%d bytes) differs from what Dovecot stored (%d bytes with CRLF)", len(fetched), len(want))
	}
	assertUnread(t, st, "INBOX", tag+"a")

	h.do(func() {
		c.flow.note.SetText(t.Name() + " spam")
		test.Tap(c.flow.sendBtn)
		assertShows(t, "the sent card", texts(c.root), "Sent to ", "Move it to Junk", "Move it to Trash")
	})
	st.WaitDelivered(t, func(raw []byte) bool { return bytes.Contains(raw, []byte(t.Name()+" spam")) }, 20*time.Second)
	h.do(func() {
		test.Tap(button(t, c.root, "Move it to Junk"))
		assertShows(t, "the card after moving", screen(c.root), "Moved the message to Junk.")
	})
	if !st.InFolder("Junk", spamID) || st.InFolder("INBOX", spamID) {
		t.Errorf("the spam was not moved from the Inbox to Junk")
	}

	// The wanted email in Junk: a false positive, moved to the Inbox; the session is reused.
	h.pick("Junk", tag+"b", "")
	h.do(func() {
		p := h.u.mbox.picker
		if len(p.msgs) != 1 {
			t.Fatalf("Junk search found %d", len(p.msgs))
		}
		p.toggle(0)
		test.Tap(button(t, h.overlay(), "Report this email"))
		c = h.u.report.cards[0]
		if c.flow == nil || c.flow.chosenKind() != report.FalsePositive {
			t.Fatalf("an email from Junk is not preselected as wanted:\n%s", texts(c.root))
		}
		c.flow.note.SetText(t.Name() + " wanted")
		test.Tap(c.flow.sendBtn)
		if screen(c.root) != "" && find(c.root, func(b *widget.Button) bool { return b.Text == "Move it to Junk" }) != nil {
			t.Errorf("a wanted email is offered a move to Junk")
		}
		test.Tap(button(t, c.root, "Move it to the Inbox"))
		assertShows(t, "the card after moving", screen(c.root), "Moved the message to Inbox.")
		assertPlain(t, "the card", screen(c.root))
	})
	if !st.InFolder("INBOX", wantedID) || st.InFolder("Junk", wantedID) {
		t.Errorf("the wanted email was not moved from Junk to the Inbox")
	}
}

// assertUnread checks with a session of its own that the message is still unread.
func assertUnread(t *testing.T, st *mailstacktest.Stack, folder, q string) {
	t.Helper()
	m, err := mailbox.Dial(context.Background(), mailbox.Config{Host: st.HostGood, Port: st.IMAPS, Security: send.Implicit,
		Username: st.User, Password: st.Password, RootCAs: st.CertPool(), Timeout: 15 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	page, err := m.List(folder, mailbox.ListOptions{Search: q})
	if err != nil || len(page.Messages) != 1 {
		t.Fatalf("list %s %q: %v %+v", folder, q, err, page)
	}
	if page.Messages[0].Seen {
		t.Errorf("fetching the original marked it read")
	}
}

// Twenty emails chosen in Junk are reported in one go, one report each, and the card lists
// each one's state; then all are moved to the Inbox.
func TestBulkOfTwentyFromJunk(t *testing.T) {
	st := mailstacktest.Require(t)
	h := mailboxHarness(t, st)
	in := h.useIncoming(st)
	if err := h.pw.Set(h.u.incomingAsAccount(in).keychainKey(), st.Password); err != nil {
		t.Fatal(err)
	}
	tag := strings.Trim(mailstacktest.NewMessageID(), "<>")[:12]
	var ids []string
	for i := range 20 {
		id, raw := stackOriginal(t, "Newsletter "+tag+" number "+strconv.Itoa(i))
		st.Deliver(t, "Junk", id, raw)
		ids = append(ids, id)
	}
	p := h.pick("Junk", tag, "")
	var c *resultCard
	h.do(func() {
		if len(p.msgs) != 20 {
			t.Fatalf("Junk search found %d of 20", len(p.msgs))
		}
		for i := range p.msgs {
			p.toggle(i)
		}
		test.Tap(button(t, h.overlay(), "Report these 20 emails"))
		c = h.u.report.cards[0]
		got := texts(c.root)
		assertShows(t, "the bulk card", got, "20 emails from Junk", "All 20 are original emails, ready to report.", "Send 20 reports")
		b := find(c.root, func(b *widget.Button) bool { return b.Text == "Send 20 reports" })
		test.Tap(b)
		got = texts(c.root)
		assertShows(t, "the bulk card after sending", got, "Sent 20 reports to ", "Move them to the Inbox")
		if n := strings.Count(got, "Sent at "); n != 20 {
			t.Errorf("%d of 20 rows say sent:\n%s", n, got)
		}
		assertPlain(t, "the bulk card", screen(c.root))
	})
	sent := 0
	for _, e := range h.history() {
		if strings.Contains(e.Subject, tag) && strings.HasPrefix(e.Subject, "False Positive: ") {
			sent++
		}
	}
	if sent != 20 {
		t.Errorf("%d false-positive reports in the history, want 20", sent)
	}
	h.do(func() {
		test.Tap(button(t, c.root, "Move them to the Inbox"))
		assertShows(t, "the bulk card after moving", screen(c.root), "Moved the 20 messages to Inbox.")
	})
	for _, id := range ids {
		if !st.InFolder("INBOX", id) {
			t.Errorf("%s was not moved to the Inbox", id)
		}
	}
}

func TestMovesAfterFitTheReport(t *testing.T) {
	inbox := mailbox.Folder{Name: "INBOX", Role: mailbox.RoleInbox}
	junk := mailbox.Folder{Name: "Junk", Role: mailbox.RoleJunk}
	other := mailbox.Folder{Name: "Work"}
	for _, tc := range []struct {
		kind report.Kind
		from mailbox.Folder
		want []mailbox.Role
	}{
		{report.FalseNegative, inbox, []mailbox.Role{mailbox.RoleJunk, mailbox.RoleTrash}},
		{report.FalseNegative, other, []mailbox.Role{mailbox.RoleJunk, mailbox.RoleTrash}},
		{report.FalseNegative, junk, nil},
		{report.FalsePositive, junk, []mailbox.Role{mailbox.RoleInbox}},
		{report.FalsePositive, inbox, nil},
		{report.Virus, inbox, []mailbox.Role{mailbox.RoleTrash}},
	} {
		var got []mailbox.Role
		for _, m := range movesAfter(tc.kind, tc.from, false) {
			got = append(got, m.role)
		}
		if strings.Join(roleWords(got), ",") != strings.Join(roleWords(tc.want), ",") {
			t.Errorf("%s from %s: offers %v, want %v", tc.kind, tc.from.Name, got, tc.want)
		}
	}
}

func roleWords(rs []mailbox.Role) []string {
	var out []string
	for _, r := range rs {
		out = append(out, string(r))
	}
	return out
}
