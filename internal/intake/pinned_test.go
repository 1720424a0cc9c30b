package intake

import (
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// The disagreements issue 9 pinned, as intake meets them: intake reads headers the way
// mailmsg does for everyone else, so the mailbox picker, the result card and the check agree.

// latinMbox is a mailbox whose second message has a raw Latin-1 subject and sender name (no
// encoded words) and a date in New Zealand daylight time.
const latinMbox = "From a@b.example Mon Jan 13 21:00:00 2025\n" +
	"From: a@b.example\nSubject: first\nDate: Mon, 13 Jan 2025 21:00:00 +0000\n\nbody one\n\n" +
	"From c@d.example Tue Jan 14 10:00:00 2025\n" +
	"From: Ren\xe9e <c@d.example>\nSubject: caf\xe9\nDate: Tue, 14 Jan 2025 10:00:00 NZDT\n" +
	"Content-Type: text/plain; charset=iso-8859-1\n\nbody two\n"

func TestPickerReadsHeadersAsEveryoneElse(t *testing.T) {
	it, err := Read("latin.mbox", []byte(latinMbox), Options{})
	if err != nil || len(it.Mbox) != 2 {
		t.Fatalf("Read: %v, %d messages", err, len(it.Mbox))
	}
	e := it.Mbox[1]
	if e.Subject != "café" {
		t.Errorf("Subject %q, want %q", e.Subject, "café")
	}
	if e.From != "Renée <c@d.example>" {
		t.Errorf("From %q", e.From)
	}
	got, err := time.Parse(time.RFC3339, e.Date)
	want := time.Date(2025, 1, 13, 21, 0, 0, 0, time.UTC) // 10:00 at +13:00
	if err != nil || !got.Equal(want) {
		t.Errorf("Date %q, want the instant %s", e.Date, want)
	}
	// The picker shows what the message itself shows once picked.
	picked, err := Read("latin.mbox", []byte(latinMbox), Options{MboxIndex: 2})
	if err != nil {
		t.Fatal(err)
	}
	h := mailmsg.ParseHeader(picked.Raw)
	if s, _ := h.Text("Subject"); s != e.Subject {
		t.Errorf("picked message's subject %q, picker %q", s, e.Subject)
	}
}

// forwardAsAttachment is a delivered forward whose attached message was never delivered:
// only the forward prefix of the subject says it is a forward to unwrap.
func forwardAsAttachment(subject, from string) []byte {
	return []byte("Received: from mx.example by mx.example; Tue, 14 Jan 2025 10:00:00 +0000\r\n" +
		"From: " + from + "\r\nTo: me@example.org\r\nSubject: " + subject + "\r\n" +
		"Date: Tue, 14 Jan 2025 10:00:00 +0000\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n" +
		"--b\r\nContent-Type: text/plain\r\n\r\nsee below\r\n" +
		"--b\r\nContent-Type: message/rfc822\r\n\r\n" +
		"From: spammer@bad.example\r\nTo: me@example.org\r\nSubject: win\r\n" +
		"Date: Mon, 13 Jan 2025 10:00:00 +0000\r\nMessage-ID: <x@bad.example>\r\n\r\nbuy\r\n" +
		"--b--\r\n")
}

func TestForwardPrefixes(t *testing.T) {
	for _, c := range []struct {
		subject string
		unwrap  bool
	}{
		{"Fwd: win", true},
		{"FW: win", true},
		{"WG: win", true},
		{"TR: win", true},
		{"RV: win", true},
		{"Doorst: win", true},
		{"PD: win", true},  // Polish Outlook
		{"İlt: win", true}, // Turkish Outlook
		{"转发: win", true},  // Chinese Outlook
		{"VL: win", true},  // Finnish Outlook
		{"Fwd[2]: win", true},
		{"[EXTERNAL] Fwd: win", true},
		{"=?utf-8?q?Fwd=3A_win?=", true},
		// VS is a forward in Danish and Norwegian and a reply in Finnish; with the message
		// attached it is taken as the forward, as before.
		{"VS: win", true},
		{"Re: win", false},
		{"SV: win", false},
		{"win", false},
	} {
		it, err := Read("fwd.eml", forwardAsAttachment(c.subject, "Anna <anna@example.org>"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := it.Wrapper != nil; got != c.unwrap {
			t.Errorf("%q: unwrapped %v, want %v", c.subject, got, c.unwrap)
		}
	}
}

// TestNoticeSenders: a rejection notice is multipart/mixed with the returned message
// attached, the shape of a forward, so it must not be unwrapped; which senders make a
// notice is mailmsg's one rule, the one the check uses.
func TestNoticeSenders(t *testing.T) {
	for _, c := range []struct {
		from   string
		notice bool
	}{
		{"MAILER-DAEMON@mx.example.org", true},
		{"Mail Delivery System <MAILER-DAEMON@mx.example.org>", true},
		{"postmaster@example.org", true},
		{"Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@example.onmicrosoft.com>", true},
		{"Mail Administrator <mailadmin@example.org>", true},
		{"Anna <anna@example.org>", false},
		{"daemon-fan@example.org", false},
	} {
		if got := mailmsg.IsNoticeSender(c.from); got != c.notice {
			t.Fatalf("%q: mailmsg says notice %v, this table %v", c.from, got, c.notice)
		}
		// The subject gives nothing away (the table's forwards say "Fwd:").
		it, err := Read("n.eml", forwardAsAttachment("Fwd: Nachricht", c.from), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if unwrapped := it.Wrapper != nil; unwrapped == c.notice {
			t.Errorf("%q: unwrapped %v, notice %v", c.from, unwrapped, c.notice)
		}
	}
}

// TestDamagedHeaderLine: a line without a colon in the middle of the header does not hide
// the fields after it from intake's judgement of a wrapper.
func TestDamagedHeaderLine(t *testing.T) {
	msg := string(forwardAsAttachment("Fwd: win", "Anna <anna@example.org>"))
	msg = strings.Replace(msg, "To: me@example.org\r\n", "To: me@example.org\r\nthis line is damage\r\n", 1)
	it, err := Read("d.eml", []byte(msg), Options{})
	if err != nil || it.Wrapper == nil {
		t.Errorf("forward with a damaged header line not unwrapped: %v", err)
	}
}
