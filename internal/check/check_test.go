package check

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/finding"
	"github.com/reportmail/reportmail/internal/intake"
	"github.com/reportmail/reportmail/internal/notice"
)

// TestTestdata runs the messages under testdata/, written the way each mail program writes
// them, and checks the verdict, the findings and the summary fields that matter.
func TestTestdata(t *testing.T) {
	tests := []struct {
		file    string
		verdict Verdict
		codes   []string // code/severity, in the order the check reports them
		style   string   // for a forward: the program the message must name
		want    Summary  // fields checked when set
		intake  bool     // read through intake, as the app does (notices are read there)
	}{
		{file: "gmail-forward.eml", verdict: NotOriginal, codes: []string{"inline-forward/error"}, style: "Gmail",
			want: Summary{SourceIP: "209.85.208.49", Subject: "Fwd: Your parcel is waiting - confirm delivery"}},
		{file: "outlook-plain-forward.eml", verdict: NotOriginal, codes: []string{"inline-forward/error"}, style: "Outlook",
			want: Summary{From: "Smith, Bob <bob.smith@example.co.nz>", SourceIP: "10.20.1.15"}},
		{file: "outlook-html-forward.eml", verdict: NotOriginal, codes: []string{"inline-forward/error"}, style: "Outlook",
			want: Summary{Subject: "FW: Invoice overdue – pay now", SourceIP: "2603:10c6:10:e1::12"}},
		{file: "apple-mail-forward.eml", verdict: NotOriginal, codes: []string{"inline-forward/error"}, style: "Mac Mail",
			want: Summary{SourceIP: "203.0.113.77"}},
		{file: "thunderbird-forward.eml", verdict: NotOriginal,
			codes: []string{"inline-forward/error", "no-received/warning"}, style: "Thunderbird",
			want: Summary{From: "Priya Natarajan <priya@example.co.nz>", Date: "2026-03-03T11:45:10+13:00"}},
		{file: "notes-forward.eml", verdict: NotOriginal, codes: []string{"inline-forward/error"}, style: "Lotus Notes",
			want: Summary{From: "Jane Doe/Sales/Acme <jane.doe@acme.example>"}},
		{file: "german-outlook-forward.eml", verdict: NotOriginal, codes: []string{"inline-forward/error"}, style: "Outlook",
			want: Summary{From: "Jürgen Müller <j.mueller@firma.example>", SourceIP: "192.168.10.5"}},
		{file: "yahoo-forward.eml", verdict: NotOriginal, codes: []string{"inline-forward/error"}, style: "Yahoo Mail"},
		{file: "outlook-save-as-text.txt", verdict: NotOriginal, codes: []string{"outlook-text-export/error"},
			want: Summary{From: "Billing Dept <billing@pay-invoices.example>", Subject: "Invoice overdue - pay now"}},
		{file: "display-copy.txt", verdict: NotOriginal, codes: []string{"outlook-text-export/error"}},
		{file: "display-copy-fr.txt", verdict: NotOriginal, codes: []string{"outlook-text-export/error"},
			want: Summary{Subject: "Facture en retard"}},
		{file: "headers-paste.txt", verdict: NotOriginal, codes: []string{"headers-only/error"},
			want: Summary{SourceIP: "203.0.113.45", ReceivedCount: 2, MessageID: "<20260302084105.12345@pay-invoices.example>"}},
		{file: "notes.txt", verdict: NotEmail, codes: []string{"not-email/error"}},
		{file: "no-from-no-date.eml", verdict: Original, codes: []string{"missing-from/warning", "missing-date/warning"},
			want: Summary{SourceIP: "198.51.100.99", ReceivedCount: 1}},
		{file: "dkim-edited.eml", verdict: Original, codes: []string{"dkim-body-mismatch/warning"}},
		{file: "dkim-intact.eml", verdict: Original, codes: []string{},
			want: Summary{From: "Example Bank <statements@bank.example>", Date: "2026-03-03T16:00:00+13:00", SourceIP: "192.0.2.77"}},
		{file: "no-received.eml", verdict: Original, codes: []string{"no-received/warning"}},
		// A notice that returned the whole email: that email is the original (issue 11).
		{file: "bounce.eml", verdict: Original, codes: []string{"returned-original/info"}, intake: true,
			want: Summary{From: "Jane Doe <jane.doe@example.co.nz>", Subject: "Quote for 40 chairs", SourceIP: "203.0.113.10"}},
		{file: "delivered-reply.eml", verdict: Original, codes: []string{},
			want: Summary{SourceIP: "198.51.100.77", ReceivedCount: 2}},
		{file: "delivered-reply-gmail.eml", verdict: Original, codes: []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			it := item(tt.file, raw)
			if tt.intake {
				if it, err = intake.Read(tt.file, raw, intake.Options{}); err != nil {
					t.Fatal(err)
				}
			}
			if strings.HasSuffix(tt.file, ".txt") {
				it.Format = intake.TXT
			}
			r := Check(it)
			if r.Verdict != tt.verdict {
				t.Errorf("verdict %s, want %s (findings %v)", r.Verdict, tt.verdict, codes(r.Findings))
			}
			if got := codes(r.Findings); !slices.Equal(got, tt.codes) {
				t.Errorf("findings %v, want %v", got, tt.codes)
			}
			checkFindingTexts(t, r.Findings)
			if tt.style != "" {
				if len(r.Findings) == 0 || !strings.Contains(r.Findings[0].Message, "made in "+tt.style+":") {
					t.Errorf("message does not name %s: %v", tt.style, r.Findings)
				}
			}
			checkSummary(t, r.Message, tt.want)
			if r.Size != len(it.Raw) || len(r.SHA256) != 64 {
				t.Errorf("size %d sha %q", r.Size, r.SHA256)
			}
		})
	}
}

func checkSummary(t *testing.T, got, want Summary) {
	t.Helper()
	check := func(name, g, w string) {
		if w != "" && g != w {
			t.Errorf("%s = %q, want %q", name, g, w)
		}
	}
	check("from", got.From, want.From)
	check("to", got.To, want.To)
	check("subject", got.Subject, want.Subject)
	check("date", got.Date, want.Date)
	check("message_id", got.MessageID, want.MessageID)
	check("source_ip", got.SourceIP, want.SourceIP)
	if want.ReceivedCount != 0 && got.ReceivedCount != want.ReceivedCount {
		t.Errorf("received_count = %d, want %d", got.ReceivedCount, want.ReceivedCount)
	}
}

func TestIntakeOutcomes(t *testing.T) {
	pdf := finding.Finding{Code: finding.NotEmail, Severity: finding.Error, Message: "This file is a PDF document.", Advice: "x"}
	unwrapped := finding.Finding{Code: finding.UnwrappedAttach, Severity: finding.Info, Message: "m", Advice: "a"}
	tests := []struct {
		name    string
		item    intake.Item
		verdict Verdict
		codes   []string
	}{
		{"intake found a PDF", intake.Item{Name: "a.pdf", Format: intake.Other, NotEmail: "a PDF document", Findings: []finding.Finding{pdf}},
			NotEmail, []string{"not-email/error"}},
		{"NotEmail without a finding", intake.Item{Name: "a.png", Format: intake.Other, NotEmail: "a picture"},
			NotEmail, []string{"not-email/error"}},
		{"empty file", intake.Item{Name: "e.eml", Format: intake.EML, Raw: []byte{}}, NotEmail, []string{"not-email/error"}},
		{"nil raw with intake's error", intake.Item{Name: "x.msg", Format: intake.MSG, Findings: []finding.Finding{
			{Code: finding.MsgNotSupported, Severity: finding.Error, Message: "m", Advice: "a"}}},
			NotOriginal, []string{"msg-not-converted/error"}},
		{"unwrapped original keeps intake's note", intake.Item{Name: "w.eml", Format: intake.EML,
			Raw: toCRLF([]byte("Received: from a (a [192.0.2.1]) by b; Tue, 3 Mar 2026 10:00:00 +0000\nFrom: a@example.com\n" +
				"Date: Tue, 3 Mar 2026 10:00:00 +0000\nSubject: s\n\nbody\n")), Findings: []finding.Finding{unwrapped}},
			Original, []string{"unwrapped-attachment/info"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Check(&tt.item)
			if r.Verdict != tt.verdict || !slices.Equal(codes(r.Findings), tt.codes) {
				t.Errorf("got %s %v, want %s %v", r.Verdict, codes(r.Findings), tt.verdict, tt.codes)
			}
			if tt.item.Raw == nil && (r.SHA256 != "" || r.Size != 0) {
				t.Errorf("no bytes but sha %q size %d", r.SHA256, r.Size)
			}
			checkFindingTexts(t, r.Findings)
		})
	}
}

// TestNoJargon keeps the words a person reads free of terms only mail engineers know.
func TestNoJargon(t *testing.T) {
	fs := []finding.Finding{
		forwardFinding("Outlook"), forwardFinding(""), textExportFinding(), headersOnlyFinding(),
		notEmailFinding(""), notEmailFinding("a PDF document"), missingFromFinding(), missingDateFinding(),
		dkimMismatchFinding(), dkimListFinding(), noReceivedFinding(),
		rejectionNoticeFinding(&notice.Notice{Kind: notice.KindDSN, Returned: notice.ReturnedHeaders, NextStep: notice.StepFalsePositive}),
		rejectionNoticeFinding(&notice.Notice{Kind: notice.KindNDR, Returned: notice.ReturnedNone, NextStep: notice.StepCheckAddress,
			Advice: "This was not blocked by the filter: check the recipient's address and send the message again."}),
		rejectionNoticeFinding(&notice.Notice{Kind: notice.KindFeedback, Returned: notice.ReturnedHeaders, NextStep: notice.StepOther}),
		malformedFinding(mimeUnclosed), malformedFinding(mimeNoBoundary), malformedFinding(mimeEmpty),
		malformedFinding(mimeTooComplex), unknownCharsetFinding("x-unknown"), nothingToTraceFinding(),
	}
	for _, f := range fs {
		// "Internet headers" is the name Outlook gives its window, so people recognise it.
		text := strings.ReplaceAll(f.Message+" "+f.Advice, "Internet headers", "")
		for _, word := range []string{"RFC", "MIME", "822", "header", "DKIM", "multipart", "boundary", "charset", "MTA", "SMTP"} {
			if strings.Contains(text, word) {
				t.Errorf("%s: %q uses %q", f.Code, text, word)
			}
		}
		if f.Message == "" || f.Advice == "" {
			t.Errorf("%s: empty text", f.Code)
		}
	}
}
