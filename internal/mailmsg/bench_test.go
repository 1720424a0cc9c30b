package mailmsg

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"testing"
)

// deliveredMessage builds the message scripts/bench/check.go measures: a Received chain, a
// text and an HTML part and one large attachment filling it up to about size bytes.
func deliveredMessage(size int) []byte {
	var m bytes.Buffer
	for i := range 8 {
		fmt.Fprintf(&m, "Received: from mx%d.example.test (mx%d.example.test [192.0.2.%d]) by mx%d.example.test; Tue, 3 Mar 2026 10:00:0%d +0000\r\n", i, i, i, i+1, i)
	}
	m.WriteString("From: Jane <jane@example.test>\r\nTo: bob@example.test\r\nSubject: =?utf-8?q?Quarterly_caf=C3=A9?=\r\n" +
		"Date: Tue, 3 Mar 2026 10:00:00 +0000\r\nMessage-ID: <bench@example.test>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"=_bench_boundary_7f3a\"\r\n\r\n")
	b := "=_bench_boundary_7f3a"
	fmt.Fprintf(&m, "--%s\r\nContent-Type: multipart/alternative; boundary=\"%s-alt\"\r\n\r\n", b, b)
	fmt.Fprintf(&m, "--%s-alt\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n", b)
	for i := range 400 {
		fmt.Fprintf(&m, "Line %d of the quarterly report, with caf=C3=A9 prices=\r\n and more.\r\n", i)
	}
	fmt.Fprintf(&m, "--%s-alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>x</p>\r\n--%s-alt--\r\n", b, b)
	fmt.Fprintf(&m, "--%s\r\nContent-Type: application/octet-stream; name=\"report.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n", b)
	rng := rand.New(rand.NewPCG(1, 2))
	raw := make([]byte, 57)
	line := make([]byte, 76)
	for m.Len() < size-2048 {
		for i := range raw {
			raw[i] = byte(rng.Uint32())
		}
		base64.StdEncoding.Encode(line, raw)
		m.Write(line)
		m.WriteString("\r\n")
	}
	fmt.Fprintf(&m, "--%s--\r\n", b)
	return m.Bytes()
}

var bench25 = deliveredMessage(25 << 20)

func BenchmarkHeader(b *testing.B) {
	b.SetBytes(int64(len(bench25)))
	for b.Loop() {
		h := ParseHeader(bench25)
		h.Text("Subject")
	}
}

// BenchmarkWalk walks the 25 MB message, reading every part's header and media type but
// decoding only the text parts, as the check does.
func BenchmarkWalk(b *testing.B) {
	b.SetBytes(int64(len(bench25)))
	for b.Loop() {
		Walk(bench25, Limits{}, func(p *Part) Action {
			if p.Type.Type == "text/plain" || p.Type.Type == "text/html" {
				p.Decoded(256 << 10)
			}
			return Continue
		})
	}
}

// BenchmarkDecodeAttachment decodes the 25 MB attachment, what intake does to an attached
// message.
func BenchmarkDecodeAttachment(b *testing.B) {
	var body []byte
	Walk(bench25, Limits{}, func(p *Part) Action {
		if p.Type.Type == "application/octet-stream" {
			body = p.Body()
		}
		return Continue
	})
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		DecodeBase64(body, 0)
	}
}
