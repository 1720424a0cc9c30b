package report

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"testing"
	"time"

	msgsummary "github.com/reportmail/reportmail/internal/summary"
)

// The report is read back here with the standard library's strict readers (mime,
// net/mail, mime/multipart), not internal/mailmsg: mailmsg reads anything, so only a strict
// reader proves that what the report writes is well formed.

var testNow = time.Date(2026, 3, 4, 10, 30, 0, 0, time.FixedZone("NZDT", 13*3600))

func crlf(s string) []byte { return []byte(strings.ReplaceAll(s, "\n", "\r\n")) }

var asciiOriginal = crlf(`Received: from mail.spammer.example (mail.spammer.example [203.0.113.9])
	by mx.example.com with ESMTPS id 4471; Wed, 4 Mar 2026 09:00:00 +1300
From: "Cheap Pills" <offers@spammer.example>
To: jane@example.com
Subject: Cheap pills
Date: Wed, 4 Mar 2026 08:59:00 +1300
Message-ID: <4471@spammer.example>

Buy now.
..a line starting with a dot
`)

// latin1Original is an 8-bit message in ISO-8859-1: "Grüße aus Köln" with raw 0xFC, 0xDF, 0xF6.
var latin1Original = append(crlf(`Received: from mail.sender.example (mail.sender.example [198.51.100.4])
	by mx.example.com; Wed, 4 Mar 2026 09:00:00 +1300
From: Anna <anna@sender.example>
To: jane@example.com
Subject: =?iso-8859-1?q?Gr=FC=DFe?=
Date: Wed, 4 Mar 2026 08:59:00 +1300
Message-ID: <k1@sender.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: 8bit

`), []byte("Gr\xfc\xdfe aus K\xf6ln\r\n")...)

func baseOptions(kind Kind, original []byte) Options {
	return Options{
		Kind:         kind,
		Note:         "This came in this morning.\nPlease block the sender.",
		From:         "Jane Doe <jane@example.com>",
		To:           "emailsupport@smxemail.com",
		Original:     original,
		OriginalName: "Cheap pills.eml",
		Summary: msgsummary.Summary{
			From: `"Cheap Pills" <offers@spammer.example>`, To: "jane@example.com",
			Subject: "Cheap pills", Date: "2026-03-04T08:59:00+13:00",
			MessageID: "<4471@spammer.example>", ReceivedCount: 1, SourceIP: "203.0.113.9",
		},
		EightBit:   true,
		AppName:    "Report Mail",
		AppVersion: "1.2.3",
		Now:        testNow,
	}
}

// rawPart is one body part as sent: its header and its content before any decoding.
type rawPart struct {
	header textproto.MIMEHeader
	body   []byte
}

func (p rawPart) mediaType() (string, map[string]string) {
	t, params, _ := mime.ParseMediaType(p.header.Get("Content-Type"))
	return t, params
}

// filename is the attachment's file name from Content-Disposition.
func (p rawPart) filename() string {
	_, params, _ := mime.ParseMediaType(p.header.Get("Content-Disposition"))
	return params["filename"]
}

// decoded undoes the transfer encoding.
func (p rawPart) decoded(t *testing.T) []byte {
	t.Helper()
	switch strings.ToLower(p.header.Get("Content-Transfer-Encoding")) {
	case "base64":
		b, err := base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(string(p.body)))
		if err != nil {
			t.Fatalf("base64: %v", err)
		}
		return b
	case "quoted-printable":
		b, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(p.body)))
		if err != nil {
			t.Fatalf("quoted-printable: %v", err)
		}
		return b
	}
	return p.body
}

// parse reads a built report with the standard library and returns its header and parts.
func parse(t testing.TB, b []byte) (*mail.Message, []rawPart) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("report does not parse: %v", err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" {
		t.Fatalf("Content-Type %q: %v", msg.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	var parts []rawPart
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("part %d: %v", len(parts), err)
		}
		body, err := io.ReadAll(p)
		if err != nil {
			t.Fatalf("part %d body: %v", len(parts), err)
		}
		parts = append(parts, rawPart{p.Header, body})
	}
	return msg, parts
}

// checkWire holds the whole report to what SMTP carries: CRLF line ends only, no line over
// 998 octets, no NUL, and 8-bit octets only when the report says it needs 8BITMIME.
func checkWire(t testing.TB, r *Report) {
	t.Helper()
	b := r.Bytes
	if !bytes.HasSuffix(b, []byte("\r\n")) {
		t.Fatal("report does not end with CRLF")
	}
	eight := false
	for i, line := range bytes.Split(b[:len(b)-2], []byte("\r\n")) {
		if len(line) > 998 {
			t.Fatalf("line %d is %d octets", i+1, len(line))
		}
		for _, c := range line {
			switch {
			case c == '\r' || c == '\n':
				t.Fatalf("line %d has a bare CR or LF", i+1)
			case c == 0:
				t.Fatalf("line %d has NUL", i+1)
			case c >= 0x80:
				eight = true
			}
		}
	}
	if eight != r.EightBit {
		t.Fatalf("report has 8-bit octets: %v; Report.EightBit: %v", eight, r.EightBit)
	}
}

func decodeHeader(t testing.TB, s string) string {
	t.Helper()
	d, err := new(mime.WordDecoder).DecodeHeader(s)
	if err != nil {
		t.Fatalf("decode %q: %v", s, err)
	}
	return d
}
