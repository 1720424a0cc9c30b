package mailmsg

import (
	"mime"
	"net/mail"
	"strings"
)

// PlausibleAddress reports whether a is an internet address a header can carry as it is:
// local@domain, ASCII or not, without spaces, brackets, quotes, slashes or separators.
func PlausibleAddress(a string) bool {
	at := strings.LastIndexByte(a, '@')
	return at > 0 && at < len(a)-1 && !strings.ContainsAny(a, " \t\r\n<>\"/\\,;()[]:")
}

// FormatMailbox writes one mailbox for a header (To, Cc, a From with an address):
// `"Name" <addr>` with a non-ASCII name as an encoded word, the bare address when the name
// is empty or repeats the address. ok is false when addr is not a usable address.
func FormatMailbox(name, addr string) (string, bool) {
	if !PlausibleAddress(addr) {
		return "", false
	}
	name, _ = DecodeWords(name, "")
	name = OneLine(name)
	if strings.EqualFold(strings.Trim(name, `'" `), addr) {
		name = ""
	}
	return (&mail.Address{Name: name, Address: addr}).String(), true
}

// FormatFrom writes the value of a From field for a sender Outlook kept (.msg conversion).
// With an internet address it is FormatMailbox. Without one (an Exchange sender known only
// by display name and X.500 name) `"Name" <>` would be invalid (RFC 5322 §3.4 requires an
// addr-spec in a mailbox), so the sender is written as a group with no members (RFC 6854
// §2.1 allows group syntax in From), the X.500 name in a comment:
//
//	From: "Jane Doe" (X.500 /O=Contoso/OU=Exchange/CN=Recipients/CN=jdoe):;
//
// which readers show as "Jane Doe" and no reader takes for a deliverable address.
// recovered is false then, so the converter can say the address could not be recovered.
// The name defaults to the X.500 name's last CN, then to "Unknown sender".
func FormatFrom(name, addr string) (value string, recovered bool) {
	if v, ok := FormatMailbox(name, addr); ok {
		return v, true
	}
	name, _ = DecodeWords(name, "")
	name = OneLine(name)
	dn := ""
	if IsX500(addr) {
		dn = strings.TrimSpace(addr)
		if strings.HasPrefix(LowerASCII(dn), "ex:") {
			dn = dn[3:]
		}
	}
	if name == "" {
		name = x500Name(dn)
	}
	if name == "" {
		name = "Unknown sender"
	}
	var b strings.Builder
	if isASCII(name) {
		b.WriteString(quoteString(name))
	} else {
		b.WriteString(mime.QEncoding.Encode("utf-8", name))
	}
	if dn != "" && isASCII(dn) {
		b.WriteString(" (X.500 ")
		b.WriteString(escapeComment(OneLine(dn)))
		b.WriteString(")")
	}
	b.WriteString(":;")
	return b.String(), false
}

// quoteString writes s as an RFC 5322 §3.2.4 quoted-string.
func quoteString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}

// escapeComment quotes the characters a comment cannot hold bare (RFC 5322 §3.2.2);
// X.500 names hold parentheses: "(FYDIBOHF23SPDLT)".
func escapeComment(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
	return r.Replace(s)
}
