package probe

import (
	"reflect"
	"strings"
	"testing"
)

// Lines seen from the real Dovecot and Postfix of scripts/mailstack.sh, and the odd forms
// the RFCs allow.
var imapCapCases = []struct {
	atoms        string
	startTLS, ld bool
	mechs        []string
}{
	{"IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS LOGINDISABLED", true, true, nil},
	{"IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN AUTH=LOGIN", false, false, []string{"PLAIN", "LOGIN"}},
	{"imap4rev1 starttls auth=plain auth=PLAIN Auth=Cram-MD5", true, false, []string{"PLAIN", "CRAM-MD5"}},
	{"IMAP4rev1 AUTH= AUTH=BAD/NAME AUTH=XOAUTH2", false, false, []string{"XOAUTH2"}},
	{"", false, false, nil},
}

func TestIMAPCaps(t *testing.T) {
	for _, c := range imapCapCases {
		got := imapCaps(c.atoms)
		if got.startTLS != c.startTLS || got.loginDisabled != c.ld || !reflect.DeepEqual(got.mechs, c.mechs) {
			t.Errorf("imapCaps(%q) = %+v", c.atoms, got)
		}
	}
	if a, ok := imapGreetingCaps("* OK [CAPABILITY IMAP4rev1 STARTTLS] Dovecot ready."); !ok || a != "IMAP4rev1 STARTTLS" {
		t.Errorf("greeting caps %q %v", a, ok)
	}
	for _, g := range []string{"* OK Dovecot ready.", "* OK [CAPABILITY IMAP4rev1", "* OK [ALERT] hi", "\xff[CAPABILITY "} {
		if _, ok := imapGreetingCaps(g); ok {
			t.Errorf("greeting %q read as capabilities", g)
		}
	}
	if a, ok := imapCapabilityLine("* capability IMAP4rev1 STARTTLS"); !ok || a != "IMAP4rev1 STARTTLS" {
		t.Errorf("capability line %q %v", a, ok)
	}
}

var pop3CapaCases = []struct {
	lines    []string
	startTLS bool
	mechs    []string
}{
	{[]string{"CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", "STLS", "SASL"}, true, nil},
	{[]string{"CAPA", "TOP", "USER", "SASL PLAIN LOGIN"}, false, []string{"USER", "PLAIN", "LOGIN"}},
	{[]string{"stls", "sasl plain", "", "   "}, true, []string{"PLAIN"}},
}

func TestPOP3Capa(t *testing.T) {
	for _, c := range pop3CapaCases {
		var got caps
		for _, l := range c.lines {
			got.pop3Capa(l)
		}
		if got.startTLS != c.startTLS || !reflect.DeepEqual(got.mechs, c.mechs) || !got.known {
			t.Errorf("pop3 %q = %+v", c.lines, got)
		}
	}
}

var ehloCases = []struct {
	lines    []string
	startTLS bool
	mechs    []string
}{
	{[]string{"250-mailstack.reportmail.test", "250-PIPELINING", "250-SIZE 62914560", "250-STARTTLS", "250 CHUNKING"}, true, nil},
	{[]string{"250-mailstack.reportmail.test", "250-AUTH PLAIN LOGIN", "250-AUTH=PLAIN LOGIN", "250 8BITMIME"}, false, []string{"PLAIN", "LOGIN"}},
	{[]string{"250-x", "250-auth=login", "250 starttls"}, true, []string{"LOGIN"}},
	{[]string{"250 only.the.name"}, false, nil},
}

func TestEHLO(t *testing.T) {
	for _, c := range ehloCases {
		got := caps{known: true}
		for i, l := range c.lines {
			code, more, text, ok := smtpLine(l)
			if !ok || code != 250 || more != (i < len(c.lines)-1) {
				t.Fatalf("smtpLine(%q) = %d %v %q %v", l, code, more, text, ok)
			}
			if i > 0 {
				got.ehloKeyword(text)
			}
		}
		if got.startTLS != c.startTLS || !reflect.DeepEqual(got.mechs, c.mechs) {
			t.Errorf("ehlo %q = %+v", c.lines, got)
		}
	}
	for _, bad := range []string{"", "22", "2200 x", "abc", "+OK", "-12 x", "199 x", "600 x", "250x"} {
		if _, _, _, ok := smtpLine(bad); ok {
			t.Errorf("smtpLine(%q) accepted", bad)
		}
	}
	if c, more, text, ok := smtpLine("220"); !ok || c != 220 || more || text != "" {
		t.Errorf("bare code: %d %v %q %v", c, more, text, ok)
	}
}

func TestInClear(t *testing.T) {
	c := caps{mechs: []string{"SCRAM-SHA-256", "PLAIN", "CRAM-MD5", "XOAUTH2", "USER"}}
	if got := c.inClear(); !reflect.DeepEqual(got, []string{"PLAIN", "XOAUTH2", "USER"}) {
		t.Errorf("inClear = %v", got)
	}
}

// checkCaps holds for any caps: mechanisms are valid SASL names, upper case, unique, few.
func checkCaps(t *testing.T, c caps) {
	t.Helper()
	if len(c.mechs) > maxMechs {
		t.Fatalf("%d mechanisms", len(c.mechs))
	}
	seen := map[string]bool{}
	for _, m := range c.mechs {
		if !mechName(m) || m != strings.ToUpper(m) || m == "" || seen[m] {
			t.Fatalf("bad mechanism %q in %v", m, c.mechs)
		}
		seen[m] = true
	}
}

func FuzzIMAPCaps(f *testing.F) {
	for _, c := range imapCapCases {
		f.Add("* CAPABILITY " + c.atoms)
		f.Add("* OK [CAPABILITY " + c.atoms + "] ready")
	}
	f.Fuzz(func(t *testing.T, line string) {
		if a, ok := imapCapabilityLine(line); ok {
			checkCaps(t, imapCaps(a))
		}
		if a, ok := imapGreetingCaps(line); ok {
			if strings.Contains(a, "]") {
				t.Fatalf("atoms %q run past the response code", a)
			}
			checkCaps(t, imapCaps(a))
		}
	})
}

func FuzzPOP3Capa(f *testing.F) {
	for _, c := range pop3CapaCases {
		f.Add(strings.Join(c.lines, "\n"))
	}
	f.Fuzz(func(t *testing.T, text string) {
		var c caps
		for _, l := range strings.Split(text, "\n") {
			c.pop3Capa(l)
		}
		checkCaps(t, c)
	})
}

func FuzzEHLO(f *testing.F) {
	for _, c := range ehloCases {
		f.Add(strings.Join(c.lines, "\n"))
	}
	f.Fuzz(func(t *testing.T, text string) {
		c := caps{known: true}
		for _, l := range strings.Split(text, "\n") {
			code, _, rest, ok := smtpLine(l)
			if !ok {
				continue
			}
			if code < 200 || code > 599 || !strings.HasSuffix(l, rest) {
				t.Fatalf("smtpLine(%q) = %d %q", l, code, rest)
			}
			c.ehloKeyword(rest)
		}
		checkCaps(t, c)
	})
}
