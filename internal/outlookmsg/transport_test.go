package outlookmsg

import (
	"bytes"
	"strings"
	"testing"

	"github.com/emersion/go-message"
)

// TestLineLengthLimit: a line may hold 998 octets before its CRLF (RFC 5322 §2.1.1). The
// converter once counted the CR toward the limit, so a legal 998-octet line made text
// quoted-printable and an attached email lose its message/rfc822 type.
func TestLineLengthLimit(t *testing.T) {
	line := func(n int) string { return strings.Repeat("x", n) + "\r\n" }
	email := func(n int) []byte {
		return []byte("From: a@example.test\r\nSubject: long\r\n\r\n" + line(n))
	}
	cases := []struct {
		name string
		msg  *msgBuilder
		want string // a leaf as leaves names it, with its transfer encoding
	}{
		{"text, 998 octets", mailMsg().str(pidBody, line(998)), "text/plain 7bit"},
		{"text, 999 octets", mailMsg().str(pidBody, line(999)), "text/plain quoted-printable"},
		{"attached .eml, 998 octets", mailMsg().sub(attachPrefix+"00000000", attachFile("m.eml", "message/rfc822", email(998))),
			"message/rfc822 attachment m.eml 7bit"},
		{"attached .eml, 999 octets", mailMsg().sub(attachPrefix+"00000000", attachFile("m.eml", "message/rfc822", email(999))),
			"application/octet-stream attachment m.eml base64"},
		{"attached email, 998 octets", mailMsg().sub(attachPrefix+"00000000", embedAttach("inner", mailMsg().str(pidBody, line(998)))),
			"message/rfc822 attachment inner.eml 7bit"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := mustConvert(t, c.msg.file())
			got := leafEncodings(t, res.Message)
			if !strings.Contains(strings.Join(got, "|"), c.want) {
				t.Errorf("parts %q, want one %q", got, c.want)
			}
		})
	}
}

// leafEncodings names the leaf parts of a message as leaves does, each followed by its
// transfer encoding.
func leafEncodings(t *testing.T, raw []byte) []string {
	t.Helper()
	var out []string
	var walk func(e *message.Entity)
	walk = func(e *message.Entity) {
		if mr := e.MultipartReader(); mr != nil {
			for {
				p, err := mr.NextPart()
				if err != nil {
					return
				}
				walk(p)
			}
		}
		mt, _, _ := e.Header.ContentType()
		disp, dp, _ := e.Header.ContentDisposition()
		out = append(out, strings.Join(strings.Fields(mt+" "+disp+" "+dp["filename"]+" "+e.Header.Get("Content-Transfer-Encoding")), " "))
	}
	e, err := message.Read(bytes.NewReader(raw))
	if e == nil {
		t.Fatalf("unreadable: %v", err)
	}
	walk(e)
	return out
}

// TestTransportHeaderLines: the kept delivery header is read by the one header reader. A
// line that is not a field is left out and the fields after it kept; a continuation line of
// white space alone (obsolete folding, RFC 5322 §4.2) is read as folding, not as the end of
// the header, and is not written again (RFC 5322 §3.2.2).
func TestTransportHeaderLines(t *testing.T) {
	cases := []struct{ name, th, want string }{
		{"junk line mid-header",
			"Received: from a by b; Mon, 9 Nov 2026 09:14:03 +1300\r\nthis is not a field\r\nFrom: x@example.test\r\n\r\n",
			"Received: from a by b; Mon, 9 Nov 2026 09:14:03 +1300\r\nFrom: x@example.test\r\n"},
		{"white-space line",
			"Received: from a by b;\r\n \r\n Mon, 9 Nov 2026 09:14:03 +1300\r\nFrom: x@example.test\r\n",
			"Received: from a by b;\r\n Mon, 9 Nov 2026 09:14:03 +1300\r\nFrom: x@example.test\r\n"},
		{"bare CR line ends",
			"Received: from a by b;\r\tMon, 9 Nov 2026 09:14:03 +1300\rFrom: x@example.test\r\r",
			"Received: from a by b;\r\n\tMon, 9 Nov 2026 09:14:03 +1300\r\nFrom: x@example.test\r\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := mustConvert(t, mailMsg().str(pidTransportHeaders, c.th).file())
			if !res.Delivered || !strings.HasPrefix(string(res.Message), c.want) {
				t.Errorf("header:\n%q\nwant it to start\n%q", headerOf(res.Message), c.want)
			}
		})
	}
}
