package mailmsg

import (
	"strings"
	"testing"
)

// hostileRunes change byte length or turn into ASCII under strings.ToLower/ToUpper: invalid
// UTF-8 becomes U+FFFD (1 byte to 3), 'İ' lowers to "i̇" (2 to 3), the Kelvin sign to "k"
// (3 to 1), 'ẞ' to 'ß' (3 to 2), 'ſ' uppers to "S" and 'ı' to "I" (2 to 1).
var hostileRunes = []string{"\x80", "\x80\x80", "\xff", "\xc3", "İ", "\u212a", "ẞ", "ſ", "ı", "\u212b", "\ufffd", "\x00"}

// TestTransformedIndex: every reader, given text where those characters stand next to the
// bytes it looks for, returns without a panic. The X.500 case panicked: x500Name found
// "/cn=" in a lower-cased copy and sliced the original with that index.
func TestTransformedIndex(t *testing.T) {
	var values []string
	for _, tmpl := range []string{"%s", "/o=x%s/cn=%s", "/O=X%s%s%s%s/CN=", "ex:/o=%s/cn=", "%s: x", "=?%s?q?%s?=",
		"text/plain; %s=%s; charset=%s", "Tue, 3 %s 2026 10:00:00 %s", "%s <a@b>, %s:;"} {
		for _, r := range hostileRunes {
			values = append(values, strings.ReplaceAll(tmpl, "%s", r), strings.ReplaceAll(tmpl, "%s", r+r+r+r))
		}
	}
	for _, v := range values {
		FormatFrom("", v)
		FormatFrom(v, v)
		IsX500(v)
		ParseAddressList(v, "")
		IsNoticeSender(v)
		ParseDate(v)
		ParseMediaType(v)
		TransferEncoding(v)
		ParseSubject(v)
		Text(v, v)
		CommonField(v)
	}
}

// TestX500NameOfDamagedName: the CN is found where it is, whatever stands before it.
func TestX500NameOfDamagedName(t *testing.T) {
	for dn, want := range map[string]string{
		"/o=x\x80\x80\x80\x80/cn=":               "",
		"/o=x\x80\x80\x80\x80/cn=jdoe":           "jdoe",
		"/o=\u212a\u212a\u212a/CN=jdoe":          "jdoe",
		"/o=\u0130\u0130/ou=x/cn=Jane Doe":       "Jane Doe",
		"EX:/O=ORG/OU=EXCHANGE/CN=RECIP/CN=JDOE": "JDOE",
	} {
		if got := x500Name(strings.TrimPrefix(dn, "EX:")); got != want {
			t.Errorf("x500Name(%q) = %q, want %q", dn, got, want)
		}
	}
}

// TestASCIIWords: protocol words are matched in ASCII only. Folding Unicode into ASCII would
// read "EſT" as the zone EST, "ıST" as IST, or a Cyrillic "а" as a Latin one.
func TestASCIIWords(t *testing.T) {
	for _, tt := range []struct {
		date string
		ok   bool
	}{
		{"3 Mar 2026 10:00:00 EST", true},
		{"3 Mar 2026 10:00:00 est", true},
		{"3 Mar 2026 10:00:00 E\u017fT", false},
		{"3 Mar 2026 10:00:00 \u0131ST", false},
		{"Tue, 3 Mar 2026 10:00:00 PD\u017fT", false},
		{"3 M\u0430r 2026 10:00:00 +0000", false}, // Cyrillic а
		{"3 \u212aar 2026 10:00:00 +0000", false},
		{"March 3 2026 10:00:00 E\u017fT", false},
	} {
		if _, ok := ParseDate(tt.date); ok != tt.ok {
			t.Errorf("ParseDate(%q) ok=%v, want %v", tt.date, ok, tt.ok)
		}
	}
	if m := ParseMediaType("multipart/mi\u212aed; boundary=b"); m.Type != "" {
		t.Errorf("a Kelvin sign made the type %q", m.Type)
	}
	if got, want := LowerASCII("A\x80B\u0130\u212aZ"), "a\x80b\u0130\u212az"; got != want {
		t.Errorf("LowerASCII = %q, want %q", got, want)
	}
	if got, want := upperASCII("a\x80b\u017f\u0131z"), "A\x80B\u017f\u0131Z"; got != want {
		t.Errorf("upperASCII = %q, want %q", got, want)
	}
}
