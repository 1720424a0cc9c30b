package summary

import (
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// TestSummaryDate: the date the JSON and the result card show, in RFC 3339 with the offset the
// message gave, read by mailmsg from what real mail writes.
func TestSummaryDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Tue, 3 Mar 2026 10:15:42 +1300", "2026-03-03T10:15:42+13:00"},
		{"Fri, 11 Jul 2003 21:00:37 -0700 (PDT)", "2003-07-11T21:00:37-07:00"},
		{"Tue,  3 Mar 2026 01:03:39 +0000 (UTC)", "2026-03-03T01:03:39Z"},
		{"3 Mar 2026 10:15 +1300", "2026-03-03T10:15:00+13:00"},
		{"Thu, 8 Mar 2005 17:40:36 EDT", "2005-03-08T17:40:36-04:00"},
		{"Mon, 02 Jun 2008 10:00:00 GMT+0200", "2008-06-02T10:00:00+02:00"},
		{"Mon, 02 Jun 2008 10:00:00 +02:00", "2008-06-02T10:00:00+02:00"},
		{"18 Feb 01 12:29:13 AM", "2001-02-18T00:29:13Z"},
		{"Tuesday, March 3, 2026 9:41 PM", "2026-03-03T21:41:00Z"},
		{"Sat Jan  3 01:02:03 2004", "2004-01-03T01:02:03Z"},
		{"2026-03-03T10:15:42+13:00", "2026-03-03T10:15:42+13:00"},
		{"2026-03-03 10:15:42", "2026-03-03T10:15:42Z"},
		{"Wed, 15 Nov 2017 14:16:14 CET", "2017-11-15T14:16:14+01:00"},
		{"Mon, 2 Mar 2026 11:02 NZDT", "2026-03-02T11:02:00+13:00"},
		{"", ""},
		{"soon", ""},
		{"Mon, 32 Jan 2026 10:00:00 +0000", ""},
		{"1 Jan 0001 00:00:00 +0000", ""}, // implausible: shown as empty
	}
	for _, tt := range tests {
		if got := Read([]byte("Date: " + tt.in + "\r\n\r\n")).Date; got != tt.want {
			t.Errorf("Date: %q reads as %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestAddressesAndSubjects: From and Subject as the summary shows them.
func TestAddressesAndSubjects(t *testing.T) {
	tests := []struct{ fn, in, want string }{
		{"addr", `"Smith, Bob" <bob@example.com>`, "Smith, Bob <bob@example.com>"},
		{"addr", `=?utf-8?Q?J=C3=BCrgen?= <j@example.de>, b@example.com`, "Jürgen <j@example.de>, b@example.com"},
		{"addr", "J\xfcrgen <j@example.de>", "Jürgen <j@example.de>"}, // raw Latin-1
		{"addr", "Jürgen <j@example.de>", "Jürgen <j@example.de>"},    // raw UTF-8
		{"addr", "undisclosed-recipients:;", "undisclosed-recipients"},
		{"addr", "broken <<address", "broken <<address>"}, // mailmsg's reading, the same everywhere
		{"text", "=?iso-8859-1?Q?Die_Hasen_und_die_Fr\xf6sche?=", "Die Hasen und die Frösche"},
		{"text", "=?UTF-8?B?4pyU?= done", "✔ done"},
		{"text", "=?UTF-8?Q?a?= =?UTF-8?Q?b?=", "ab"}, // space between words dropped
		{"text", "=?utf-8?B?5pel?=\r\n =?utf-8?B?5pys?=", "日本"},
		{"text", "=?UTF-8?B?5pc=?= =?UTF-8?B?pQ==?=", "日"}, // one character split across two words
		{"text", "=?x-unknown?Q?abc?=", "=?x-unknown?Q?abc?="},
		{"text", "=?utf-16?B?RABlAHMAaQBnAG4A?=", "Design"},
		{"text", "Re:   lots\tof   space", "Re: lots of space"},
		{"text", "=?broken", "=?broken"},
	}
	for _, tt := range tests {
		var got string
		if tt.fn == "addr" {
			got = Read([]byte("From: " + tt.in + "\r\n\r\n")).From
		} else {
			got = Read([]byte("Subject: " + tt.in + "\r\n\r\n")).Subject
		}
		if got != tt.want {
			t.Errorf("%s(%q) = %q, want %q", tt.fn, tt.in, got, tt.want)
		}
	}
}

func TestSourceIP(t *testing.T) {
	tests := []struct {
		name     string
		received []string
		want     string
	}{
		{"postfix", []string{"from mail.example.org (mail.example.org [203.0.113.5]) by mx.example.net (Postfix) with ESMTPS id X; Tue, 3 Mar 2026"}, "203.0.113.5"},
		{"exim", []string{"from [198.51.100.7] (helo=friendly.example) by mx.example.net with esmtp (Exim 4.95) id 1x"}, "198.51.100.7"},
		{"exim helo literal is not the source", []string{"from host.example ([198.51.100.9] helo=[203.0.113.99]) by mx with esmtp"}, "198.51.100.9"},
		{"sendmail helo literal", []string{"from [203.0.113.99] (client.example [198.51.100.10]) by mx (8.15.2) id q"}, "198.51.100.10"},
		{"qmail", []string{"from unknown (HELO 203.0.113.99) (198.51.100.11) by mx.example with SMTP; 3 Mar 2026"}, "198.51.100.11"},
		{"ipv6 literal", []string{"from mail.example.org (mail.example.org [IPv6:2001:db8::25]) by mx"}, "2001:db8::25"},
		{"exchange", []string{"from EX1.corp.example (10.1.2.3) by EX2.corp.example (10.1.2.4) with Microsoft SMTP Server"}, "10.1.2.3"},
		{"skip private and cgnat", []string{
			"from a (a [10.0.0.5]) by b",
			"from c (c [100.64.3.3]) by d",
			"from e (e [169.254.1.1]) by f",
			"from g (g [127.0.0.1]) by h",
			"from relay.isp.example (relay.isp.example [198.51.100.12]) by mx.corp.example",
		}, "198.51.100.12"},
		{"only private: first found", []string{"from a (a [192.168.1.9]) by b", "from c (c [10.0.0.1]) by d"}, "192.168.1.9"},
		{"no from clause", []string{"by mx.example with LMTP id 12; Tue, 3 Mar 2026", "(qmail 1234 invoked from network); 3 Mar 2026"}, ""},
		{"comment with from", []string{"(from user@localhost) by host.example (8.12/Submit) id X", "from x (x [198.51.100.13]) by y"}, "198.51.100.13"},
		{"internal hops of one provider are passed over", []string{
			"from ME3PR01MB7003.ausprd01.prod.outlook.com (2603:10c6:220:1e3::9) by SY4PR01MB6123.ausprd01.prod.outlook.com with HTTPS",
			"from mail.sender.example (198.51.100.14) by SY5PEPF00000A12.mail.protection.outlook.com (10.167.241.9) with Microsoft SMTP Server",
		}, "198.51.100.14"},
		{"one provider end to end", []string{"from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41]) by mx.google.com with SMTPS"}, "209.85.220.41"},
		{"unspecified is ignored", []string{"from x (x [0.0.0.0]) by y"}, ""},
		{"port after literal", []string{"from [198.51.100.15]:52312 (helo=x) by y"}, "198.51.100.15"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var raw strings.Builder
			for _, r := range tt.received {
				raw.WriteString("Received: " + r + "\r\n")
			}
			if got := sourceIP(mailmsg.ParseHeader([]byte(raw.String())).All("Received")); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
