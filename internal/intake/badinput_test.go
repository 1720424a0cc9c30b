package intake

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/finding"
)

// allocated runs f and returns how many bytes it allocated. How long bad input takes is
// measured by `make bench`, never by a unit test.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// sparse makes a file of size bytes that holds head at its start and tail at its end and
// takes no disk space in between.
func sparse(t *testing.T, name string, head, tail []byte, size int64) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(head); err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	if len(tail) > 0 {
		if _, err := f.WriteAt(tail, size-int64(len(tail))); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func TestHugeFiles(t *testing.T) {
	const size = 200 << 20
	t.Run("200 MB message", func(t *testing.T) {
		p := sparse(t, "big.eml", []byte("Received: from a.example\r\nSubject: big\r\n\r\n"), nil, size)
		var it *Item
		if alloc := allocated(func() { it = mustOpen(t, p, Options{}) }); alloc > 4<<20 {
			t.Errorf("allocated %d bytes", alloc)
		}
		if it.Format != EML || !hasCode(it, finding.TooLarge) || it.Raw != nil {
			t.Fatalf("Format %q, findings %v", it.Format, codes(it))
		}
		if f := it.Findings[0]; f.Severity != finding.Error || !strings.Contains(f.Message, "200 MB") ||
			!strings.Contains(f.Message, "mail servers refuse") {
			t.Errorf("finding %+v", f)
		}
	})
	t.Run("200 MB PDF", func(t *testing.T) {
		p := sparse(t, "big.pdf", []byte("%PDF-1.6\n"), nil, size)
		var it *Item
		if alloc := allocated(func() { it = mustOpen(t, p, Options{}) }); alloc > 4<<20 {
			t.Errorf("allocated %d bytes", alloc)
		}
		if !strings.Contains(it.NotEmail, "PDF") {
			t.Errorf("NotEmail %q", it.NotEmail)
		}
	})
	t.Run("200 MB of zeros", func(t *testing.T) {
		p := sparse(t, "zeros.bin", nil, nil, size)
		it := mustOpen(t, p, Options{})
		if !strings.Contains(it.NotEmail, "binary") {
			t.Errorf("NotEmail %q", it.NotEmail)
		}
	})
	t.Run("200 MB Outlook file", func(t *testing.T) {
		head := cfb(cfbStream{"__properties_version1.0", nil})
		it := mustOpen(t, sparse(t, "big.msg", head, nil, size), Options{})
		if it.Format != MSG || !hasCode(it, finding.TooLarge) || it.Source != nil {
			t.Errorf("Format %q, findings %v", it.Format, codes(it))
		}
	})
	// A mailbox is exempt: Google Takeout files are gigabytes. Only the chosen message is read.
	t.Run("mailbox of 200 MB", func(t *testing.T) {
		head := []byte("From a@b.example Mon Mar  3 21:21:07 2025\nFrom: a@b.example\nSubject: big\n\n")
		tail := []byte("\n\nFrom c@d.example Tue Mar  4 02:10:44 2025\nFrom: c@d.example\nSubject: small\n\nhello\n")
		p := sparse(t, "takeout.mbox", head, tail, size)
		var it *Item
		if alloc := allocated(func() { it = mustOpen(t, p, Options{MboxIndex: 2}) }); alloc > 4<<20 {
			t.Errorf("allocated %d bytes", alloc)
		}
		if it.Format != MBOX || len(it.Mbox) != 2 || string(it.Raw) != "From: c@d.example\r\nSubject: small\r\n\r\nhello\r\n" {
			t.Fatalf("Format %q, %d messages, Raw %q", it.Format, len(it.Mbox), it.Raw)
		}
		if it.Mbox[0].Subject != "big" || it.Mbox[0].Size < 199<<20 {
			t.Errorf("entry 1 %+v", it.Mbox[0])
		}
		first := mustOpen(t, p, Options{})
		if !hasCode(first, finding.TooLarge) || first.Raw != nil {
			t.Errorf("message 1: findings %v", codes(first))
		}
	})
}

// TestBadInput: each gets an Item (or one typed error) that keeps the invariants, without a
// panic.
func TestBadInput(t *testing.T) {
	nested := func(depth int, leaf string) []byte {
		var b strings.Builder
		b.WriteString("From: a@b.example\r\nSubject: deep\r\n")
		for i := 0; i < depth; i++ {
			fmt.Fprintf(&b, "Content-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n--b%d\r\n", i, i)
		}
		b.WriteString(leaf)
		for i := depth - 1; i >= 0; i-- {
			fmt.Fprintf(&b, "\r\n--b%d--\r\n", i)
		}
		return []byte(b.String())
	}
	wrapped := func(depth int) []byte {
		var b strings.Builder
		for i := 0; i < depth; i++ {
			fmt.Fprintf(&b, "From: level%d@b.example\r\nContent-Type: message/rfc822\r\n\r\n", i)
		}
		b.WriteString("From: inner@b.example\r\nSubject: inside\r\n\r\nhello\r\n")
		return []byte(b.String())
	}
	emlx := func(msg []byte) []byte {
		return append([]byte(fmt.Sprintf("%d\n", len(msg))), msg...)
	}
	cases := map[string]struct {
		data  []byte
		check func(t *testing.T, it *Item)
	}{
		"zero bytes": {nil, func(t *testing.T, it *Item) {
			if it.NotEmail != "an empty file" {
				t.Errorf("NotEmail %q", it.NotEmail)
			}
		}},
		"random binary": {randomBytes(1<<20, 42), func(t *testing.T, it *Item) {
			if it.Format != Other {
				t.Errorf("Format %q", it.Format)
			}
		}},
		"2 MB header line": {[]byte("Subject: " + strings.Repeat("spam ", 400_000) + "\r\nFrom: a@b.example\r\n\r\nbody\r\n"), func(t *testing.T, it *Item) {
			if it.Format != EML || len(it.Raw) < 2_000_000 {
				t.Errorf("Format %q, %d bytes", it.Format, len(it.Raw))
			}
		}},
		"2 MB line in a mailbox": {[]byte("From a@b.example Mon Mar  3 21:21:07 2025\nSubject: " + strings.Repeat("x", 2<<20) + "\nFrom: a@b.example\n\nbody\n"), func(t *testing.T, it *Item) {
			if it.Format != EML || !bytes.HasSuffix(it.Raw, []byte("\r\nFrom: a@b.example\r\n\r\nbody\r\n")) {
				t.Errorf("Format %q", it.Format)
			}
		}},
		"300 nested multiparts": {nested(300, "Content-Type: text/plain\r\n\r\nbottom"), func(t *testing.T, it *Item) {
			if it.Format != EML || len(it.Findings) != 0 {
				t.Errorf("Format %q, findings %v", it.Format, codes(it))
			}
		}},
		"300 nested multiparts in a partial emlx": {emlx(nested(300, "Content-Type: image/png\r\nX-Apple-Content-Length: 10\r\n\r\n")), func(t *testing.T, it *Item) {
			if it.Format != EMLX {
				t.Errorf("Format %q", it.Format)
			}
		}},
		"300 nested message wrappers": {wrapped(300), func(t *testing.T, it *Item) {
			if !hasCode(it, finding.UnwrappedAttach) || !strings.Contains(it.Findings[0].Message, fmt.Sprintf("wrapped %d times", maxUnwrap)) {
				t.Errorf("findings %+v", it.Findings)
			}
		}},
		"broken boundary": {[]byte("From: a@b.example\r\nContent-Type: multipart/mixed; boundary=\"never-used\r\n\r\n--other\r\nContent-Type: message/rfc822\r\n\r\nFrom: x@y.example\r\n\r\nx\r\n"), func(t *testing.T, it *Item) {
			if it.Format != EML || it.Wrapper != nil {
				t.Errorf("Format %q, wrapped %v", it.Format, it.Wrapper != nil)
			}
		}},
		"boundary never closed": {[]byte("From: a@b.example\r\nSubject: FW: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nnote\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: x@y.example\r\nSubject: inner\r\n\r\nx\r\n"), func(t *testing.T, it *Item) {
			if !hasCode(it, finding.UnwrappedAttach) || !bytes.HasPrefix(it.Raw, []byte("From: x@y.example")) {
				t.Errorf("findings %v", codes(it))
			}
		}},
		"empty boundary": {[]byte("From: a@b.example\r\nContent-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\n--\r\n"), nil},
		"unknown charsets": {[]byte("From a@b.example Mon Mar  3 21:21:07 2025\nFrom: =?x-klingon?Q?Kor?= <a@b.example>\nSubject: =?x-unknown?B?AAEC?= =?utf-8?Q?caf=C3=A9?=\nContent-Type: text/plain; charset=x-klingon\n\nQapla'\n\nFrom c@d.example Tue Mar  4 02:10:44 2025\nFrom: c@d.example\nSubject: \xff\xfe latin-1 \xe9\n\nx\n"), func(t *testing.T, it *Item) {
			if it.Format != MBOX || len(it.Mbox) != 2 || !strings.Contains(it.Mbox[1].Subject, "latin-1") {
				t.Errorf("Format %q, entries %+v", it.Format, it.Mbox)
			}
		}},
		"emlx count too big": {[]byte("999999999999\nSubject: x\n\nbody\n"), nil},
		"emlx count bigger than the file": {[]byte("500\nSubject: x\n\nbody\n"), func(t *testing.T, it *Item) {
			if it.Format != EMLX || string(it.Raw) != "Subject: x\r\n\r\nbody\r\n" {
				t.Errorf("Format %q, Raw %q", it.Format, it.Raw)
			}
		}},
		"content-length past the end": {[]byte("From a@b.example Mon Mar  3 21:21:07 2025\nSubject: x\nContent-Length: 99999999999999999999\n\nbody\n"), nil},
		"content-length negative":     {[]byte("From a@b.example Mon Mar  3 21:21:07 2025\nSubject: x\nContent-Length: -5\n\nbody\n"), nil},
		"only a From line":            {[]byte("From a@b.example Mon Mar  3 21:21:07 2025\n"), nil},
		"header without end":          {[]byte(strings.Repeat("X-A: b\r\n", 100_000)), nil},
		"odd UTF-16":                  {[]byte("\xff\xfeS\x00u\x00b\x00j\x00:\x00 \x00x\x00\r"), nil},
		"NUL after a header": {[]byte("Subject: x\r\n\r\n\x00\x00\x00\x00"), func(t *testing.T, it *Item) {
			if it.Format != EML {
				t.Errorf("a message with binary content is still a message: %q", it.Format)
			}
		}},
		"PDF sent as binary": {[]byte("From: a@b.example\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: binary\r\n\r\n%PDF-1.4\r\n%%EOF\r\n"), func(t *testing.T, it *Item) {
			if it.Format != EML {
				t.Errorf("Format %q", it.Format)
			}
		}},
		"CFB magic only":         {[]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), nil},
		"zip magic only":         {[]byte("PK\x03\x04"), nil},
		"CFB with a looping FAT": {loopingCFB(), nil},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			it, err := Read(name, c.data, Options{})
			if err != nil {
				t.Fatalf("error %v", err)
			}
			checkInvariants(t, it)
			if c.check != nil {
				c.check(t, it)
			}
		})
	}
}

// loopingCFB is a compound file whose directory chain points back at itself.
func loopingCFB() []byte {
	b := cfb(cfbStream{"__properties_version1.0", nil})
	copy(b[512+4:], []byte{1, 0, 0, 0}) // FAT: the directory sector's next is itself
	return b
}

// big25 is a 25 MB message with a base64 attachment, as mail programs send it.
func big25(lineEnd string) []byte {
	var b bytes.Buffer
	b.WriteString("Received: from mx.example (mx.example [192.0.2.1])" + lineEnd +
		"From: a@b.example" + lineEnd + "To: c@d.example" + lineEnd + "Subject: big" + lineEnd +
		"MIME-Version: 1.0" + lineEnd + "Content-Type: multipart/mixed; boundary=\"x\"" + lineEnd + lineEnd +
		"--x" + lineEnd + "Content-Type: text/plain" + lineEnd + lineEnd + "see attached" + lineEnd +
		"--x" + lineEnd + "Content-Type: application/octet-stream" + lineEnd +
		"Content-Transfer-Encoding: base64" + lineEnd + lineEnd)
	line := strings.Repeat("QUJD", 19) + lineEnd
	for b.Len() < 25<<20 {
		b.WriteString(line)
	}
	b.WriteString("--x--" + lineEnd)
	return b.Bytes()
}

// TestReadLarge: a 25 MB message is read whole and allocates at most twice its size
// (CRLF input is used in place; LF input needs one CRLF copy). Its speed is measured by
// BenchmarkRead and `make bench`.
func TestReadLarge(t *testing.T) {
	for _, le := range []string{"\r\n", "\n"} {
		data := big25(le)
		var it *Item
		alloc := allocated(func() { it, _ = Read("big.eml", data, Options{}) })
		if it == nil || it.Format != EML || len(it.Raw) < len(data) {
			t.Fatalf("line end %q: bad result", le)
		}
		t.Logf("line end %q: %d MB, %.2f× its size allocated", le, len(data)>>20, float64(alloc)/float64(len(data)))
		if alloc > 2*uint64(len(data)) {
			t.Errorf("line end %q: allocated %d bytes for %d", le, alloc, len(data))
		}
	}
}

func BenchmarkRead(b *testing.B) {
	for _, c := range []struct{ name, le string }{{"25MB-CRLF", "\r\n"}, {"25MB-LF", "\n"}} {
		data := big25(c.le)
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Read("big.eml", data, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
