package report

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"mime/quotedprintable"
	"strings"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// part is one body part: its header lines and its body, already encoded with CRLF line ends.
type part struct {
	header []string
	body   []byte
	cte    string
	name   string
}

// messagePart attaches a message unchanged as message/rfc822 when it can travel as 7bit or
// 8bit, and otherwise as a base64 application/octet-stream .eml, saying why.
func messagePart(msg []byte, name string, eightBitOK bool) (part, mailmsg.Hold) {
	cte, why := mailmsg.Transport(msg, eightBitOK)
	if why != mailmsg.Travels {
		p := base64Part("application/octet-stream", name, msg)
		return p, why
	}
	return part{
		header: []string{
			"Content-Type: message/rfc822",
			"Content-Disposition: " + mediaType("attachment", "filename", name),
			"Content-Transfer-Encoding: " + cte,
		},
		body: msg,
		cte:  cte,
		name: name,
	}, mailmsg.Travels
}

func base64Part(contentType, name string, data []byte) part {
	return part{
		header: []string{
			"Content-Type: " + mediaType(contentType, "name", name),
			"Content-Disposition: " + mediaType("attachment", "filename", name),
			"Content-Transfer-Encoding: base64",
		},
		body: base64Lines(data),
		cte:  "base64",
		name: name,
	}
}

// base64Lines encodes in lines of 76 characters (RFC 2045 6.8).
func base64Lines(data []byte) []byte {
	enc := base64.StdEncoding
	n := enc.EncodedLen(len(data))
	out := make([]byte, 0, n+n/76*2+2)
	for len(data) > 0 {
		chunk := data[:min(57, len(data))] // 57 octets -> 76 characters
		data = data[len(chunk):]
		out = enc.AppendEncode(out, chunk)
		out = append(out, '\r', '\n')
	}
	return bytes.TrimSuffix(out, []byte("\r\n"))
}

// textPart sends the summary as plain 7bit when it is short-lined ASCII, readable in any
// raw view, and as quoted-printable otherwise (non-ASCII names, long lines).
func textPart(text string) part {
	crlf := strings.ReplaceAll(text, "\n", "\r\n")
	if plainText(text) {
		return part{
			header: []string{"Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 7bit"},
			body:   []byte(strings.TrimSuffix(crlf, "\r\n")),
			cte:    "7bit",
		}
	}
	var b bytes.Buffer
	w := quotedprintable.NewWriter(&b)
	_, _ = w.Write([]byte(text)) // writes to a bytes.Buffer cannot fail
	_ = w.Close()
	return part{
		header: []string{"Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"},
		body:   bytes.TrimSuffix(b.Bytes(), []byte("\r\n")),
		cte:    "quoted-printable",
	}
}

func plainText(s string) bool {
	for _, l := range strings.Split(s, "\n") {
		if len(l) > 76 || strings.HasSuffix(l, " ") || strings.HasSuffix(l, "\t") {
			return false
		}
		for i := 0; i < len(l); i++ {
			if c := l[i]; (c < 0x20 && c != '\t') || c > 0x7e {
				return false
			}
		}
	}
	return true
}

// assemble writes the top-level header and a multipart/mixed body. The boundary is random
// and checked against every part, so no attached message can end the part early.
func assemble(head []string, parts []part) []byte {
	boundary := newBoundary(parts)
	size := 1024
	for _, p := range parts {
		size += len(p.body) + 512
	}
	var b bytes.Buffer
	b.Grow(size)
	for _, h := range head {
		b.WriteString(h)
		b.WriteString("\r\n")
	}
	b.WriteString(`Content-Type: multipart/mixed; boundary="` + boundary + "\"\r\n\r\n")
	for _, p := range parts {
		b.WriteString("--" + boundary + "\r\n")
		for _, h := range p.header {
			b.WriteString(h)
			b.WriteString("\r\n")
		}
		b.WriteString("\r\n")
		b.Write(p.body)
		// The CRLF before the next delimiter belongs to the delimiter (RFC 2046 5.1.1), so
		// the part's content is exactly p.body.
		b.WriteString("\r\n")
	}
	b.WriteString("--" + boundary + "--\r\n")
	return b.Bytes()
}

func newBoundary(parts []part) string {
	for {
		// "=_" cannot occur in quoted-printable or base64 text, and the random tail makes a
		// clash with a raw message vanishingly unlikely; the loop makes it impossible.
		boundary := "=_ReportMail_" + rand.Text()
		clash := false
		for _, p := range parts {
			if bytes.Contains(p.body, []byte("--"+boundary)) {
				clash = true
				break
			}
		}
		if !clash {
			return boundary
		}
	}
}
