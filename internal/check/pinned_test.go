package check

import (
	"slices"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/intake"
)

// checkCase is one message as the check must judge it.
type checkCase struct {
	name    string
	raw     string // LF line ends; item() makes them CRLF as intake does
	verdict Verdict
	codes   []string // code/severity, exactly
	want    Summary  // fields checked when set
	noDate  bool     // the summary's date must be empty
	intake  bool     // read through intake, as the app reads a file (notices are read there)
}

func runCases(t *testing.T, cases []checkCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			it := item(tt.name, []byte(tt.raw))
			if tt.intake {
				var err error
				if it, err = intake.Read(tt.name, it.Raw, intake.Options{}); err != nil {
					t.Fatal(err)
				}
			}
			r := Check(it)
			if r.Verdict != tt.verdict || !slices.Equal(codes(r.Findings), tt.codes) {
				t.Errorf("got %s %v, want %s %v", r.Verdict, codes(r.Findings), tt.verdict, tt.codes)
			}
			checkFindingTexts(t, r.Findings)
			checkSummary(t, r.Message, tt.want)
			if tt.noDate && r.Message.Date != "" {
				t.Errorf("date %q, want none", r.Message.Date)
			}
		})
	}
}

const (
	delivered = "Received: from mail.example.org (mail.example.org [198.51.100.5]) by mx.example.net; Tue, 3 Mar 2026 10:00:00 +0000\n"
	outlookFW = "Please see below.\n\nFrom: Billing <billing@pay.example>\nSent: Tuesday, 3 March 2026 9:12 AM\n" +
		"To: Jane <jane@example.net>\nSubject: Invoice\n\nPay now.\n"
	fwdMarker = "See below.\n\n---------- Forwarded message ---------\nFrom: a@example.org\n\nhello\n"
)

// delivered822 builds a delivered message with the given header lines and body.
func delivered822(header, body string) string {
	return delivered + header + "Date: Tue, 3 Mar 2026 10:00:00 +0000\nMessage-ID: <m1@example.org>\n\n" + body
}

// TestPinnedDisagreements (issue 9): the cases on which intake, check and outlookmsg read the
// same bytes differently. The check now reads them with mailmsg, as the others do.
func TestPinnedDisagreements(t *testing.T) {
	cases := []checkCase{
		// A header line without a colon in the middle of the header: the fields after it
		// are read. The check used to stop at the line and lose the Date and Message-ID.
		{name: "line without a colon mid-header",
			raw: delivered + "From: Billing <billing@example.org>\nSubject: Invoice\nthis line lost its colon\n" +
				"Date: Tue, 3 Mar 2026 10:00:00 +1300\nMessage-ID: <inv-1@example.org>\nTo: a@example.net\n\nPay now.\n",
			verdict: Original, codes: []string{},
			want: Summary{Date: "2026-03-03T10:00:00+13:00", MessageID: "<inv-1@example.org>", To: "a@example.net"}},
		{name: "Exchange banner line mid-header",
			raw: delivered + "Microsoft Mail Internet Headers Version 2.0\nFrom: a@example.org\n" +
				"Date: Tue, 3 Mar 2026 10:00:00 +0000\nMessage-ID: <b@example.org>\n\nhi\n",
			verdict: Original, codes: []string{}, want: Summary{From: "a@example.org", MessageID: "<b@example.org>"}},

		// A raw Latin-1 subject and sender, read by the one fallback rule, as the mailbox
		// picker reads them.
		{name: "raw Latin-1 subject",
			raw:     delivered822("From: Ren\xe9 Dupont <rene@example.fr>\nSubject: Caf\xe9 cr\xe8me\nContent-Type: text/plain; charset=iso-8859-1\n", "hi\n"),
			verdict: Original, codes: []string{}, want: Summary{Subject: "Café crème", From: "René Dupont <rene@example.fr>"}},
		{name: "raw Latin-1 subject without a charset",
			raw:     delivered822("From: a@example.org\nSubject: caf\xe9\n", "hi\n"),
			verdict: Original, codes: []string{}, want: Summary{Subject: "café"}},

		// Named zones: the right instant in the JSON's date.
		{name: "NZDT", raw: delivered + "From: a@example.org\nDate: Tue, 3 Mar 2026 10:00:00 NZDT\nMessage-ID: <z@x>\n\nhi\n",
			verdict: Original, codes: []string{}, want: Summary{Date: "2026-03-03T10:00:00+13:00"}},
		{name: "NZST", raw: delivered + "From: a@example.org\nDate: Mon, 6 Jul 2026 10:00:00 NZST\nMessage-ID: <z@x>\n\nhi\n",
			verdict: Original, codes: []string{}, want: Summary{Date: "2026-07-06T10:00:00+12:00"}},
		{name: "ACDT", raw: delivered + "From: a@example.org\nDate: Tue, 3 Mar 2026 10:00:00 ACDT\nMessage-ID: <z@x>\n\nhi\n",
			verdict: Original, codes: []string{}, want: Summary{Date: "2026-03-03T10:00:00+10:30"}},
		// A zone is an ASCII word: "EſT" upper-cases to "EST" but is no zone, so no date.
		{name: "long s in a zone", raw: delivered + "From: a@example.org\nDate: Tue, 3 Mar 2026 10:00:00 E\u017fT\nMessage-ID: <z@x>\n\nhi\n",
			verdict: Original, codes: []string{}, noDate: true},
		{name: "dotless i in a zone", raw: delivered + "From: a@example.org\nDate: Tue, 3 Mar 2026 10:00:00 \u0131ST\nMessage-ID: <z@x>\n\nhi\n",
			verdict: Original, codes: []string{}, noDate: true},
		{name: "NZDT in a comment after the offset", raw: delivered + "From: a@example.org\nDate: Tue, 3 Mar 2026 10:00:00 +1300 (NZDT)\nMessage-ID: <z@x>\n\nhi\n",
			verdict: Original, codes: []string{}, want: Summary{Date: "2026-03-03T10:00:00+13:00"}},

		// Forward subject prefixes: one list. An Outlook From/Sent/To/Subject block is a
		// forward when the subject's outer prefix is a forward's, in any language.
		{name: "Fwd", raw: delivered822("From: a@example.org\nSubject: FW: Invoice\n", outlookFW), verdict: NotOriginal, codes: []string{"inline-forward/error"}},
		{name: "Chinese 转发", raw: delivered822("From: a@example.org\nSubject: 转发: 发票\n", outlookFW), verdict: NotOriginal, codes: []string{"inline-forward/error"}},
		{name: "Chinese 转发 with a full-width colon", raw: delivered822("From: a@example.org\nSubject: 转发：发票\n", outlookFW), verdict: NotOriginal, codes: []string{"inline-forward/error"}},
		{name: "traditional Chinese 轉寄", raw: delivered822("From: a@example.org\nSubject: 轉寄: 發票\n", outlookFW), verdict: NotOriginal, codes: []string{"inline-forward/error"}},
		{name: "Indonesian TRS", raw: delivered822("From: a@example.org\nSubject: TRS: Faktur\n", outlookFW), verdict: NotOriginal, codes: []string{"inline-forward/error"}},
		{name: "Turkish İLT", raw: delivered822("From: a@example.org\nSubject: İLT: Fatura\n", outlookFW), verdict: NotOriginal, codes: []string{"inline-forward/error"}},
		{name: "Greek ΠΡΘ", raw: delivered822("From: a@example.org\nSubject: ΠΡΘ: Τιμολόγιο\n", outlookFW), verdict: NotOriginal, codes: []string{"inline-forward/error"}},
		{name: "encoded 转发", raw: delivered822("From: a@example.org\nSubject: =?utf-8?B?6L2s5Y+ROiDlj5Hnpag=?=\n", outlookFW), verdict: NotOriginal, codes: []string{"inline-forward/error"}},
		{name: "Danish or Finnish VS proves nothing", raw: delivered822("From: a@example.org\nSubject: VS: Faktura\n", outlookFW), verdict: Original, codes: []string{}},
		{name: "a reply quoting", raw: delivered822("From: a@example.org\nSubject: Re: Invoice\n", outlookFW), verdict: Original, codes: []string{}},
		{name: "a reply to a forward", raw: delivered822("From: a@example.org\nSubject: AW: WG: Rechnung\n", outlookFW), verdict: Original, codes: []string{}},

		// Mailer-daemon senders: one rule (internal/notice, read by intake). A notice is read
		// as a notice: what it quotes is no forward, and without the whole returned email it
		// is not the original (issue 11); anything else with a notice's subject is read as
		// what it is.
		{name: "Mailer Daemon display name", raw: delivered822("From: Mailer Daemon <poostmaster@example.co.jp>\nSubject: Delivery status notification: error\n", fwdMarker),
			verdict: NotOriginal, codes: []string{"rejection-notice/error"}, intake: true},
		{name: "MAILERDAEMON local part", raw: delivered822("From: MAILERDAEMON@example.jp\nSubject: failure notice\n", fwdMarker),
			verdict: NotOriginal, codes: []string{"rejection-notice/error"}, intake: true},
		{name: "Mail Delivery System", raw: delivered822("From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\nSubject: Undelivered Mail Returned to Sender\n", fwdMarker),
			verdict: NotOriginal, codes: []string{"rejection-notice/error"}, intake: true},
		{name: "postmaster look-alike is no mail system", raw: delivered822("From: News <postmaster-news@example.test>\nSubject: Returned mail: see transcript\n", fwdMarker),
			verdict: NotOriginal, codes: []string{"inline-forward/error"}, intake: true},
		{name: "a person named after a notice is no mail system", raw: delivered822("From: Ann Postmasterson <ann@example.test>\nSubject: Undeliverable: lunch\n", fwdMarker),
			verdict: NotOriginal, codes: []string{"inline-forward/error"}, intake: true},
	}
	runCases(t, cases)
}

// TestVerdictHoles (issue 9, item 5): files that were judged the original although the desk
// could not trace them.
func TestVerdictHoles(t *testing.T) {
	rendering := "From:\n\nTo: Accounts <accounts@example.co.nz>\n\nCC:\n\nSubject: Invoice 4471 overdue\n\n" +
		"Date: Tue, 3 Mar 2026 10:15:00 +1300\n\n" + strings.Repeat("-", 72) + "\n\nDear customer,\n\nPlease pay now.\n"
	cases := []checkCase{
		// A text rendering of a message: an empty From, blank lines between the display
		// fields, a rule, then the text.
		{name: "text rendering", raw: rendering, verdict: NotOriginal, codes: []string{"outlook-text-export/error"},
			want: Summary{To: "Accounts <accounts@example.co.nz>", Subject: "Invoice 4471 overdue"}},
		{name: "text rendering with tabs and a sender", raw: strings.ReplaceAll(strings.Replace(rendering, "From:", "From:\tBilling <billing@pay.example>", 1), ": ", ":\t"),
			verdict: NotOriginal, codes: []string{"outlook-text-export/error"}, want: Summary{From: "Billing <billing@pay.example>"}},
		{name: "text rendering without the rule", raw: strings.Replace(rendering, strings.Repeat("-", 72)+"\n\n", "", 1),
			verdict: NotOriginal, codes: []string{"outlook-text-export/error"}},
		{name: "text rendering without blank lines", raw: "From:\nTo: a@example.net\nSubject: s\nDate: Tue, 3 Mar 2026 10:15:00 +1300\n" +
			strings.Repeat("_", 40) + "\nhello\n", verdict: NotOriginal, codes: []string{"outlook-text-export/error"}},
		{name: "German text rendering", raw: "Von:\n\nAn: Buchhaltung <b@example.de>\n\nBetreff: Rechnung\n\nDatum: 03.03.2026 10:15\n\n" +
			strings.Repeat("-", 40) + "\nSehr geehrte Damen und Herren,\n", verdict: NotOriginal, codes: []string{"outlook-text-export/error"}},
		// Not renderings: a message whose text starts with a memo's labels, and a delivered
		// message whose text starts with a rule.
		{name: "memo under a header", raw: delivered822("From: hr@example.org\nSubject: Notice\n", "To: All staff\nFrom: HR\nSubject: Parking\n\nThe car park is closed.\n"),
			verdict: Original, codes: []string{}},
		{name: "delivered text under a rule", raw: delivered822("From: a@example.org\nTo: b@example.net\nSubject: News\n", strings.Repeat("-", 40)+"\nNews\n"),
			verdict: Original, codes: []string{}},
		// An empty From counts as missing.
		{name: "empty From", raw: delivered + "From:\nDate: Tue, 3 Mar 2026 10:00:00 +0000\nMessage-ID: <e@x>\n\nhi\n",
			verdict: Original, codes: []string{"missing-from/warning"}},
		{name: "From of only spaces", raw: delivered + "From:   \nDate: Tue, 3 Mar 2026 10:00:00 +0000\nMessage-ID: <e@x>\n\nhi\n",
			verdict: Original, codes: []string{"missing-from/warning"}},

		// Nothing to trace: no From, Date, Message-ID or Received, whatever follows.
		{name: "a lone Subject", raw: "Subject: hello\n\nbody\n", verdict: NotOriginal, codes: []string{"nothing-to-trace/error"}},
		{name: "MIME parts and nothing else", raw: "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nhi\n--b--\n",
			verdict: NotOriginal, codes: []string{"nothing-to-trace/error"}},
		{name: "alternative parts", raw: "Content-Type: multipart/alternative; boundary=a\n\n--a\nContent-Type: text/plain\n\nhi\n--a\nContent-Type: text/html\n\n<p>hi</p>\n--a--\n",
			verdict: NotOriginal, codes: []string{"nothing-to-trace/error"}},
		{name: "a message inside parts without a header of their own", raw: "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: message/rfc822\n\n" +
			"From: a@example.org\nDate: Tue, 3 Mar 2026 10:00:00 +0000\n\nx\n--b--\n", verdict: NotOriginal, codes: []string{"nothing-to-trace/error"}},
		{name: "broken structure", raw: "Content-Type: multipart/mixed\n\nhello\n", verdict: NotOriginal, codes: []string{"nothing-to-trace/error"}},
		{name: "empty From and Date", raw: "From:\nDate:\nMIME-Version: 1.0\nTo: b@example.net\nSubject: s\n\nbody\n", verdict: NotOriginal, codes: []string{"nothing-to-trace/error"}},
		// One of them is enough to start from.
		{name: "only a Message-ID", raw: "Message-ID: <x@example.org>\nSubject: s\n\nbody\n", verdict: Original,
			codes: []string{"missing-from/warning", "missing-date/warning", "no-received/warning"}},
		{name: "only a Date", raw: "Date: Tue, 3 Mar 2026 10:00:00 +0000\nSubject: s\n\nbody\n", verdict: Original,
			codes: []string{"missing-from/warning", "no-received/warning"}},
		{name: "only a delivery record", raw: delivered + "Subject: s\n\nbody\n", verdict: Original,
			codes: []string{"missing-from/warning", "missing-date/warning"}},
	}
	runCases(t, cases)
}
