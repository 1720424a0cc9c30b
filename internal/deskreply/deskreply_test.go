package deskreply

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/provider"
)

// The reports the replies in testdata/replies answer (the Message-IDs are in those files).
var testReports = []Report{
	{ID: "r1", Subject: "False Negative: Cheap watches for you", MessageID: "<k7q2mzx4ab@example.co.nz>",
		Sent: time.Date(2026, 12, 4, 2, 55, 0, 0, time.UTC)},
	{ID: "r2", Subject: "False Positive: Invoice INV-2291 from Harbour Freight", MessageID: "<p9w3yy1c2d@example.co.nz>",
		Sent: time.Date(2026, 12, 4, 18, 0, 0, 0, time.UTC)},
	{ID: "r3", Subject: "False Negative: Your ticket 4455667 is closed", MessageID: "<z5t8rr7e3f@example.co.nz>",
		Sent: time.Date(2026, 12, 5, 20, 58, 0, 0, time.UTC)},
	{ID: "r4", Subject: "Virus sample: Scanned document", MessageID: "<m1n2b3v4g5@example.co.nz>",
		Sent: time.Date(2026, 12, 6, 21, 2, 0, 0, time.UTC)},
	// Same start as r2's subject, sent earlier: by subject the longer r2 must win.
	{ID: "r5", Subject: "False Positive: Invoice", MessageID: "<old@example.co.nz>",
		Sent: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)},
}

type replyCase struct {
	file     string
	fromDesk bool
	report   string // "" when it matches none
	by       By
	caseNo   string
	problem  string
	date     time.Time
}

var replyCases = []replyCase{
	{file: "plain-in-reply-to.eml", fromDesk: true, report: "r1", by: ByReference, caseNo: "1234567",
		date: time.Date(2026, 12, 4, 3, 2, 9, 0, time.UTC)},
	// Quoted-printable body, the report's id in the middle of a folded References chain
	// written in another case; the number only in the body.
	{file: "quoted-printable-references.eml", fromDesk: true, report: "r2", by: ByReference, caseNo: "00482913"},
	// HTML only: &nbsp; between the words, the number in <b>; the <title>, <style> and
	// the quoted <blockquote> carry other numbers that must not be read.
	{file: "html-only.eml", fromDesk: true, report: "r1", by: ByReference, caseNo: "7734521"},
	// Base64 in Latin-1, matched by References; the report attached back carries other
	// numbers that must not be read.
	{file: "base64-latin1.eml", fromDesk: true, report: "r1", by: ByReference, caseNo: "5512340"},
	// No In-Reply-To or References: by subject. The original's subject says "ticket
	// 4455667"; the desk's number is in the body, above the quoted original.
	{file: "subject-only.eml", fromDesk: true, report: "r3", by: BySubject, caseNo: "9988776"},
	// The desk could not open the zip: a problem; its number is in the subject's tail.
	{file: "could-not-read.eml", fromDesk: true, report: "r4", by: ByReference, caseNo: "6600112", problem: "could not be opened"},
	// A look-alike domain: not the desk, whatever it says.
	{file: "not-from-desk.eml", fromDesk: false, report: "r1", by: ByReference, caseNo: "7777777"},
	{file: "no-case.eml", fromDesk: true, report: "r2", by: ByReference},
	{file: "unrelated.eml", fromDesk: true},
}

func readTestReply(t testing.TB, name string) Message {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "replies", name))
	if err != nil {
		t.Fatal(err)
	}
	return Message{Raw: raw, Received: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}
}

func TestReplies(t *testing.T) {
	prof := provider.Default()
	re, phrases := prof.CaseRegexp(), prof.ReplyProblems()
	for _, c := range replyCases {
		t.Run(c.file, func(t *testing.T) {
			r := Read(readTestReply(t, c.file))
			if got := FromDesk(r, prof.SupportAddress); got != c.fromDesk {
				t.Errorf("FromDesk = %v, want %v (From %q)", got, c.fromDesk, r.From)
			}
			rep, by, ok := Match(testReports, r)
			if !ok {
				if c.report != "" {
					t.Fatalf("matched no report, want %s (refs %q, subject %q)", c.report, r.Refs, r.Subject)
				}
				return
			}
			if rep.ID != c.report || by != c.by {
				t.Fatalf("matched %s by %s, want %s by %s", rep.ID, by, c.report, c.by)
			}
			if got := CaseNumber(re, r, rep.Subject); got != c.caseNo {
				t.Errorf("case = %q, want %q (text %q)", got, c.caseNo, r.Text)
			}
			if got := Problem(phrases, r, rep.Subject); got != c.problem {
				t.Errorf("problem = %q, want %q", got, c.problem)
			}
			if !c.date.IsZero() && !r.Date.Equal(c.date) {
				t.Errorf("date = %v, want %v", r.Date, c.date)
			}
		})
	}
}

// The default pattern on the shapes auto-replies write, and on numbers that are not cases.
func TestDefaultCasePattern(t *testing.T) {
	re := provider.Default().CaseRegexp()
	cases := []struct{ text, want string }{
		{"[Case #1234567] Re: False Negative: x", "1234567"},
		{"Your case number is 1234567.", "1234567"},
		{"Case Number: 00482913", "00482913"},
		{"CASE NO. 55512", "55512"},
		{"case no 55512", "55512"},
		{"Ticket: 5512340", "5512340"},
		{"Ticket ID: 7734521", "7734521"},
		{"Ticket#7734521", "7734521"},
		{"Request 6600112 has been logged", "6600112"},
		{"Incident ref 3030303", "3030303"},
		{"case reference 9988776", "9988776"},
		{"Case\t#\t1234567", "1234567"},
		{"Call 0800 769 769 about your case", ""},
		{"case 1234", ""},                     // too short: a PIN, a year
		{"case 12345678901", ""},              // too long: a phone number, an account
		{"showcase 1234567", ""},              // a word ending in "case"
		{"the case\n1234567 is a number", ""}, // not across lines
		{"case 20261206abc", ""},
	}
	for _, c := range cases {
		got := ""
		if m := re.FindStringSubmatch(c.text); m != nil {
			got = m[1]
		}
		if got != c.want {
			t.Errorf("%q: got %q, want %q", c.text, got, c.want)
		}
	}
}

// The subject comes before the body: a desk that writes its own number in the subject and
// quotes an older one in the body has the subject's.
func TestCaseSubjectFirst(t *testing.T) {
	re := provider.Default().CaseRegexp()
	r := Reply{Subject: "Re: False Negative: x [Case 1111111]", Text: "Your earlier case 2222222 is closed."}
	if got := CaseNumber(re, r, "False Negative: x"); got != "1111111" {
		t.Errorf("case = %q, want the subject's 1111111", got)
	}
}

// Two reports with the same subject: by subject the one sent most recently before the reply.
func TestMatchBySubjectPicksLatestBeforeReply(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 12, d, 12, 0, 0, 0, time.UTC) }
	reports := []Report{
		{ID: "a", Subject: "False Negative: Hello", Sent: day(1)},
		{ID: "b", Subject: "False Negative: Hello", Sent: day(3)},
		{ID: "c", Subject: "False Negative: Hello", Sent: day(9)}, // after the reply
	}
	rep, by, ok := Match(reports, Reply{Subject: "RE: False Negative: Hello", Date: day(4)})
	if !ok || rep.ID != "b" || by != BySubject {
		t.Fatalf("matched %v %s %v, want b by subject", ok, rep.ID, by)
	}
	if _, _, ok := Match(reports, Reply{Subject: "RE: False Negative: Hellooo", Date: day(4)}); ok {
		t.Error("a subject that runs on into a longer word must not match")
	}
}
