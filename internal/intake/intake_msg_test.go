package intake_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/check"
	"github.com/reportmail/reportmail/internal/finding"
	"github.com/reportmail/reportmail/internal/intake"
)

const msgCorpus = "../../../shared/corpus/msg"

func codesOf(fs []finding.Finding) []string {
	var l []string
	for _, f := range fs {
		l = append(l, f.Code+"/"+string(f.Severity))
	}
	return l
}

func has(fs []finding.Finding, code string, sev finding.Severity) bool {
	for _, f := range fs {
		if f.Code == code && f.Severity == sev {
			return true
		}
	}
	return false
}

// TestMsgCorpusChecked sends every .msg of the corpus through intake and the originality
// check: an email converts, keeps the .msg as Source, and is judged the original (a copy
// that was never delivered gets warnings, not errors); other Outlook items are refused;
// the "msg" that is really a saved email is read as one.
func TestMsgCorpusChecked(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(msgCorpus, "*.msg"))
	if len(files) == 0 {
		t.Skipf("the shared .msg corpus is not here (%s): skipping", msgCorpus)
	}
	converted := 0
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			it, err := intake.Open(path, intake.Options{})
			if err != nil {
				t.Fatal(err)
			}
			r := check.Check(it)
			switch {
			case strings.Contains(name, "NOTMAIL"):
				if it.Format != intake.MSG || it.NotEmail == "" || it.Raw != nil ||
					!has(it.Findings, finding.NotAMailItem, finding.Error) || r.Verdict == check.Original {
					t.Errorf("not refused: Format %q NotEmail %q verdict %s findings %v",
						it.Format, it.NotEmail, r.Verdict, codesOf(r.Findings))
				}
				return
			case strings.Contains(name, "NOTOLE"):
				if it.Format != intake.EML || r.Verdict != check.Original {
					t.Errorf("Format %q verdict %s findings %v", it.Format, r.Verdict, codesOf(r.Findings))
				}
				return
			}
			if it.Format != intake.MSG || it.Raw == nil || !bytes.Equal(it.Source, data) {
				t.Fatalf("Format %q, Raw %d bytes, Source kept %v", it.Format, len(it.Raw), bytes.Equal(it.Source, data))
			}
			if bytes.Contains(bytes.ReplaceAll(it.Raw, []byte("\r\n"), nil), []byte("\n")) {
				t.Errorf("Raw has a line end that is not CRLF")
			}
			if !has(it.Findings, finding.ConvertedMsg, finding.Info) || len(it.Steps) == 0 {
				t.Errorf("findings %v, steps %q", codesOf(it.Findings), it.Steps)
			}
			if r.Verdict != check.Original {
				t.Errorf("verdict %s, findings %v", r.Verdict, codesOf(r.Findings))
				for _, f := range r.Findings {
					t.Logf("  %s: %s", f.Code, f.Message)
				}
			}
			notDelivered := has(it.Findings, finding.NotDeliveredCopy, finding.Warning)
			if notDelivered && !has(r.Findings, finding.NoReceived, finding.Warning) {
				t.Errorf("a copy that was never delivered, yet the check found delivery details: %v", codesOf(r.Findings))
			}
			converted++
		})
	}
	t.Logf("%d .msg emails converted and judged the original", converted)
}

// TestMsgFindingWords: the converted-msg finding says what was rebuilt and what was not
// kept, in plain words.
func TestMsgFindingWords(t *testing.T) {
	path := filepath.Join(msgCorpus, "msgviewer-embedded-test.msg")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("the shared .msg corpus is not here (%s): skipping", msgCorpus)
	}
	it, err := intake.Open(path, intake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var f finding.Finding
	for _, x := range it.Findings {
		if x.Code == finding.ConvertedMsg {
			f = x
		}
	}
	for _, want := range []string{"Outlook", "attached email", "RTF", "Not kept as it was"} {
		if !strings.Contains(f.Message, want) {
			t.Errorf("finding does not say %q: %s", want, f.Message)
		}
	}
	if !has(it.Findings, finding.NotDeliveredCopy, finding.Warning) {
		t.Errorf("no not-delivered-copy warning: %v", codesOf(it.Findings))
	}
}
