package guidance

import (
	"path/filepath"
	"strings"

	"github.com/reportmail/reportmail/internal/finding"
	"github.com/reportmail/reportmail/internal/mailmsg"
)

// The report types as the command line's --type words (report.Kind's values: this package
// cannot import report, which imports the check, which imports this package).
const (
	KindFalsePositive = "false-positive"
	KindVirus         = "virus"
)

// SuggestKind is the type of report the file itself says, or "" when it does not say:
//
//   - a rejection notice that names a virus: the virus sample;
//   - any other rejection notice that says the email looked like spam or broke a policy, or a
//     copy that was never delivered (the sender's own, from Sent Items): a wanted email
//     that was blocked;
//   - a message from a mailbox file called Junk or Spam: a wanted email that went to junk.
//
// codes are the check's finding codes for the file; name is the file's name as given; raw
// is the message, or the notice itself when the file is a rejection notice whose returned
// email became the original (intake.Item.NoticeRaw, finding returned-original).
func SuggestKind(raw []byte, codes []string, name string) string {
	has := func(code string) bool {
		for _, c := range codes {
			if c == code {
				return true
			}
		}
		return false
	}
	if has(finding.RejectionNotice) || has(finding.ReturnedOriginal) {
		text := strings.ToLower(noticeText(raw))
		switch {
		case hasWord(text, virusWords):
			return KindVirus
		case hasWord(text, blockedWords):
			return KindFalsePositive
		}
		return "" // a full mailbox or a wrong address: no report helps, so no guess
	}
	if has(finding.NoReceived) || has(finding.NotDeliveredCopy) {
		return KindFalsePositive
	}
	if has(finding.MboxSeveral) && junkFolder(name) {
		return KindFalsePositive
	}
	return ""
}

var (
	virusWords   = []string{"virus", "viruses", "malware", "trojan", "eicar"}
	blockedWords = []string{"spam", "blocked", "blacklisted", "blocklisted", "policy", "policies",
		"reputation", "rbl", "dnsbl", "content rejected", "spamhaus"}
)

// noticeText is what the notice itself says: its own text parts and delivery-status parts,
// not the returned email inside it (whose text may mention anything), and in a plain-text
// notice only what comes before the returned email.
func noticeText(raw []byte) string {
	var b strings.Builder
	mailmsg.Walk(raw, mailmsg.Limits{MaxParts: 200}, func(p *mailmsg.Part) mailmsg.Action {
		if b.Len() > maxPartText {
			return mailmsg.Stop
		}
		t := p.Type.Or("text/plain").Type
		switch {
		case t == "message/rfc822", t == "text/rfc822-headers", t == "message/rfc822-headers":
			return mailmsg.SkipInside
		case t == "message/delivery-status", t == "message/global-delivery-status":
			b.Write(p.Decoded(maxPartText))
		case t == "text/plain", t == "text/html":
			s, _ := mailmsg.DecodeCharset(p.Decoded(maxPartText), p.Type.Params["charset"], maxPartText)
			b.WriteString(beforeReturned(s))
		}
		b.WriteByte('\n')
		return mailmsg.Continue
	})
	return b.String()
}

// Plain-text notices (qmail, old Sendmail, Exim) quote the returned email after a line like
// these, lower case.
var returnedMarkers = []string{"below this line is a copy of the message", "original message follows",
	"this is a copy of the message", "unsent message below", "returned message follows",
	"original message headers", "------ this is a copy"}

func beforeReturned(s string) string {
	l := strings.ToLower(s)
	cut := len(s)
	for _, m := range returnedMarkers {
		if i := strings.Index(l, m); i >= 0 && i < cut {
			cut = i
		}
	}
	return s[:cut]
}

// hasWord: any of the phrases appears as whole words ("virusdetected@example" is an address,
// not a word).
func hasWord(text string, phrases []string) bool {
	for _, p := range phrases {
		for i := 0; ; {
			j := strings.Index(text[i:], p)
			if j < 0 {
				break
			}
			start, end := i+j, i+j+len(p)
			if (start == 0 || !wordByte(text[start-1])) && (end == len(text) || !wordByte(text[end])) &&
				!scanNote(text, start, end) {
				return true
			}
			i = start + 1
		}
	}
	return false
}

// scanNote: a virus word inside a header name, a scanner's note or a product's name
// ("X-Virus-Scanned", "anti-virus", "scanned for viruses", "Spam & Virus Firewall") says the
// mail was scanned, not that it held one.
func scanNote(text string, start, end int) bool {
	if start > 0 && text[start-1] == '-' || end < len(text) && text[end] == '-' {
		return true
	}
	before := text[max(0, start-30):start]
	after := text[end:min(len(text), end+12)]
	return strings.Contains(before, "scanned for") || strings.Contains(before, "checked for") ||
		strings.Contains(before, "free of") || hasPrefixAny(after, scannerWords)
}

var scannerWords = []string{" firewall", " scan", " filter", " protection", " check", " wall", " engine"}

func hasPrefixAny(s string, ps []string) bool {
	for _, p := range ps {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '@'
}

// junkFolder: Thunderbird and most mbox exports name the file after the folder.
func junkFolder(name string) bool {
	base := strings.ToLower(strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)))
	switch base {
	case "junk", "spam", "junk e-mail", "junk email", "bulk mail", "bulk":
		return true
	}
	return false
}
