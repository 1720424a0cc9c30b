package dnsbl

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const postfixNotice = "From: MAILER-DAEMON@mail.example-msp.test (Mail Delivery System)\r\n" +
	"To: kate@example-msp.test\r\nSubject: Undelivered Mail Returned to Sender\r\n" +
	"MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n" +
	"--B\r\nContent-Type: text/plain\r\n\r\n" +
	"<bob@example.org>: host mx.example.org[198.51.100.7] said: 554 5.7.1 Service\r\n" +
	"    unavailable; Client host [192.0.2.2] blocked using zen.spamhaus.org (in\r\n" +
	"    reply to RCPT TO command)\r\n" +
	"--B\r\nContent-Type: message/delivery-status\r\n\r\n" +
	"Reporting-MTA: dns; mail.example-msp.test\r\n\r\nFinal-Recipient: rfc822; bob@example.org\r\n" +
	"Remote-MTA: dns; mx.example.org [198.51.100.7]\r\n" +
	"Diagnostic-Code: smtp; 554 5.7.1 Service unavailable; Client host [192.0.2.2]\r\n    blocked using zen.spamhaus.org\r\n" +
	"--B\r\nContent-Type: text/rfc822-headers\r\n\r\n" +
	"Received: from pc1.office.local (unknown [10.0.0.5])\r\n\tby mx1.mail.example-msp.test (Postfix) with ESMTPSA id 1; Mon, 1 Jun 2026 10:00:00 +0000\r\n" +
	"From: Kate <kate@example-msp.test>\r\nTo: bob@example.org\r\nSubject: hello\r\n\r\n--B--\r\n"

func TestNoticeTargets(t *testing.T) {
	for _, tc := range []struct {
		name      string
		raw       []byte
		ips, doms string
	}{
		{"postfix", []byte(postfixNotice), "192.0.2.2", "example-msp.test,mx1.mail.example-msp.test"},
		{"plain text", []byte("From: postmaster@example.net\nTo: a@sender.example\n\n550 5.7.1 Your IP 203.0.113.9 is listed on bl.spamcop.net\n"), "203.0.113.9", "sender.example"},
		{"ipv6", []byte("To: a@sender.example\n\n550 [2001:db8::25] blocked using a blocklist\n"), "2001:db8::25", "sender.example"},
		{"private and list codes skipped", []byte("To: a@b.example\n\nlisted: 10.1.2.3 answered 127.0.0.2\n"), "", "b.example"},
		{"not a listing", []byte("To: a@b.example\n\nmailbox full at 192.0.2.7\n"), "", "b.example"},
		{"empty", nil, "", ""},
	} {
		ips, doms := NoticeTargets(tc.raw)
		if strings.Join(ips, ",") != tc.ips || strings.Join(doms, ",") != tc.doms {
			t.Errorf("%s: %v %v, want %s / %s", tc.name, ips, doms, tc.ips, tc.doms)
		}
	}
}

// Real notices from the corpus whose text names a listed address.
func TestNoticeTargetsCorpus(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "bounce")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("corpus not found at ../shared/corpus (next to the repository): " + err.Error())
	}
	for file, want := range map[string]string{
		"bsd/lhost-amazonses-14.eml": "203.0.113.22",
		"bsd/lhost-gmail-04.eml":     "192.0.2.49",
	} {
		raw, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Skip(err)
		}
		if ips, _ := NoticeTargets(raw); strings.Join(ips, ",") != want {
			t.Errorf("%s: %v, want %s", file, ips, want)
		}
	}
}
