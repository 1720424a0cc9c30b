package check

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/finding"
	"github.com/reportmail/reportmail/internal/intake"
)

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

// innerMessage simulates intake's unwrapping of a filter's report or a forward-as-attachment:
// the content of the first message/rfc822 part of a top-level multipart, or nil.
func innerMessage(raw []byte) []byte {
	h := parseHeader(raw)
	ct, _ := h.get("Content-Type")
	typ, params := mediaType(ct, "text/plain")
	if typ != "multipart/mixed" || params["boundary"] == "" {
		return nil
	}
	parts, _, _ := splitMultipart(raw[h.body:], params["boundary"])
	for _, p := range parts {
		ph := parseHeader(p)
		pct, _ := ph.get("Content-Type")
		if t, _ := mediaType(pct, "text/plain"); t == "message/rfc822" {
			return p[ph.body:]
		}
	}
	return nil
}

func checkFindingTexts(t *testing.T, fs []finding.Finding) {
	t.Helper()
	for _, f := range fs {
		if f.Code == "" || f.Severity == "" || f.Message == "" || f.Advice == "" {
			t.Errorf("incomplete finding %+v", f)
		}
	}
}

// timeLimit loosens a "no worse than" time bound for race-detector builds, which run many
// times slower; the bound only has to catch runaway work.
func timeLimit(d time.Duration) time.Duration {
	if raceEnabled {
		return 20 * d
	}
	return d
}
