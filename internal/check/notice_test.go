package check

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/finding"
	"github.com/reportmail/reportmail/internal/intake"
	"github.com/reportmail/reportmail/internal/notice"
)

// TestCorpusNotices (issue 11): real rejection notices through intake and the check, as the
// app reads them. A notice that returned the whole email gives that email as the original
// (returned-original); one with only the header or nothing is not the original
// (rejection-notice, pointing to the Sent copy); a complaint report is unwrapped; an
// auto-reply and a message that is no notice get no bounce object.
func TestCorpusNotices(t *testing.T) {
	needCorpus(t)
	tests := []struct {
		file     string
		kind     string // "" for no bounce object
		returned string
		verdict  Verdict
		code     string // the finding that must be there
		subject  string // of the message checked, when set
	}{
		{file: "bsd/lhost-gmail-03.eml", kind: notice.KindNDR, returned: notice.ReturnedFull, verdict: Original, code: finding.ReturnedOriginal},
		// Exim's inline copy after "This is a copy of the message, including all the headers".
		{file: "bsd/lhost-exim-03.eml", kind: notice.KindNDR, returned: notice.ReturnedFull, verdict: Original, code: finding.ReturnedOriginal},
		{file: "bsd/lhost-postfix-62.eml", kind: notice.KindDSN, returned: notice.ReturnedFull, verdict: Original, code: finding.ReturnedOriginal}, // a virus
		{file: "bsd/lhost-barracuda-01.eml", kind: notice.KindDSN, returned: notice.ReturnedHeaders, verdict: NotOriginal, code: finding.RejectionNotice},
		{file: "bsd/lhost-dragonfly-25.eml", kind: notice.KindNDR, returned: notice.ReturnedHeaders, verdict: NotOriginal, code: finding.RejectionNotice}, // a virus
		{file: "bsd/lhost-imailserver-06.eml", kind: notice.KindNDR, returned: notice.ReturnedNone, verdict: NotOriginal, code: finding.RejectionNotice},
		{file: "bsd/lhost-exim-07.eml", kind: notice.KindNDR, returned: notice.ReturnedNone, verdict: NotOriginal, code: finding.RejectionNotice}, // mailbox full
		{file: "bsd/arf-02.eml", kind: notice.KindFeedback, returned: notice.ReturnedFull, verdict: Original, code: finding.UnwrappedAttach},
		{file: "bsd/rfc3834-02.eml", verdict: Original},       // an auto-reply
		{file: "not/is-not-bounce-01.eml", verdict: Original}, // no notice at all
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(corpusDir, "bounce", filepath.FromSlash(tt.file))
			it, err := intake.Open(path, intake.Options{})
			if err != nil {
				t.Fatal(err)
			}
			r := Check(it)
			checkFindingTexts(t, r.Findings)
			if r.Verdict != tt.verdict {
				t.Errorf("verdict %s %v, want %s", r.Verdict, codes(r.Findings), tt.verdict)
			}
			if tt.kind == "" {
				if r.Bounce != nil || hasCode(r.Findings, finding.RejectionNotice) || hasCode(r.Findings, finding.ReturnedOriginal) {
					t.Fatalf("read as a notice: %+v %v", r.Bounce, codes(r.Findings))
				}
				return
			}
			if r.Bounce == nil {
				t.Fatalf("no bounce object (findings %v)", codes(r.Findings))
			}
			b := r.Bounce
			if b.Kind != tt.kind || b.Returned != tt.returned || !b.IsBounce || b.File != path {
				t.Errorf("bounce kind %q returned %q is_bounce %v file %q, want %q %q", b.Kind, b.Returned, b.IsBounce, b.File, tt.kind, tt.returned)
			}
			if !hasCode(r.Findings, tt.code) {
				t.Errorf("findings %v, want %s", codes(r.Findings), tt.code)
			}
			if tt.returned == notice.ReturnedFull {
				checkReturned(t, it, r)
				return
			}
			f := r.Findings[0]
			if f.Code != finding.RejectionNotice || f.Severity != finding.Error || !strings.Contains(f.Advice, "Sent Items") {
				t.Errorf("first finding %+v, want the rejection notice pointing to Sent Items", f)
			}
			if r.SHA256 != hashOf(it.Raw) || !bytes.Equal(it.Raw, it.NoticeRaw) {
				t.Errorf("a notice without the email must stay as it is")
			}
		})
	}
}

// checkReturned: the returned email is what the check, convert and the report use, and the
// notice, the check and the report name one hash for it.
func checkReturned(t *testing.T, it *intake.Item, r *Result) {
	t.Helper()
	b := r.Bounce
	if r.SHA256 != b.ReturnedSHA256 || r.SHA256 != hashOf(it.Raw) || r.Size != len(it.Raw) {
		t.Errorf("sha256 %s, returned_sha256 %s, of Raw %s", r.SHA256, b.ReturnedSHA256, hashOf(it.Raw))
	}
	if !bytes.Equal(it.Raw, b.ReturnedMessage) || it.Wrapper == nil || len(it.NoticeRaw) <= len(it.Raw) {
		t.Errorf("Raw is not the returned email alone (%d bytes, notice %d)", len(it.Raw), len(it.NoticeRaw))
	}
	if !bytes.Contains(it.Raw, []byte("\r\n\r\n")) {
		t.Errorf("returned email has no body")
	}
	if id := b.Original.MessageID; id != "" && !strings.Contains(id, strings.Trim(r.Message.MessageID, "<>")) {
		t.Errorf("message_id %q, notice says %q", r.Message.MessageID, id)
	}
}

// TestCorpusNoticeFolders sweeps every file of the bounce corpus: a notice's whole returned
// email is the original, any other notice is not, and the "not a notice" folder never gets
// a bounce object. It logs the figures per folder.
func TestCorpusNoticeFolders(t *testing.T) {
	needCorpus(t)
	type tally struct{ full, notFull, none int }
	figures := map[string]*tally{}
	for _, dir := range []string{"bsd", "dos", "mac", "other", "not"} {
		files, _ := filepath.Glob(filepath.Join(corpusDir, "bounce", dir, "*"))
		figures[dir] = &tally{}
		for _, path := range files {
			it, err := intake.Open(path, intake.Options{})
			if err != nil {
				t.Errorf("%s: %v", path, err)
				continue
			}
			r := Check(it)
			name := dir + "/" + filepath.Base(path)
			switch {
			case r.Bounce == nil:
				figures[dir].none++
			case r.Bounce.Returned == notice.ReturnedFull:
				figures[dir].full++
				if r.SHA256 != r.Bounce.ReturnedSHA256 || hasCode(r.Findings, finding.RejectionNotice) {
					t.Errorf("%s: full return not used as the original: %v", name, codes(r.Findings))
				}
			default:
				figures[dir].notFull++
				if r.Verdict != NotOriginal || !hasCode(r.Findings, finding.RejectionNotice) {
					t.Errorf("%s: %s %v, want not-original with rejection-notice", name, r.Verdict, codes(r.Findings))
				}
			}
			if dir == "not" && r.Bounce != nil {
				t.Errorf("%s: not a notice, read as %s", name, r.Bounce.Kind)
			}
		}
	}
	for _, dir := range []string{"bsd", "dos", "mac", "other", "not"} {
		f := figures[dir]
		t.Logf("%-5s returned whole %3d, not whole %3d, no notice %3d", dir, f.full, f.notFull, f.none)
	}
}

func hashOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
