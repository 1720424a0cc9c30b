package check

import (
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/intake"
)

// hostileRunes change byte length or turn into ASCII under strings.ToLower/ToUpper: invalid
// UTF-8 becomes U+FFFD (1 byte to 3), 'İ' lowers to "i" (2 to 1), the Kelvin sign to "k"
// (3 to 1), 'ẞ' to 'ß' (3 to 2), 'ſ' uppers to "S" and 'ı' to "I" (2 to 1).
var hostileRunes = []string{"\x80", "\x80\x80", "\xff", "\xc3", "İ", "\u212a", "ẞ", "ſ", "ı", "\u212b", "\ufffd", "\x00"}

// TestTransformedIndex: every function of the check that reads header or body text, given
// text where those characters stand next to the bytes it looks for, returns without a panic.
// (mailmsg's readers and the summary's Received reader have the same test.)
func TestTransformedIndex(t *testing.T) {
	templates := []string{
		"from a%s=1", "from %s=198.51.100.7", "from x (helo%s=[198.51.100.7])", "from [198.51.100.7] (%shelo=x)",
		"from x.example.org (x.example.org [198.51.100.7]) %sby mx.example.net id %s; %s",
		"%sFROM %s BY %s WITH %s ID %s FOR %s;", "from %s", "%s",
	}
	var values []string
	for _, tmpl := range templates {
		for _, r := range hostileRunes {
			values = append(values, strings.ReplaceAll(tmpl, "%s", r), strings.ReplaceAll(tmpl, "%s", r+r+r))
		}
	}
	for _, v := range values {
		displayLabel(v + ": x")
		dashedMarker("-----" + v + "-----")
		phraseMarker(v)
		isWroteLine("On "+v+" wrote:", v)
		isRule(v + "-----")
		tagName(v)
		htmlToText("<" + v + "><script" + v + ">x</SCRİPT>" + v)
		for _, name := range []string{"Received", "Date", "From", "To", "Subject", "Message-ID", "Content-Type", "DKIM-Signature"} {
			raw := []byte(name + ": " + v + "\r\nReceived: " + v + "\r\nFrom: a@b\r\nDate: " + v + "\r\n\r\nhi " + v + "\r\n")
			r := Check(&intake.Item{Name: "x", Format: intake.EML, Raw: raw})
			checkFindingTexts(t, r.Findings)
		}
	}
}

// TestASCIIWords: tag names are matched in ASCII only; folding Unicode into ASCII would read
// "SCRİPT" as a script tag. (Dates and the helpers themselves are tested in mailmsg.)
func TestASCIIWords(t *testing.T) {
	if got := tagName("SCR\u0130PT"); got == "script" {
		t.Errorf("tagName folded a Turkish İ into ASCII: %q", got)
	}
}

// TestCheckGuard: a panic inside Check (here from a nil item, a caller's bug) comes back as
// the internal-error finding, not a crash.
func TestCheckGuard(t *testing.T) {
	r := Check(nil)
	if r == nil || r.Verdict != NotOriginal || len(r.Findings) != 1 || r.Findings[0].Code != "internal-error" {
		t.Fatalf("got %+v", r)
	}
	checkFindingTexts(t, r.Findings)
}
