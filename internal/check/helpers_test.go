package check

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/reportmail/reportmail/internal/finding"
	"github.com/reportmail/reportmail/internal/intake"
	"github.com/reportmail/reportmail/internal/summary"
)

// Summary keeps the tables short: the check's summary is the summary package's.
type Summary = summary.Summary

// corpusDir is the shared real-mail corpus; it lives beside the repository, never in it.
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus")

func needCorpus(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("shared corpus not found at %s: real-mail cases skipped", corpusDir)
	}
}

// toCRLF does what intake does to line ends: every line ends in CRLF.
func toCRLF(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
}

func item(name string, raw []byte) *intake.Item {
	return &intake.Item{Name: name, Format: intake.EML, Raw: toCRLF(raw)}
}

func codes(fs []finding.Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Code + "/" + string(f.Severity)
	}
	return out
}

func checkFindingTexts(t *testing.T, fs []finding.Finding) {
	t.Helper()
	for _, f := range fs {
		if f.Code == "" || f.Severity == "" || f.Message == "" || f.Advice == "" {
			t.Errorf("incomplete finding %+v", f)
		}
	}
}
