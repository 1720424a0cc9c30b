package outlookmsg

import (
	"strings"
	"testing"

	"github.com/emersion/go-message"
	gomail "github.com/emersion/go-message/mail"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// TestExchangeOnlySender: a sender Outlook knows only as an Exchange directory entry (an
// X.500 name, no SMTP address anywhere in the file) keeps its display name in a valid From
// (an empty group: `"Name" <>` is not valid), the X.500 name in a field of its own, and the
// conversion says the address could not be recovered. Before, the From was left out and
// nothing said why.
func TestExchangeOnlySender(t *testing.T) {
	const dn = "/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=70B96F11-JQBLOGGS"
	note := func() *msgBuilder {
		return newObj(headerTop).str(pidMessageClass, "IPM.Note").str(pidSubject, "s").str(pidBody, "b")
	}
	cases := []struct {
		name     string
		msg      *msgBuilder
		wantFrom string // the From line as written
		wantName string // the display name readers show
		wantDN   string // the X.500 field, "" for none
	}{
		{"sender entry only",
			note().str(pidSenderName, "Joseph Q Bloggs").str(pidSenderEmail, dn).str(pidSenderAddrType, "EX"),
			`From: "Joseph Q Bloggs":;`, "Joseph Q Bloggs", dn},
		{"sent-representing entry only, non-ASCII name, EX: prefix",
			note().str(pidSentRepName, "Jürgen Müller").str(pidSentRepEmail, "EX:/o=Org/ou=Group/cn=Recipients/cn=jm").
				str(pidSentRepAddrType, "EX"),
			"From: =?utf-8?q?J=C3=BCrgen_M=C3=BCller?=:;", "Jürgen Müller", "/o=Org/ou=Group/cn=Recipients/cn=jm"},
		{"no display name: the X.500 name's last CN",
			note().str(pidSenderEmail, "/o=Org/ou=Group/cn=Recipients/cn=jdoe").str(pidSenderAddrType, "EX"),
			`From: "jdoe":;`, "jdoe", "/o=Org/ou=Group/cn=Recipients/cn=jdoe"},
		{"an SMTP address in the sent-representing properties wins",
			note().str(pidSenderName, "Joseph Q Bloggs").str(pidSenderEmail, dn).str(pidSenderAddrType, "EX").
				str(pidSentRepName, "Joseph Q Bloggs").str(pidSentRepSMTPAddress, "jq@bloggs.example"),
			`From: "Joseph Q Bloggs" <jq@bloggs.example>`, "Joseph Q Bloggs", ""},
		{"a name with no Exchange entry (an unsent draft) makes no From",
			note().str(pidSentRepName, "Test User"), "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := mustConvert(t, c.msg.file())
			e, err := message.Read(strings.NewReader(string(res.Message)))
			if e == nil {
				t.Fatal(err)
			}
			h := headerOf(res.Message)
			if c.wantFrom == "" {
				if e.Header.Has("From") || len(res.Lost) != 0 {
					t.Errorf("made up a From (Lost %q):\n%s", res.Lost, h)
				}
				return
			}
			if !strings.Contains(h, c.wantFrom+"\r\n") {
				t.Errorf("header lacks %q:\n%s", c.wantFrom, h)
			}
			if got := e.Header.Get(exchangeSenderField); got != c.wantDN {
				t.Errorf("%s %q, want %q", exchangeSenderField, got, c.wantDN)
			}
			// go-message (net/mail) and the project's own reader both take the From.
			from, err := (&gomail.Header{Header: e.Header}).AddressList("From")
			lost := c.wantDN != ""
			if err != nil || (len(from) == 0) != lost {
				t.Errorf("From reads as %v (%v)", from, err)
			}
			a, ok := mailmsg.ParseAddress(e.Header.Get("From"), "")
			if !ok || a.Name != c.wantName || (a.Addr == "") != lost {
				t.Errorf("From reads as %+v, want the name %q", a, c.wantName)
			}
			said := strings.Contains(strings.Join(res.Lost, "\n"), "sender's email address")
			if said != lost {
				t.Errorf("Lost %q: says the address is lost %v, want %v", res.Lost, said, lost)
			}
		})
	}

	// A kept delivery header has its own From: the X.500 sender is not needed, nothing lost.
	m := note().str(pidSenderName, "Joseph Q Bloggs").str(pidSenderEmail, dn).str(pidSenderAddrType, "EX").
		str(pidTransportHeaders, "Received: from a by b; Mon, 9 Nov 2026 09:14:03 +1300\r\nFrom: jq@bloggs.example\r\n\r\n")
	res := mustConvert(t, m.file())
	if h := headerOf(res.Message); strings.Contains(h, exchangeSenderField) || len(res.Lost) != 0 {
		t.Errorf("delivered header with a From: Lost %q\n%s", res.Lost, h)
	}
}
