package check

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// A header block with nothing after it is a paste when it comes from a plain file, but a
// delivered message with an empty or lost body when a mail store saved it (intake marks
// such files Stored): the same bytes, two verdicts.
func TestHeaderBlockPasteVersusStoredCopy(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "headers-paste.txt"))
	if err != nil {
		t.Fatal(err)
	}
	paste := Check(item("paste.txt", raw))
	if paste.Verdict != NotOriginal || !slices.Contains(codes(paste.Findings), "headers-only/error") {
		t.Errorf("paste: verdict %s, findings %v", paste.Verdict, codes(paste.Findings))
	}
	it := item("stored.eml", raw)
	it.Stored = true
	stored := Check(it)
	if stored.Verdict != Original || !slices.Contains(codes(stored.Findings), "empty-body/warning") {
		t.Errorf("stored copy: verdict %s, findings %v", stored.Verdict, codes(stored.Findings))
	}
}

// A message rebuilt from an Outlook .msg cannot match its DKIM body hash: that is said by
// the conversion's own finding, not as "changed after it was sent".
func TestConvertedMsgHasNoDKIMWarning(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "dkim-edited.eml"))
	if err != nil {
		t.Skip("no DKIM test message: ", err)
	}
	eml := Check(item("edited.eml", raw))
	if !slices.Contains(codes(eml.Findings), "dkim-body-mismatch/warning") {
		t.Fatalf("the edited message itself should warn: %v", codes(eml.Findings))
	}
	it := item("edited.msg", raw)
	it.Format = "msg"
	if got := codes(Check(it).Findings); slices.Contains(got, "dkim-body-mismatch/warning") {
		t.Errorf("converted .msg still warns about DKIM: %v", got)
	}
}
