package deskreply

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// clockSkew is how far before a report's sending a reply's Date may be and still answer it:
// the person's computer and the desk's server do not agree to the second.
const clockSkew = time.Hour

// FromDesk reports whether the reply comes from the desk's address (ASCII case ignored, as
// every mail system treats addresses in practice).
func FromDesk(r Reply, support string) bool {
	return r.From != "" && mailmsg.LowerASCII(strings.TrimSpace(r.From)) == mailmsg.LowerASCII(strings.TrimSpace(support))
}

// Match finds the report a reply answers. By reference wins: a Message-ID names one report.
// By subject, the report's subject must stand in the reply's (after Re:, AW:, … are taken
// off) and the reply must not be older than the report; of several, the longest subject
// (the most specific) and then the most recently sent report is the one answered.
func Match(reports []Report, r Reply) (Report, By, bool) {
	refs := make(map[string]bool, len(r.Refs))
	for _, id := range r.Refs {
		refs[id] = true
	}
	for _, rep := range reports {
		if id := normID(rep.MessageID); id != "" && refs[id] {
			return rep, ByReference, true
		}
	}
	base := fold(mailmsg.ParseSubject(r.Subject).Base)
	var best Report
	found := false
	for _, rep := range reports {
		s := fold(rep.Subject)
		if s == "" || !containsWhole(base, s) {
			continue
		}
		if !r.Date.IsZero() && !rep.Sent.IsZero() && r.Date.Before(rep.Sent.Add(-clockSkew)) {
			continue
		}
		if !found || len(s) > len(fold(best.Subject)) || (len(s) == len(fold(best.Subject)) && rep.Sent.After(best.Sent)) {
			best, found = rep, true
		}
	}
	return best, BySubject, found
}

// containsWhole reports whether sub stands in s and does not run on into a longer word
// ("False Negative: Invoice" is not in "False Negative: Invoices overdue").
func containsWhole(s, sub string) bool {
	for off := 0; ; {
		i := strings.Index(s[off:], sub)
		if i < 0 {
			return false
		}
		end := off + i + len(sub)
		if r, _ := utf8.DecodeRuneInString(s[end:]); end == len(s) || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return true
		}
		off += i + 1
	}
}
