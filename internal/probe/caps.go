package probe

import (
	"strconv"
	"strings"
)

// maxMechs bounds the mechanisms kept from one capability list.
const maxMechs = 32

// caps is what a server says it can do, read from IMAP CAPABILITY, POP3 CAPA or SMTP EHLO.
type caps struct {
	known         bool // a capability list was read at all
	startTLS      bool
	mechs         []string // upper case, each once; POP3's USER command is listed as "USER"
	loginDisabled bool     // IMAP LOGINDISABLED (RFC 3501 section 6.2.3)
}

func (c *caps) addMech(m string) {
	m = strings.ToUpper(m)
	if m == "" || len(c.mechs) >= maxMechs || !mechName(m) {
		return
	}
	for _, have := range c.mechs {
		if have == m {
			return
		}
	}
	c.mechs = append(c.mechs, m)
}

// mechName is RFC 4422's sasl-mech: 1 to 20 of A-Z 0-9 - _.
func mechName(m string) bool {
	if len(m) > 20 {
		return false
	}
	for _, r := range m {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// clearSecrets are the mechanisms that put the password (or a bearer token) on the wire as
// it is; challenge-response ones such as SCRAM do not.
var clearSecrets = map[string]bool{"PLAIN": true, "LOGIN": true, "USER": true, "XOAUTH2": true, "OAUTHBEARER": true}

// inClear lists the offered mechanisms that would give the secret away without TLS.
func (c caps) inClear() []string {
	var out []string
	for _, m := range c.mechs {
		if clearSecrets[m] {
			out = append(out, m)
		}
	}
	return out
}

// imapCaps reads capability atoms: the rest of "* CAPABILITY ..." or of a greeting's
// "[CAPABILITY ...]" response code.
func imapCaps(atoms string) caps {
	c := caps{known: true}
	for _, a := range strings.Fields(atoms) {
		u := strings.ToUpper(a)
		switch {
		case u == "STARTTLS":
			c.startTLS = true
		case u == "LOGINDISABLED":
			c.loginDisabled = true
		case strings.HasPrefix(u, "AUTH="):
			c.addMech(u[len("AUTH="):])
		}
	}
	return c
}

// imapCapabilityLine returns the atoms of an untagged CAPABILITY response.
func imapCapabilityLine(line string) (string, bool) {
	const p = "* CAPABILITY "
	if len(line) < len(p) || !strings.EqualFold(line[:len(p)], p) {
		return "", false
	}
	return line[len(p):], true
}

// imapGreetingCaps returns the atoms of a greeting's [CAPABILITY ...] code, if any.
func imapGreetingCaps(line string) (string, bool) {
	i := indexFold(line, "[CAPABILITY ")
	if i < 0 {
		return "", false
	}
	rest := line[i+len("[CAPABILITY "):]
	end := strings.IndexByte(rest, ']')
	if end < 0 {
		return "", false
	}
	return rest[:end], true
}

// pop3Capa adds one line of a CAPA answer (RFC 2449).
func (c *caps) pop3Capa(line string) {
	c.known = true
	f := strings.Fields(line)
	if len(f) == 0 {
		return
	}
	switch strings.ToUpper(f[0]) {
	case "STLS":
		c.startTLS = true
	case "USER":
		c.addMech("USER")
	case "SASL":
		for _, m := range f[1:] {
			c.addMech(m)
		}
	}
}

// smtpLine splits one SMTP reply line: code, whether more lines follow, and the text.
func smtpLine(line string) (code int, more bool, text string, ok bool) {
	if len(line) < 3 {
		return 0, false, "", false
	}
	n, err := strconv.Atoi(line[:3])
	if err != nil || n < 200 || n > 599 || line[0] == '+' || line[0] == '-' {
		return 0, false, "", false
	}
	if len(line) == 3 {
		return n, false, "", true
	}
	switch line[3] {
	case '-':
		return n, true, line[4:], true
	case ' ':
		return n, false, line[4:], true
	}
	return 0, false, "", false
}

// ehloKeyword adds one EHLO extension line (the text after "250-"), RFC 5321 section 4.1.1.1.
func (c *caps) ehloKeyword(text string) {
	c.known = true
	f := strings.Fields(text)
	if len(f) == 0 {
		return
	}
	kw := strings.ToUpper(f[0])
	switch {
	case kw == "STARTTLS":
		c.startTLS = true
	case kw == "AUTH":
		for _, m := range f[1:] {
			c.addMech(m)
		}
	case strings.HasPrefix(kw, "AUTH="): // the pre-RFC 4954 form old Outlook wanted
		c.addMech(kw[len("AUTH="):])
		for _, m := range f[1:] {
			c.addMech(m)
		}
	}
}

// indexFold is strings.Index ignoring ASCII case. It does not go through strings.ToUpper,
// whose result can differ in length from its input (invalid UTF-8 becomes U+FFFD), so the
// index it returns is safe to use on s itself (a fuzzer find: testdata/fuzz/FuzzIMAPCaps).
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}
