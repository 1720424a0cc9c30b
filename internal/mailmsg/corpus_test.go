package mailmsg

import (
	"bufio"
	"bytes"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset"
	gomail "github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"
)

// corpusFiles lists the shared corpus's message files, or skips when it is absent.
func corpusFiles(t testing.TB) []string {
	root := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("shared corpus not found at %s: these tests read real messages from it", root)
	}
	var files []string
	for _, dir := range []string{"eml", "spam", "bounce"} {
		filepath.Walk(filepath.Join(root, dir), func(p string, fi os.FileInfo, err error) error {
			if err == nil && fi.Mode().IsRegular() && !strings.HasSuffix(p, ".tsv") && !strings.HasSuffix(p, ".md") {
				files = append(files, p)
			}
			return nil
		})
	}
	if len(files) == 0 {
		t.Skip("shared corpus holds no messages")
	}
	return files
}

// betterThanGoMessage lists the files where this package reads a subject right and
// go-message does not.
var betterThanGoMessage = map[string]bool{
	// "=?utf-16?b?…?=" little-endian without a byte-order mark: go-message follows
	// RFC 2781 §4.3 (big-endian) and shows CJK noise; the zero bytes say little-endian.
	"spam/spamassassin-spam-utf16.eml": true,
}

// TestCorpus reads every corpus message with every reader: nothing may panic, and where
// go-message and net/mail read a Subject or a Date, this package must read the same.
func TestCorpus(t *testing.T) {
	var subjects, dates, walked int
	for _, p := range corpusFiles(t) {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(filepath.Dir(p)) + "/" + filepath.Base(p)
		h := ParseHeader(raw)
		for _, f := range h.Fields {
			if f.Start < 0 || f.End > len(raw) || f.Start >= f.End {
				t.Errorf("%s: field %s offsets %d..%d", name, f.Name, f.Start, f.End)
			}
		}
		res := Walk(raw, Limits{}, func(p *Part) Action {
			p.Decoded(1 << 16)
			ParseAddressList(p.Header.Get("From"), "")
			return Descend
		})
		if res.Parts > 0 {
			walked++
		}
		ParseAddressList(h.Get("To"), h.Charset())
		ParseSubject(h.Get("Subject"))
		IsNoticeSender(h.Get("From"))

		ref, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(raw)))
		if err != nil {
			continue // go-message stops at a damaged line; nothing to compare
		}
		if v := ref.Get("Subject"); v != "" && isASCII(v) {
			mh := gomail.Header{Header: message.Header{Header: ref}}
			if want, err := mh.Subject(); err == nil && !strings.ContainsRune(want, '\uFFFD') {
				got, _ := h.Text("Subject")
				if got != OneLine(want) && !betterThanGoMessage[name] {
					t.Errorf("%s: Subject %q, go-message %q", name, got, OneLine(want))
				}
				subjects++
			}
		}
		if v := ref.Get("Date"); v != "" {
			want, err := mail.ParseDate(v)
			if _, off := want.Zone(); err == nil && (off != 0 || strings.Contains(v, "+0000") || strings.Contains(v, "GMT")) {
				got, ok := ParseDate(h.Get("Date"))
				if !ok || !got.Time.Equal(want) {
					t.Errorf("%s: Date %q read as %v, net/mail %v", name, v, got.Time, want)
				}
				dates++
			}
		}
	}
	t.Logf("walked %d messages, compared %d subjects and %d dates", walked, subjects, dates)
	if subjects < 50 || dates < 50 {
		t.Errorf("compared only %d subjects and %d dates: the corpus reading is broken", subjects, dates)
	}
}
