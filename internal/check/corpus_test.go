package check

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/intake"
)

// corpusExpect lists the corpus files whose verdict is not "original", with the findings
// that make it so. Every other file must come out "original".
var corpusExpect = map[string][]string{
	// Gmail inline forwards that were then delivered to a mailing list.
	"eml/mikel-attachment_with_encoded_name.eml": {"inline-forward/error", "no-received/warning"},
	"eml/mikel-raw_email2.eml":                   {"inline-forward/error"},
	// MimeKit's MHTML fixture is a web page saved by a browser (multipart/related around
	// text/html, no From, Date or Received): intake refuses it as a saved web page, as it
	// must, since the desk cannot trace a page.
	"eml/mimekit-multipart-related-mhtml.txt": {"not-email/error"},
	// Parser fixtures that are a MIME structure or a lone Subject under no From, Date,
	// Message-ID or Received: nothing the desk could trace (issue 9), so not the original.
	"eml/cpython-msg_38.txt":            {"nothing-to-trace/error"},
	"eml/mailparser-mixed.eml":          {"nothing-to-trace/error"},
	"eml/mikel-bad_encoded_subject.eml": {"nothing-to-trace/error"},
	// Rejection notices that do not hold the whole returned email (issue 11): the sender's
	// copy from Sent Items is the original. Both return only the header (msg_25's is cut
	// short in places, and internal/notice reads it as "none").
	"eml/cpython-msg_25.txt": {"rejection-notice/error", "malformed-mime/warning"},
	"eml/cpython-msg_43.txt": {"rejection-notice/error", "no-received/warning"},
}

// corpusFindings pins the findings of files that show one rule each.
var corpusFindings = map[string][]string{
	"eml/spamassassin-nice-no_body": {"no-received/warning"}, // no body, no Received: a message, not a paste
	// A delivered spam whose body was cut off, saved with its mailbox separator line: a
	// stored copy, not a header paste, so it stays the original with a warning.
	"spam/spamassassin-spam-017.eml":            {"empty-body/warning"},
	"eml/mimekit-multipart-no-end-boundary.msg": {"malformed-mime/warning"},
	"eml/mikel-empty_group_lists.eml":           {"dkim-body-mismatch/warning"},
	"eml/cpython-msg_16.txt":                    {"returned-original/info"}, // a notice with the whole email: that email is used
	"eml/mailauth-arc-pass.eml":                 {},
	"spam/osst-users-spam-085ff509.eml":         {"dkim-body-mismatch/info"}, // list re-signed after its footer
	"spam/spamassassin-nice-005.eml":            {},                          // a reply quoting "----- Original Message -----"
	"spam/spamassassin-spam-010.eml":            {"no-received/warning"},     // "Fw:" subject, no forwarded text
}

// corpusSummaries pins summary fields of a few real messages.
var corpusSummaries = map[string]Summary{
	"eml/hunnysoft-m2005.txt":                   {Subject: "Die Hasen und die Frösche"},
	"eml/spamassassin-nice-cjk-gb2312.1":        {From: "台湾鑫龙商贸集团公司 <1234@e34.com>"},
	"eml/mimekit-multipart-no-end-boundary.msg": {SourceIP: "2a00:1450:400c:c09::22d"},
	"spam/spamassassin-spam-utf16.eml":          {Subject: "Design and manufacturing"},
	"spam/spamassassin-spam-001.eml":            {Date: "2001-02-18T00:29:13Z"},
	"spam/osst-users-spam-085ff509.eml":         {SourceIP: "216.105.38.7", ReceivedCount: 5},
	"eml/mailauth-arc-pass.eml":                 {From: "andris <andris@ekiri.ee>", SourceIP: "217.146.67.33"}, // past Google's own forwarding hop
}

// TestCorpus runs every real message of the shared corpus through the real pipeline, intake
// then check, as the app and the CLI do: none may panic, and every spam and legitimate
// message in spam/ must be judged the original.
func TestCorpus(t *testing.T) {
	needCorpus(t)
	labels := readLabels(t)
	for _, dir := range []string{"eml", "spam"} {
		files, err := filepath.Glob(filepath.Join(corpusDir, dir, "*"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range files {
			name := dir + "/" + filepath.Base(path)
			if strings.HasSuffix(name, ".tsv") {
				continue
			}
			t.Run(name, func(t *testing.T) {
				it, err := intake.Open(path, intake.Options{})
				if err != nil {
					t.Fatal(err)
				}
				r := Check(it)
				t.Logf("%s %v from=%q date=%q ip=%q subject=%q", r.Verdict, codes(r.Findings),
					r.Message.From, r.Message.Date, r.Message.SourceIP, r.Message.Subject)
				checkFindingTexts(t, r.Findings)
				want, special := corpusExpect[name]
				switch {
				case special:
					if r.Verdict == Original || !slices.Equal(codes(r.Findings), want) {
						t.Errorf("got %s %v, want %v", r.Verdict, codes(r.Findings), want)
					}
				case r.Verdict != Original:
					t.Errorf("verdict %s %v, want original (label %q)", r.Verdict, codes(r.Findings), labels[filepath.Base(path)])
				}
				if want, ok := corpusFindings[name]; ok && !slices.Equal(codes(r.Findings), want) {
					t.Errorf("findings %v, want %v", codes(r.Findings), want)
				}
				if want, ok := corpusSummaries[name]; ok {
					checkSummary(t, r.Message, want)
				}
			})
		}
	}
}

// readLabels reads spam/LABELS.tsv: file name to "spam" or "ham".
func readLabels(t *testing.T) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir, "spam", "LABELS.tsv"))
	if err != nil {
		t.Logf("no labels: %v", err)
		return nil
	}
	labels := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) >= 2 {
			labels[f[0]] = f[1]
		}
	}
	return labels
}
