package intake

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/reportmail/reportmail/internal/finding"
	"github.com/reportmail/reportmail/internal/mailmsg"
)

// corpusDir is the shared corpus of real messages, next to the repository (never copied in).
const corpusDir = "../../../shared/corpus"

func needCorpus(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("the shared corpus is not at %s (it lives beside the repository, not in it): %v", corpusDir, err)
	}
}

func codes(it *Item) []string {
	var cs []string
	for _, f := range it.Findings {
		cs = append(cs, f.Code)
	}
	return cs
}

func hasCode(it *Item, code string) bool { return slices.Contains(codes(it), code) }

func mustOpen(t *testing.T, path string, opt Options) *Item {
	t.Helper()
	it, err := Open(path, opt)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	checkInvariants(t, it)
	return it
}

// checkInvariants holds for every Item: Raw has CR LF line ends only, user-facing text is
// plain and filled in, a not-email file has no Raw.
func checkInvariants(t testing.TB, it *Item) {
	t.Helper()
	if it == nil {
		t.Fatal("nil Item without an error")
	}
	if bareLF(it.Raw) {
		t.Errorf("Raw has a line feed without a carriage return")
	}
	if it.Wrapper != nil && bareLF(it.Wrapper) {
		t.Errorf("Wrapper has a line feed without a carriage return")
	}
	if it.NotEmail != "" && it.Raw != nil {
		t.Errorf("NotEmail %q but Raw is set", it.NotEmail)
	}
	switch it.Format {
	case EML, TXT, MSG, EMLX, MBOX, Other:
	default:
		t.Errorf("Format %q is not one of the contract's values", it.Format)
	}
	for _, f := range it.Findings {
		if f.Code == "" || f.Message == "" || f.Advice == "" {
			t.Errorf("finding %+v is missing a code, message or advice", f)
		}
		if f.Severity != finding.Error && f.Severity != finding.Warning && f.Severity != finding.Info {
			t.Errorf("finding %s has severity %q", f.Code, f.Severity)
		}
		plainWords(t, f.Message)
		plainWords(t, f.Advice)
	}
	for _, s := range it.Steps {
		plainWords(t, s)
	}
}

// plainWords rejects the jargon an office worker would not understand.
func plainWords(t testing.TB, s string) {
	t.Helper()
	for _, w := range []string{"CRLF", "LF", "MIME", "rfc822", "RFC", "mbox", "base64", "UTF-8", "BOM", "plist", "multipart", "header"} {
		if strings.Contains(s, w) {
			t.Errorf("user-facing text uses jargon %q: %s", w, s)
		}
	}
}

func bareLF(b []byte) bool {
	for i, c := range b {
		if c == '\n' && (i == 0 || b[i-1] != '\r') {
			return true
		}
	}
	return false
}

func crlf(b []byte) []byte { return toCRLF(b) }

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestTestdata runs each of our own sample files, one per row of the intake table in
// DESIGN.md, through both Open and Read.
func TestTestdata(t *testing.T) {
	type want struct {
		format   Format
		codes    []string // exactly these finding codes, in order
		notEmail string   // a part of Item.NotEmail
		raw      string   // testdata file whose CR LF form Raw must equal; "=" for the file itself
		contains []string // Raw must contain these
		steps    int      // how many steps
		wrapped  bool
		onlyOpen bool // needs the file's folder (partial .emlx attachments)
	}
	none := []string(nil)
	cases := map[string]want{
		"crlf.eml":                            {format: EML, codes: none, raw: "="},
		"lf.eml":                              {format: EML, codes: none, raw: "crlf.eml"},
		"thunderbird.eml":                     {format: EML, codes: none, contains: []string{"X-Mozilla-Status: 0001\r\n", "\r\nReturn-Path:"}, steps: 1},
		"viewsource-utf8bom.txt":              {format: TXT, codes: []string{finding.DecodedText}, raw: "crlf.eml", steps: 1},
		"viewsource-utf16le.txt":              {format: TXT, codes: []string{finding.DecodedText}, raw: "crlf.eml", steps: 1},
		"viewsource-utf16be.txt":              {format: TXT, codes: []string{finding.DecodedText}, raw: "crlf.eml", steps: 1},
		"viewsource-padded.txt":               {format: TXT, codes: []string{finding.DecodedText}, raw: "crlf.eml", steps: 2},
		"several.mbox":                        {format: MBOX, codes: []string{finding.MboxSeveral}, contains: []string{"Subject: Overdue invoice", "\r\n\r\nFrom my records you have not paid.\r\n"}, steps: 2},
		"apple.emlx":                          {format: EMLX, codes: none, raw: "crlf.eml", steps: 1},
		"emlx/Messages/4242.partial.emlx":     {format: EMLX, codes: none, contains: []string{"JVBERi0xLjQK", "Notizen f=C3=BCr Anna"}, steps: 2, onlyOpen: true},
		"emlx/Messages/4243.partial.emlx":     {format: EMLX, codes: []string{finding.PartialEmlx}, contains: []string{"X-Apple-Content-Length: 193"}, steps: 1},
		"forward-attachment.eml":              {format: EML, codes: []string{finding.UnwrappedAttach}, raw: "forward-inner.eml", steps: 1, wrapped: true},
		"forward-base64.eml":                  {format: EML, codes: []string{finding.UnwrappedAttach}, raw: "forward-inner.eml", steps: 1, wrapped: true},
		"forward-inner.eml":                   {format: EML, codes: none, raw: "="},
		"forward-own-sent.eml":                {format: EML, codes: []string{finding.UnwrappedAttach}, contains: []string{"Subject: Contract draft\r\n"}, steps: 1, wrapped: true},
		"rfc822-top.eml":                      {format: EML, codes: []string{finding.UnwrappedAttach}, raw: "forward-inner.eml", steps: 1, wrapped: true},
		"spam-report.eml":                     {format: EML, codes: []string{finding.UnwrappedAttach}, contains: []string{"Received: from mail.prize-claims.example"}, steps: 1, wrapped: true},
		"delivered-with-attached-message.eml": {format: EML, codes: none, raw: "="},
		// Rejection notices that returned the whole email: it is the original (issue 11).
		"bounce-mixed.eml": {format: EML, codes: []string{finding.ReturnedOriginal}, steps: 1, wrapped: true,
			contains: []string{"From: Anna Smith <anna.smith@harbourlaw.example.nz>\r\n", "\r\n\r\nPlease find the draft below.\r\n"}},
		"dsn-report.eml": {format: EML, codes: []string{finding.ReturnedOriginal}, steps: 1, wrapped: true,
			contains: []string{"Received: from [10.0.0.12]", "\r\n\r\nPlease find the draft below.\r\n"}},
		"forward-with-pdf.eml": {format: EML, codes: none, raw: "="},
		"plain-note.txt":       {format: EML, codes: none, raw: "="},
		"saved-page.mhtml":     {format: Other, codes: []string{finding.NotEmail}, notEmail: "saved web page"},
		"saved-page.html":      {format: Other, codes: []string{finding.NotEmail}, notEmail: "web page"},
		"outlook-saveas.rtf":   {format: Other, codes: []string{finding.NotEmail}, notEmail: "RTF"},
	}
	// Every sample file must have a row, so a new sample cannot be forgotten.
	err := filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel("testdata", p)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(rel, "fuzz/") || strings.HasPrefix(rel, "emlx/Attachments/") {
			return nil
		}
		if _, ok := cases[rel]; !ok {
			t.Errorf("testdata/%s has no row in TestTestdata", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, w := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", filepath.FromSlash(name))
			it := mustOpen(t, path, Options{})
			check := func(it *Item, how string) {
				if it.Format != w.format {
					t.Errorf("%s: Format %q, want %q", how, it.Format, w.format)
				}
				if got := codes(it); !slices.Equal(got, w.codes) {
					t.Errorf("%s: findings %v, want %v", how, got, w.codes)
				}
				if w.notEmail != "" && !strings.Contains(it.NotEmail, w.notEmail) {
					t.Errorf("%s: NotEmail %q, want it to mention %q", how, it.NotEmail, w.notEmail)
				}
				if w.notEmail == "" && it.Raw == nil {
					t.Errorf("%s: no Raw", how)
				}
				switch w.raw {
				case "":
				case "=":
					if want := crlf(readTestdata(t, name)); !bytes.Equal(it.Raw, want) {
						t.Errorf("%s: Raw differs from the file:\n%q\nwant\n%q", how, it.Raw, want)
					}
				default:
					if want := crlf(readTestdata(t, w.raw)); !bytes.Equal(it.Raw, want) {
						t.Errorf("%s: Raw differs from %s:\n%q\nwant\n%q", how, w.raw, it.Raw, want)
					}
				}
				for _, c := range w.contains {
					if !bytes.Contains(it.Raw, []byte(c)) {
						t.Errorf("%s: Raw lacks %q", how, c)
					}
				}
				if len(it.Steps) != w.steps {
					t.Errorf("%s: steps %q, want %d of them", how, it.Steps, w.steps)
				}
				if (it.Wrapper != nil) != w.wrapped {
					t.Errorf("%s: Wrapper set = %v, want %v", how, it.Wrapper != nil, w.wrapped)
				}
				if w.wrapped && !bytes.Equal(it.Wrapper, crlf(readTestdata(t, name))) {
					t.Errorf("%s: Wrapper is not the file as given", how)
				}
			}
			check(it, "Open")
			if w.onlyOpen {
				return
			}
			rd, err := Read(name, readTestdata(t, name), Options{})
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			checkInvariants(t, rd)
			check(rd, "Read")
			if rd.Name != name || it.Name != path {
				t.Errorf("Name: Read %q, Open %q", rd.Name, it.Name)
			}
		})
	}
}

func TestThunderbirdFromLine(t *testing.T) {
	it := mustOpen(t, "testdata/thunderbird.eml", Options{})
	src := readTestdata(t, "thunderbird.eml")
	_, next := lineAt(src, 0)
	if !bytes.Equal(it.Raw, src[next:]) {
		t.Errorf("Raw is not the file without its first line")
	}
	if it.MboxIndex != 0 || it.Mbox != nil {
		t.Errorf("a one-message file is no mailbox: MboxIndex %d, Mbox %v", it.MboxIndex, it.Mbox)
	}
}

func TestMboxPick(t *testing.T) {
	it := mustOpen(t, "testdata/several.mbox", Options{})
	if it.MboxIndex != 1 || len(it.Mbox) != 3 {
		t.Fatalf("MboxIndex %d, %d entries", it.MboxIndex, len(it.Mbox))
	}
	e := it.Mbox[1]
	if e.Index != 2 || e.From != "Kiwi Bank Sécurité <noreply@bank.example>" ||
		e.Subject != "Your account is locked 🔒" || e.Date != "2025-03-04T02:10:40Z" || e.Size <= 0 {
		t.Errorf("entry 2 = %+v", e)
	}
	if it.Findings[0].Severity != finding.Warning || !strings.Contains(it.Findings[0].Message, "holds 3 messages; message 1 was used") {
		t.Errorf("finding %+v", it.Findings[0])
	}

	two := mustOpen(t, "testdata/several.mbox", Options{MboxIndex: 2})
	if two.MboxIndex != 2 || !bytes.HasPrefix(two.Raw, []byte("Return-Path: <noreply@bank.example>\r\n")) {
		t.Errorf("message 2: index %d, Raw %q", two.MboxIndex, two.Raw[:min(len(two.Raw), 60)])
	}
	// mboxrd: one ">" goes from every quoted "From " line.
	if !bytes.HasSuffix(two.Raw, []byte("account.\r\nFrom the security team.\r\n>From a quoted reply.\r\n>>From deeper.\r\n")) {
		t.Errorf("message 2 unquoting: %q", two.Raw)
	}
	if !slices.Contains(two.Steps, stepUnquote(3)) || two.Findings[0].Severity != finding.Info {
		t.Errorf("message 2: steps %q findings %+v", two.Steps, two.Findings)
	}
	three := mustOpen(t, "testdata/several.mbox", Options{MboxIndex: 3})
	if !bytes.HasSuffix(three.Raw, []byte("\r\n\r\nShall we meet at noon?\r\n")) {
		t.Errorf("message 3: %q", three.Raw)
	}
	for _, bad := range []int{4, -1} {
		_, err := Open("testdata/several.mbox", Options{MboxIndex: bad})
		var mi *MboxIndexError
		if !errors.As(err, &mi) || mi.Index != bad || mi.Count != 3 {
			t.Errorf("MboxIndex %d: error %v", bad, err)
		}
		_, err = Read("several.mbox", readTestdata(t, "several.mbox"), Options{MboxIndex: bad})
		if !errors.As(err, &mi) {
			t.Errorf("Read with MboxIndex %d: error %v", bad, err)
		}
	}
}

func TestPartialEmlxTestdata(t *testing.T) {
	it := mustOpen(t, "testdata/emlx/Messages/4242.partial.emlx", Options{})
	if bytes.Contains(it.Raw, []byte("X-Apple-Content-Length")) {
		t.Errorf("X-Apple-Content-Length left in")
	}
	want := []string{"quote.pdf", "Notizen für Anna.txt"}
	if !slices.Contains(it.Steps, stepRestored(want)) {
		t.Errorf("steps %q", it.Steps)
	}
	leaves := collectLeaves(it.Raw)
	if len(leaves) != 3 {
		t.Fatalf("%d parts", len(leaves))
	}
	for i, file := range []string{"testdata/emlx/Attachments/4242/2/quote.pdf", "testdata/emlx/Attachments/4242/3/Notizen für Anna.txt"} {
		e := leaves[strconv.Itoa(i+2)]
		if e == nil {
			t.Fatalf("no part %d", i+2)
		}
		body := e.Body()
		for _, line := range bytes.Split(body, []byte("\r\n")) {
			if len(line) > 76 {
				t.Errorf("part %d has a line of %d characters", i+2, len(line))
			}
		}
		orig, _ := os.ReadFile(file)
		if got := e.Decoded(0); !bytes.Equal(got, crlf(orig)) && !bytes.Equal(got, orig) {
			t.Errorf("part %d decodes to %q, want %q", i+2, got, orig)
		}
	}

	missing := mustOpen(t, "testdata/emlx/Messages/4243.partial.emlx", Options{})
	if m := missing.Findings[0].Message; !strings.Contains(m, "quote.pdf, Notizen für Anna.txt") || !strings.Contains(m, "2 attachments") {
		t.Errorf("missing attachments finding: %s", m)
	}
	// Read has no folder to look in: the same file reports its attachments missing.
	rd, _ := Read("4242.partial.emlx", readTestdata(t, "emlx/Messages/4242.partial.emlx"), Options{})
	if !hasCode(rd, finding.PartialEmlx) || !bytes.Equal(rd.Raw, missing.Raw) {
		t.Errorf("Read of a partial emlx: %v", codes(rd))
	}
}

func TestFileErrors(t *testing.T) {
	var fe *FileError
	_, err := Open(filepath.Join(t.TempDir(), "gone.eml"), Options{})
	if !errors.As(err, &fe) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	dir := t.TempDir()
	_, err = Open(dir, Options{})
	if !errors.As(err, &fe) || !errors.Is(err, syscall.EISDIR) || fe.Path != dir {
		t.Errorf("folder: %v", err)
	}
	if os.Geteuid() != 0 {
		p := filepath.Join(dir, "locked.eml")
		if err := os.WriteFile(p, []byte("Subject: x\r\n\r\nx\r\n"), 0o000); err != nil {
			t.Fatal(err)
		}
		_, err = Open(p, Options{})
		if !errors.As(err, &fe) || !errors.Is(err, fs.ErrPermission) {
			t.Errorf("unreadable file: %v", err)
		}
	}
	if fe != nil && (fe.Error() == "" || fe.Unwrap() == nil) {
		t.Errorf("FileError text %q", fe.Error())
	}
	mi := &MboxIndexError{Index: 5, Count: 2}
	if !strings.Contains(mi.Error(), "5") {
		t.Errorf("MboxIndexError text %q", mi.Error())
	}
}

func TestLineEnds(t *testing.T) {
	for in, want := range map[string]string{
		"":                   "",
		"a":                  "a",
		"a\nb\n":             "a\r\nb\r\n",
		"a\r\nb\r\n":         "a\r\nb\r\n",
		"a\r\nb\nc":          "a\r\nb\r\nc",
		"\n\n":               "\r\n\r\n",
		"a\rb\r":             "a\r\nb\r\n", // classic Mac OS
		"a\r\nb\rc\n":        "a\r\nb\rc\r\n",
		"Subject: x\n\nbody": "Subject: x\r\n\r\nbody",
	} {
		if got := string(toCRLF([]byte(in))); got != want {
			t.Errorf("toCRLF(%q) = %q, want %q", in, got, want)
		}
	}
	// Already CR LF: the same slice comes back, not a copy.
	b := []byte("a\r\nb\r\n")
	if out := toCRLF(b); &out[0] != &b[0] {
		t.Errorf("CR LF input was copied")
	}
}

// TestMediaType pins the Content-Type and Content-Disposition values intake meets in Apple
// Mail and Netscape files, as mailmsg reads them.
func TestMediaType(t *testing.T) {
	for _, c := range []struct {
		in, mt string
		params map[string]string
	}{
		{`text/plain; charset="utf-8"`, "text/plain", map[string]string{"charset": "utf-8"}},
		{"multipart/mixed;;\r\n Boundary=\"===_ _= 12(26598)\"", "multipart/mixed", map[string]string{"boundary": "===_ _= 12(26598)"}},
		{"APPLICATION/VNDMS-EXCEL;\n\tfilename*0=\"Really_\";\n\tfilename*1=long.xls\n\tx-unix-mode=0666", "application/vndms-excel",
			map[string]string{"filename": "Really_long.xls", "x-unix-mode": "0666"}},
		{"attachment; filename*=utf-8''Tu%CC%88bingen.pdf", "attachment", map[string]string{"filename": "Tu\u0308bingen.pdf"}},
		{"attachment; filename*=iso-8859-1''K%F6ln.txt", "attachment", map[string]string{"filename": "Köln.txt"}},
		{`text/plain; name="unterminated`, "text/plain", map[string]string{"name": "unterminated"}},
		{"", "", map[string]string{}},
	} {
		m := mailmsg.ParseMediaType(c.in)
		mt, params := m.Type, m.Params
		if mt != c.mt {
			t.Errorf("%q: type %q, want %q", c.in, mt, c.mt)
		}
		for k, v := range c.params {
			if params[k] != v {
				t.Errorf("%q: %s = %q, want %q", c.in, k, params[k], v)
			}
		}
	}
}
