package summary

import (
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// hostileRunes change byte length or turn into ASCII under strings.ToLower/ToUpper: invalid
// UTF-8 becomes U+FFFD (1 byte to 3), 'İ' lowers to "i" (2 to 1), the Kelvin sign to "k"
// (3 to 1), 'ẞ' to 'ß' (3 to 2), 'ſ' uppers to "S" and 'ı' to "I" (2 to 1).
var hostileRunes = []string{"\x80", "\x80\x80", "\xff", "\xc3", "İ", "\u212a", "ẞ", "ſ", "ı", "\u212b", "\ufffd", "\x00"}

// TestTransformedIndex: the Received and Message-ID readers, given text where those
// characters stand next to the bytes they look for, return without a panic. The first case is
// the 64-byte message that crashed check, convert and submit: an index found in a lower-cased
// copy of "a\x80\x80=1" was used on the original.
func TestTransformedIndex(t *testing.T) {
	if got := fromClauseIPs("from a\x80\x80=1"); len(got) != 0 {
		t.Errorf("fromClauseIPs: %v", got)
	}
	templates := []string{
		"from a%s=1", "from %s=198.51.100.7", "from x (helo%s=[198.51.100.7])", "from [198.51.100.7] (%shelo=x)",
		"from x.example.org (x.example.org [198.51.100.7]) %sby mx.example.net id %s; %s",
		"%sFROM %s BY %s WITH %s ID %s FOR %s;", "from %s", "%s",
	}
	for _, tmpl := range templates {
		for _, r := range hostileRunes {
			for _, v := range []string{strings.ReplaceAll(tmpl, "%s", r), strings.ReplaceAll(tmpl, "%s", r+r+r)} {
				sourceIP(mailmsg.ParseHeader([]byte("Received: " + v + "\r\n\r\n")).All("Received"))
				clause(v, "by")
				messageID(v)
				Read([]byte("Received: " + v + "\r\nMessage-ID: " + v + "\r\nFrom: " + v + "\r\nDate: " + v + "\r\n\r\n"))
			}
		}
	}
}

// FuzzRead: any bytes give a summary without a panic, and one whose fields are one line each
// (the report's text part writes them as "Label: value").
func FuzzRead(f *testing.F) {
	f.Add([]byte("Received: from a (a [198.51.100.7]) by b; Tue, 3 Mar 2026 10:00:00 +1300\r\nFrom: A <a@b>\r\n\r\n"))
	f.Add([]byte("Message-ID: <x\r\n y>\r\nDate: Mon, 2 Mar 2026 11:02 NZDT\r\n\r\n"))
	for _, r := range hostileRunes {
		f.Add([]byte("Received: from a" + r + "=1 (x" + r + " [198.51.100.7]) by b" + r + "\r\nMessage-ID: <" + r + ">\r\n\r\n"))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		s := Read(raw)
		for _, v := range []string{s.MessageID, s.SourceIP, s.Date} {
			if strings.ContainsAny(v, "\r\n") {
				t.Fatalf("field on more than one line: %q", v)
			}
		}
	})
}
