package outlookmsg

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/testkit/testtool"
)

// TestCorpus converts every .msg of the shared corpus: emails convert, other Outlook items
// are refused by kind, and the file that only pretends to be a .msg is not a compound file.
func TestCorpus(t *testing.T) {
	needCorpus(t)
	for _, path := range corpusFiles(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Convert(data)
			switch {
			case strings.Contains(name, "NOTMAIL"):
				var nm *ErrNotMessage
				if !errors.As(err, &nm) || nm.Class == "" || IsMailClass(nm.Class) {
					t.Fatalf("want ErrNotMessage, got %v", err)
				}
				return
			case strings.Contains(name, "NOTOLE"):
				if !errors.Is(err, ErrNotCFB) {
					t.Fatalf("want ErrNotCFB, got %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Convert: %v", err)
			}
			if i := bareLineEnd(res.Message); i >= 0 {
				t.Errorf("bare line end at %d", i)
			}
			s := summarize(t, res.Message)
			if len(s.plain) == 0 && len(s.html) == 0 && !res.Signed {
				t.Errorf("no text body")
			}
			// Converting is deterministic: the same file gives the same bytes.
			again, err := Convert(data)
			if err != nil || !bytes.Equal(again.Message, res.Message) {
				t.Errorf("a second conversion differs")
			}
		})
	}
}

// expectedPairs are the corpus files that come with the message they were made from (the
// Perl module's own expectations, and the original of a message Outlook converted).
var expectedPairs = map[string]struct {
	eml  string
	skip string // fields the expected file does not hold faithfully
}{
	"mvz-charset.msg":             {eml: "mvz-charset.eml"},
	"mvz-gpg_signed.msg":          {eml: "mvz-gpg_signed.eml"},
	"mvz-plain_jpeg_attached.msg": {eml: "mvz-plain_jpeg_attached.eml"},
	"mvz-plain_uc_unsent.msg":     {eml: "mvz-plain_uc_unsent.eml"},
	"mvz-plain_uc_wc_unsent.msg":  {eml: "mvz-plain_uc_wc_unsent.eml"},
	"mvz-plain_unsent.msg":        {eml: "mvz-plain_unsent.eml"},
	// MsgViewer's own export of this message: it gave it a new Message-ID of its own
	// (JavaMail), listed the Received lines bottom-up and cut their continuation lines
	// off (they stand as broken lines further down). The .msg, msgconvert and we keep
	// the Exchange Message-ID and the four Received lines whole, in delivery order.
	"msgviewer-Unbenannt.msg":                    {eml: "msgviewer-Unbenannt.eml", skip: "Message-ID Received"},
	"msgviewer-noFromNoToConvertedByOutlook.msg": {eml: "msgviewer-noFromNoTo.eml"},
}

// TestExpectedEML: where the corpus has the expected message, ours agrees with it on the
// header lines that identify it, on the decoded text and on the attachments' bytes.
func TestExpectedEML(t *testing.T) {
	needCorpus(t)
	agree := 0
	for msgName, pair := range expectedPairs {
		t.Run(msgName, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(corpusDir, pair.eml))
			if err != nil {
				t.Skipf("no %s", pair.eml)
			}
			// Thunderbird's Save As puts a mailbox separator line first.
			if bytes.HasPrefix(want, []byte("From ")) {
				want = want[bytes.IndexByte(want, '\n')+1:]
			}
			res := convertFile(t, filepath.Join(corpusDir, msgName))
			ours, ref := summarize(t, res.Message), summarize(t, want)
			ok := true
			check := func(what string, same bool, got, exp any) {
				if strings.Contains(pair.skip, what) {
					if same {
						t.Errorf("%s now agrees: take it out of the skip list", what)
					}
					return
				}
				if !same {
					ok = false
					t.Errorf("%s: ours %q, expected %q", what, got, exp)
				}
			}
			check("Subject", ours.subject == ref.subject, ours.subject, ref.subject)
			check("From", ours.from == ref.from, ours.from, ref.from)
			check("To", sameStrings(ours.to, ref.to), ours.to, ref.to)
			check("Message-ID", ours.messageID == ref.messageID, ours.messageID, ref.messageID)
			check("Received", sameStrings(ours.received, ref.received), ours.received, ref.received)
			check("text", sameStrings(ours.plain, ref.plain), ours.plain, ref.plain)
			if len(ref.html) > 0 {
				check("HTML text", sameStrings(ours.html, ref.html), ours.html, ref.html)
			}
			check("attachments", sameAttachments(ours, ref), ours.attach, ref.attach)
			// A signed message's whole signed part is kept as the body itself.
			for _, w := range ref.wholes {
				if !bytes.Contains(res.Message, w) {
					ok = false
					t.Errorf("the signed part is not kept byte for byte")
				}
			}
			if ok {
				agree++
			}
		})
	}
	t.Logf("%d of %d expected messages agree on every field compared", agree, len(expectedPairs))
}

// msgconvertPath finds the reference converter. Without it the comparison is skipped,
// except in CI, where it is installed by the test setup and must run.
func msgconvertPath(t *testing.T) string {
	t.Helper()
	return testtool.Find(t, "Debian package libemail-outlook-message-perl", "msgconvert")
}

// TestMsgconvert compares each conversion with msgconvert's (Email::Outlook::Message) on the
// subject, the sender, the Message-ID, the Received chain and the attachments' bytes, and
// lists the files msgconvert cannot convert and we can.
func TestMsgconvert(t *testing.T) {
	needCorpus(t)
	mc := msgconvertPath(t)
	fields := []string{"Subject", "From", "Message-ID", "Received", "attachments"}
	agree := map[string]int{}
	compared := 0
	var refFails, bothFail []string
	for _, path := range corpusFiles(t) {
		name := filepath.Base(path)
		if strings.Contains(name, "NOTMAIL") || strings.Contains(name, "NOTOLE") {
			continue
		}
		out := filepath.Join(t.TempDir(), "ref.eml")
		cmd := exec.Command(mc, "--outfile", out, path)
		cmd.Env = append(os.Environ(), "LC_ALL=C")
		msgOut, err := cmd.CombinedOutput()
		ref, rerr := os.ReadFile(out)
		data, _ := os.ReadFile(path)
		res, ourErr := Convert(data)
		if err != nil || rerr != nil || len(ref) == 0 {
			if strings.Contains(string(msgOut), "Can't locate") {
				t.Fatalf("msgconvert is installed without its Perl modules: %s", firstLine(msgOut))
			}
			if ourErr != nil {
				bothFail = append(bothFail, name)
			} else {
				refFails = append(refFails, fmt.Sprintf("%s (%s)", name, firstLine(msgOut)))
			}
			continue
		}
		if ourErr != nil {
			t.Errorf("%s: msgconvert converts it, we do not: %v", name, ourErr)
			continue
		}
		compared++
		ours, theirs := summarize(t, res.Message), summarize(t, ref)
		same := map[string]bool{
			"Subject":     ours.subject == theirs.subject,
			"From":        ours.from == theirs.from,
			"Message-ID":  ours.messageID == theirs.messageID,
			"Received":    sameStrings(ours.received, theirs.received),
			"attachments": sameAttachments(ours, theirs),
		}
		for _, f := range fields {
			if same[f] {
				agree[f]++
			} else {
				t.Logf("%s: %s differs: ours %s, msgconvert %s", name, f, show(ours, f), show(theirs, f))
			}
		}
	}
	sort.Strings(refFails)
	t.Logf("compared %d conversions with msgconvert", compared)
	for _, f := range fields {
		t.Logf("  %-12s agree on %d of %d", f, agree[f], compared)
	}
	t.Logf("msgconvert cannot convert %d that we convert: %s", len(refFails), strings.Join(refFails, "; "))
	if len(bothFail) > 0 {
		t.Errorf("neither converts: %v", bothFail)
	}
	// The fields that identify a message must agree everywhere msgconvert gets them right.
	for _, f := range []string{"Message-ID", "Received", "attachments"} {
		if agree[f] != compared {
			t.Errorf("%s agrees on only %d of %d", f, agree[f], compared)
		}
	}
}

func show(s *summary, field string) string {
	switch field {
	case "Subject":
		return fmt.Sprintf("%q", s.subject)
	case "From":
		return fmt.Sprintf("%q", s.from)
	case "Message-ID":
		return fmt.Sprintf("%q", s.messageID)
	case "Received":
		return fmt.Sprintf("%d lines", len(s.received))
	}
	return fmt.Sprintf("%d attachments", len(s.attach))
}

func firstLine(b []byte) string {
	s := strings.TrimSpace(string(b))
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}
