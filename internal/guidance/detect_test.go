package guidance_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/check"
	"github.com/reportmail/reportmail/internal/finding"
	"github.com/reportmail/reportmail/internal/guidance"
	"github.com/reportmail/reportmail/internal/intake"
	"github.com/reportmail/reportmail/internal/report"
)

const corpus = "../../../shared/corpus"

func needCorpus(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(corpus); err != nil {
		t.Skip("the shared corpus is not next to the repository (../shared/corpus); skipping the real-file cases")
	}
}

// open reads a file as the app does and returns it with the check's finding codes.
func open(t *testing.T, path string) (*intake.Item, []string) {
	t.Helper()
	it, err := intake.Open(path, intake.Options{})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var codes []string
	for _, f := range check.Check(it).Findings {
		codes = append(codes, f.Code)
	}
	return it, codes
}

// detectCases are messages written here to pin one rule each.
var detectCases = []struct {
	name, raw, want string
}{
	{"gmail forward", "From: a@b.example\nSubject: Fwd: x\n\nSee below\n\n---------- Forwarded message ---------\nFrom: c@d.example\n", "gmail"},
	{"outlook block", "From: a@b.example\nSubject: FW: x\n\nSee below\n\nFrom: Jane <c@d.example>\nSent: Monday, 9 November 2026 10:02\nTo: me\nSubject: x\n", "outlook"},
	{"outlook html block", "From: a@b.example\nSubject: FW: x\nContent-Type: text/html\n\n<p>See</p><div><b>From:</b> Jane<br><b>Sent:</b> Monday<br></div>", "outlook"},
	{"apple forward", "From: a@b.example\nSubject: Fwd: x\n\nBegin forwarded message:\n\n> From: c@d.example\n", "apple-mail"},
	{"thunderbird forward", "From: a@b.example\nSubject: Fwd: x\n\n-------- Forwarded Message --------\nSubject: x\n", "thunderbird"},
	{"notes forward", "From: a@b.example\nSubject: Fw: x\n\n----- Forwarded by Jane Doe/Sales/Acme on 03/03/2020 10:15 AM -----\n", "notes"},
	{"x-mailer outlook", "From: a@b.example\nX-Mailer: Microsoft Outlook 16.0\nSubject: x\n\nhello\n", "outlook"},
	{"x-mailer outlook express", "From: a@b.example\nX-Mailer: Microsoft Outlook Express 6.00.2900.5512\nSubject: x\n\nhello\n", "outlook-express"},
	{"user-agent thunderbird", "From: a@b.example\nUser-Agent: Mozilla/5.0 (X11; Linux) Gecko/20100101 Thunderbird/115.0\nSubject: x\n\nhello\n", "thunderbird"},
	{"x-mailer apple", "From: a@b.example\nX-Mailer: Apple Mail (2.3654)\nSubject: x\n\nhello\n", "apple-mail"},
	{"x-mailer iphone", "From: a@b.example\nX-Mailer: iPhone Mail (21A329)\nSubject: x\n\nhello\n", "phone"},
	{"gmail message id", "From: a@b.example\nMessage-ID: <CAB1234xyz@mail.gmail.com>\nSubject: x\n\nhello\n", "gmail"},
	{"marker beats header", "From: a@b.example\nX-Mailer: Microsoft Outlook 16.0\nSubject: x\n\n---------- Forwarded message ---------\n", "gmail"},
	{"outlook text export", "From:\tJane <c@d.example>\nSent:\tMonday, 9 November 2026 10:02\nTo:\tme\nSubject:\tx\n\nhello\n", "outlook"},
	{"nothing tells", "From: a@b.example\nMessage-ID: <1@b.example>\nSubject: x\n\nhello\n", ""},
	{"empty", "", ""},
}

func TestDetectClient(t *testing.T) {
	for _, c := range detectCases {
		if got := guidance.DetectClient([]byte(c.raw)); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
		if c.want != "" {
			if _, ok := guidance.ByID(c.want); !ok {
				t.Errorf("%s: %q is not a client with steps", c.name, c.want)
			}
		}
	}
}

// TestDetectClientOnRealFiles: the corpus's own forwards and mailers.
func TestDetectClientOnRealFiles(t *testing.T) {
	needCorpus(t)
	for _, c := range []struct{ file, want string }{
		{"eml/mikel-raw_email2.eml", "gmail"},                   // a Gmail inline forward
		{"eml/mikel-attachment_with_encoded_name.eml", "gmail"}, // another
		{"eml/mikel-basic_email_lf.eml", "apple-mail"},          // X-Mailer: Apple Mail
		{"eml/mimekit-thunderbird-signed.txt", "thunderbird"},   // User-Agent … Thunderbird/24
		{"eml/hunnysoft-m0001.txt", "outlook"},                  // X-Mailer: Microsoft Outlook IMO
		{"eml/mikel-raw_email_with_illegal_boundary.eml", "outlook-express"},
		{"eml/mailauth-message2.eml", ""},
	} {
		it, _ := open(t, filepath.Join(corpus, c.file))
		if got := guidance.DetectClient(it.Raw); got != c.want {
			t.Errorf("%s: got %q, want %q", c.file, got, c.want)
		}
	}
}

func TestKindWordsAreReportKinds(t *testing.T) {
	if report.Kind(guidance.KindVirus) != report.Virus || report.Kind(guidance.KindFalsePositive) != report.FalsePositive {
		t.Fatal("guidance's kind words are not report.Kind's values")
	}
}

func TestSuggestKind(t *testing.T) {
	plain := []byte("From: a@b.example\nSubject: x\n\nhello\n")
	virus := []byte("From: MAILER-DAEMON@mx.example\nSubject: Undelivered Mail Returned to Sender\n\n" +
		"<kate@example.test>: host mx said: 550 5.7.1 Virus found: Eicar-Test-Signature\n")
	scanned := []byte("From: MAILER-DAEMON@mx.example\nSubject: Undelivered Mail Returned to Sender\n\n" +
		"<kate@example.test>: mailbox full\nThis message has been scanned for spam and viruses by Proofpoint.\nX-Virus-Scanned: ClamAV\n")
	spam := []byte("From: MAILER-DAEMON@mx.example\nSubject: Undelivered Mail Returned to Sender\n\n" +
		"<kate@example.test>: 554 5.7.1 Message rejected as spam\n")
	returnedVirus := []byte("From: MAILER-DAEMON@mx.example\nSubject: failure notice\n\nmailbox is full\n\n" +
		"--- Below this line is a copy of the message.\n\nSubject: about the virus outbreak\n")
	for _, c := range []struct {
		name  string
		raw   []byte
		codes []string
		file  string
		want  string
	}{
		{"virus notice", virus, []string{finding.RejectionNotice}, "n.eml", guidance.KindVirus},
		{"scanned notice", scanned, []string{finding.RejectionNotice}, "n.eml", ""},
		{"spam notice", spam, []string{finding.RejectionNotice}, "n.eml", guidance.KindFalsePositive},
		{"virus only in the returned email", returnedVirus, []string{finding.RejectionNotice}, "n.eml", ""},
		{"sender's copy", plain, []string{finding.NoReceived}, "sent.eml", guidance.KindFalsePositive},
		{"unsent .msg", plain, []string{finding.NotDeliveredCopy, finding.NoReceived}, "sent.msg", guidance.KindFalsePositive},
		{"junk folder", plain, []string{finding.MboxSeveral}, "/home/k/.thunderbird/x/Mail/Local Folders/Junk", guidance.KindFalsePositive},
		{"inbox folder", plain, []string{finding.MboxSeveral}, "Inbox.mbox", ""},
		{"delivered", plain, nil, "x.eml", ""},
	} {
		if got := guidance.SuggestKind(c.raw, c.codes, c.file); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

// TestSuggestKindOnRealNotices: every rejection notice in the corpus that sisimai labels
// virusdetected is offered as a virus sample, and no other notice is. The one exception is
// Mimecast's, which names only its signature ("MCSpamSignature"): a word list cannot read it.
func TestSuggestKindOnRealNotices(t *testing.T) {
	needCorpus(t)
	f, err := os.Open(filepath.Join(corpus, "bounce", "LABELS.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	unreadable := map[string]bool{"bsd/rhost-mimecast-02.eml": true}
	sc := bufio.NewScanner(f)
	sc.Scan() // header line
	n := 0
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 2 || unreadable[fields[0]] {
			continue
		}
		it, codes := open(t, filepath.Join(corpus, "bounce", fields[0]))
		raw := it.Raw
		if it.NoticeRaw != nil {
			raw = it.NoticeRaw // the notice, not the returned email taken out of it
		}
		got := guidance.SuggestKind(raw, codes, fields[0])
		if wantVirus := fields[1] == "virusdetected"; wantVirus != (got == guidance.KindVirus) {
			t.Errorf("%s (%s): suggested %q", fields[0], fields[1], got)
		}
		n++
	}
	if n < 500 {
		t.Fatalf("only %d notices read", n)
	}
}

func FuzzDetect(f *testing.F) {
	for _, c := range detectCases {
		f.Add([]byte(c.raw))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		id := guidance.DetectClient(raw)
		if id != "" {
			if _, ok := guidance.ByID(id); !ok {
				t.Fatalf("detected %q, which has no steps", id)
			}
		}
		switch guidance.SuggestKind(raw, []string{finding.RejectionNotice}, "x") {
		case "", guidance.KindVirus, guidance.KindFalsePositive:
		default:
			t.Fatal("a kind that is not a report type")
		}
	})
}
