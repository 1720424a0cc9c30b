package report

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir is the shared corpus of real messages, next to the repository (never copied in).
const corpusDir = "../../../shared/corpus"

// toCRLF is what intake does before a message reaches Build: line ends become CRLF.
func toCRLF(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
}

// checkCarried is the promise Build makes about any original: it rides either unchanged as
// message/rfc822 or, with Fallback set, base64 as application/octet-stream with the same
// bytes.
func checkCarried(t *testing.T, r *Report, original []byte) {
	t.Helper()
	checkWire(t, r)
	_, parts := parse(t, r.Bytes)
	if len(parts) < 2 {
		t.Fatalf("%d parts", len(parts))
	}
	p := parts[1]
	mt, _ := p.mediaType()
	switch {
	case r.Kind == Virus:
		if mt != "application/zip" {
			t.Fatalf("virus attachment is %q", mt)
		}
	case r.Fallback:
		if mt != "application/octet-stream" || !bytes.Equal(p.decoded(t), original) {
			t.Fatalf("fallback attachment %q does not hold the original", mt)
		}
	default:
		if mt != "message/rfc822" || !bytes.Equal(p.body, original) {
			t.Fatalf("attachment %q is not the original byte for byte", mt)
		}
	}
}

func TestCorpus(t *testing.T) {
	var files []string
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(path, ".eml") || strings.HasSuffix(path, ".txt")) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil || len(files) == 0 {
		t.Skipf("corpus not found at %s: real-message cases skipped", corpusDir)
	}
	fallbacks := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil || len(raw) == 0 {
			continue
		}
		original := toCRLF(raw)
		for _, eightBit := range []bool{true, false} {
			o := baseOptions(FalseNegative, original)
			o.EightBit = eightBit
			r, err := Build(o)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			checkCarried(t, r, original)
			if r.Fallback && eightBit {
				fallbacks++
			}
		}
	}
	t.Logf("%d corpus messages; %d needed the base64 fallback even with 8BITMIME", len(files), fallbacks)
}

func FuzzBuild(f *testing.F) {
	f.Add(asciiOriginal, "Cheap pills", "note", true, uint8(0))
	f.Add(latin1Original, "Grüße", "", false, uint8(1))
	f.Add([]byte("a\x00b\rc\nd"), "", "\r\n", true, uint8(0))
	f.Add(bytes.Repeat([]byte("x"), 1200), "=?utf-8?q?x?=", "n", true, uint8(2))
	f.Add([]byte("--=_ReportMail_\r\n"), strings.Repeat("é", 300), "\x00", true, uint8(1))
	f.Fuzz(func(t *testing.T, original []byte, subject, note string, eightBit bool, kind uint8) {
		o := baseOptions([]Kind{FalseNegative, FalsePositive, Virus}[int(kind)%3], original)
		o.Summary.Subject, o.Note, o.EightBit = subject, note, eightBit
		o.Summary.From = subject // any text may show up in any summary field
		if kind%5 == 4 {
			o.RejectionNotice = original
		}
		if kind%7 == 3 {
			o.From = subject + " <jane@example.com>"
		}
		r, err := Build(o)
		if errors.Is(err, ErrFrom) && kind%7 == 3 {
			return // a name the address parser refuses
		}
		if len(original) == 0 {
			if !errors.Is(err, ErrNoOriginal) {
				t.Fatalf("empty original: %v", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		checkCarried(t, r, original)
		if got := decodeHeader(t, headerOf(t, r.Bytes, "Subject")); got != r.Subject {
			t.Fatalf("Subject decodes to %q, want %q", got, r.Subject)
		}
		d := Draft(r)
		if !bytes.HasPrefix(d, []byte("X-Unsent: 1\r\n")) || bytes.Contains(d[:bytes.Index(d, []byte("\r\n\r\n"))], []byte("\r\nDate:")) {
			t.Fatal("draft header is wrong")
		}
	})
}

func headerOf(t *testing.T, b []byte, name string) string {
	t.Helper()
	msg, _ := parse(t, b)
	return msg.Header.Get(name)
}
