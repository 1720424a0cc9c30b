package deskreply

import (
	"regexp"
	"strings"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// CaseNumber reads the case number a reply gives a report, with the profile's pattern (one
// capture group): from the subject first, where helpdesk systems put it ("[Case #123456]"),
// then from the reply's own words. The report's subject is taken out of the reply's before
// it is searched, and quoted text is not searched at all: the original's subject can say
// "Your ticket 4455667 is closed", and that is the spammer's number, not the desk's.
func CaseNumber(re *regexp.Regexp, r Reply, reportSubject string) string {
	for _, s := range []string{withoutSubject(r.Subject, reportSubject), r.Text} {
		if m := re.FindStringSubmatch(s); len(m) == 2 && m[1] != "" {
			return mailmsg.Shorten(mailmsg.OneLine(m[1]), 64)
		}
	}
	return ""
}

// Problem is the first of phrases (any case) in the reply's subject or own words, or "": the
// desk saying it could not read the report.
func Problem(phrases []string, r Reply, reportSubject string) string {
	texts := []string{fold(withoutSubject(r.Subject, reportSubject)), fold(r.Text)}
	for _, p := range phrases {
		fp := fold(p)
		if fp == "" {
			continue
		}
		for _, t := range texts {
			if strings.Contains(t, fp) {
				return p
			}
		}
	}
	return ""
}

// withoutSubject removes every occurrence of sub from s, ignoring ASCII case and runs of
// white space (helpdesk systems refold long subjects), keeping the rest as written so that a
// profile's case-sensitive pattern still sees "Case".
func withoutSubject(s, sub string) string {
	s, sub = strings.Join(strings.Fields(s), " "), strings.Join(strings.Fields(sub), " ")
	if sub == "" {
		return s
	}
	ls, lsub := mailmsg.LowerASCII(s), mailmsg.LowerASCII(sub)
	var b strings.Builder
	for {
		i := strings.Index(ls, lsub)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(" ")
		s, ls = s[i+len(sub):], ls[i+len(sub):]
	}
}

// fold is the form phrases are compared in: one line, single spaces, lower case, and
// typographic apostrophes as ASCII ones, since desks write "couldn’t" and profiles "couldn't".
func fold(s string) string {
	s = strings.ReplaceAll(s, "’", "'")
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}
