package check

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/intake"
)

// TestHostileInput: broken and oversized messages get a verdict with the right findings and
// never panic. How fast they are checked is measured by `make bench`, not here.
func TestHostileInput(t *testing.T) {
	nested := func(depth int) []byte {
		var b bytes.Buffer
		b.WriteString("From: a@example.com\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n")
		for i := 1; i <= depth; i++ {
			fmt.Fprintf(&b, "--b%d\r\nContent-Type: multipart/mixed; boundary=b%d\r\n\r\n", i-1, i)
		}
		fmt.Fprintf(&b, "--b%d\r\nContent-Type: text/plain\r\n\r\n---------- Forwarded message ---------\r\n", depth)
		for i := depth; i >= 0; i-- {
			fmt.Fprintf(&b, "--b%d--\r\n", i)
		}
		return b.Bytes()
	}
	huge := strings.Repeat("A", 2<<20)
	tests := []struct {
		name  string
		raw   []byte
		codes []string // when set, the exact findings
	}{
		{"300 nested multiparts", nested(300), []string{"no-received/warning", "malformed-mime/warning"}},
		{"40 nested multiparts are read", nested(40), []string{"inline-forward/error", "no-received/warning"}},
		{"2 MB header line", []byte("Subject: " + huge + "\r\nFrom: a@example.com\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\n\r\nhi\r\n"),
			[]string{"no-received/warning"}},
		{"2 MB folded header", []byte("Subject: x\r\n " + strings.Repeat("y \r\n ", 300000) + "z\r\nFrom: a@b\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\n\r\nhi\r\n"),
			[]string{"no-received/warning"}},
		{"missing end boundary", []byte("From: a@b\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nhello\r\n"),
			[]string{"no-received/warning", "malformed-mime/warning"}},
		{"boundary never appears", []byte("From: a@b\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\nhello\r\n"),
			[]string{"no-received/warning", "malformed-mime/warning"}},
		{"multipart without boundary", []byte("From: a@b\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\nContent-Type: multipart/mixed\r\n\r\nhello\r\n"),
			[]string{"no-received/warning", "malformed-mime/warning"}},
		{"unknown charset", []byte("From: a@b\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\n---------- Forwarded message ---------\r\n"),
			[]string{"inline-forward/error", "no-received/warning", "unknown-charset/info"}},
		{"unknown transfer encoding", []byte("From: a@b\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\nContent-Transfer-Encoding: x-rot13\r\n\r\nhello\r\n"),
			[]string{"no-received/warning"}},
		{"binary junk", bytes.Repeat([]byte{0, 0xff, '\n', ':', '\r'}, 100000), []string{"not-email/error"}},
		{"many tiny fields", bytes.Repeat([]byte("X-A: 1\r\n"), 500000), nil},
		{"many parts", manyParts(5000), nil},
		{"only a separator", []byte("\r\n\r\n"), []string{"not-email/error"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Check(&intake.Item{Name: "x", Format: intake.EML, Raw: tt.raw})
			if tt.codes != nil && strings.Join(codes(r.Findings), " ") != strings.Join(tt.codes, " ") {
				t.Errorf("findings %v, want %v", codes(r.Findings), tt.codes)
			}
			checkFindingTexts(t, r.Findings)
		})
	}
}

func manyParts(n int) []byte {
	var b bytes.Buffer
	b.WriteString("From: a@b\r\nContent-Type: multipart/mixed; boundary=p\r\n\r\n")
	for range n {
		b.WriteString("--p\r\nContent-Type: text/plain\r\n\r\nx\r\n")
	}
	b.WriteString("--p--\r\n")
	return b.Bytes()
}

// bigMessage builds a message of about 25 MB the way a mail program sends a large
// attachment: text and HTML alternatives, a 20 MB base64 attachment, and a DKIM signature
// whose body hash matches.
func bigMessage(tb testing.TB) []byte {
	tb.Helper()
	var body bytes.Buffer
	body.WriteString("--outer\r\nContent-Type: multipart/alternative; boundary=alt\r\n\r\n")
	body.WriteString("--alt\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	for range 2000 {
		body.WriteString("Please find the quarterly report attached. Caf=C3=A9 figures are up.\r\n")
	}
	body.WriteString("--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>")
	for range 2000 {
		body.WriteString("<p>Please find the quarterly report attached.</p>\r\n")
	}
	body.WriteString("</body></html>\r\n--alt--\r\n")
	body.WriteString("--outer\r\nContent-Type: application/pdf; name=report.pdf\r\nContent-Disposition: attachment; filename=report.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	chunk := make([]byte, 57)
	for i := range chunk {
		chunk[i] = byte(i * 7)
	}
	line := base64.StdEncoding.EncodeToString(chunk) + "\r\n"
	for body.Len() < 25<<20 {
		body.WriteString(line)
	}
	body.WriteString("--outer--\r\n")
	sum := sha256.Sum256(body.Bytes()) // already canonical for simple: CRLF lines, no trailing blank lines
	var msg bytes.Buffer
	msg.WriteString("Received: from mail.example.org (mail.example.org [198.51.100.5]) by mx.example.net; Tue, 3 Mar 2026 10:00:00 +0000\r\n")
	msg.WriteString("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/simple; d=example.org; s=s1; h=from:subject;\r\n bh=" +
		base64.StdEncoding.EncodeToString(sum[:]) + "; b=AAAA\r\n")
	msg.WriteString("From: Reports <reports@example.org>\r\nTo: a@example.net\r\nSubject: Quarterly report\r\n")
	msg.WriteString("Date: Tue, 3 Mar 2026 10:00:00 +0000\r\nMessage-ID: <big@example.org>\r\nMIME-Version: 1.0\r\n")
	msg.WriteString("Content-Type: multipart/mixed; boundary=outer\r\n\r\n")
	msg.Write(body.Bytes())
	return msg.Bytes()
}

// TestLargeMessage: 25 MB with a big attachment is the original and checking it allocates
// well under half its size (the check reads the message in place). Its speed is measured by
// BenchmarkCheck25MB and `make bench`.
func TestLargeMessage(t *testing.T) {
	if testing.Short() {
		t.Skip("large message")
	}
	raw := bigMessage(t)
	it := &intake.Item{Name: "big.eml", Format: intake.EML, Raw: raw}
	if r := Check(it); r.Verdict != Original || len(r.Findings) != 0 {
		t.Fatalf("got %s %v", r.Verdict, codes(r.Findings))
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	Check(it)
	runtime.ReadMemStats(&after)
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d bytes: %d bytes allocated", len(raw), allocated)
	if allocated > uint64(len(raw))/2 {
		t.Errorf("allocated %d bytes for a %d-byte message", allocated, len(raw))
	}
}

func BenchmarkCheck25MB(b *testing.B) {
	raw := bigMessage(b)
	it := &intake.Item{Name: "big.eml", Format: intake.EML, Raw: raw}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		Check(it)
	}
}
