package provider

import (
	"fmt"
	"regexp"
	"strings"
)

// DefaultCasePattern reads the case number from the shapes helpdesk auto-replies give it:
// "Case #123456", "Ticket: 123456", "Your case number is 123456", "[Case Number 00123456]". Five
// to ten digits, so a year, a phone number's block or a 4-digit PIN is not taken for one;
// spaces and tabs only between the word and the number, so a word ending one line and a
// number starting the next are not read together.
const DefaultCasePattern = `(?i)\b(?:case|ticket|request|incident)[ \t]*(?:number|no\.?|id|ref(?:erence)?)?[ \t]*(?:is[ \t]+)?[:#]?[ \t]*([0-9]{5,10})\b`

// DefaultReplyProblems are the phrases by which a desk's reply says it could not read a
// report, for a profile that names none.
var DefaultReplyProblems = []string{
	"could not be read", "could not read", "couldn't read", "cannot be read", "unable to read",
	"could not be opened", "could not open", "couldn't open", "cannot be opened", "unable to open",
	"no attachment", "not attached", "attachment was missing", "attachment is missing", "missing attachment",
}

// maxCasePattern and the phrase bounds keep a profile file from making every reply search
// slow (Go's regexp is linear in the text, but not in the pattern).
const (
	maxCasePattern = 1000
	maxPhrases     = 100
	maxPhrase      = 100
)

// CaseRegexp is the profile's case pattern, compiled; the default when it has none or (for
// a Profile not built by Parse) one that does not compile.
func (p Profile) CaseRegexp() *regexp.Regexp {
	if re, err := compileCase(p.CasePattern); err == nil {
		return re
	}
	return defaultCase
}

// ReplyProblems are the profile's phrases for an unreadable report, or the defaults.
func (p Profile) ReplyProblems() []string {
	if len(p.ReplyProblem) == 0 {
		return append([]string(nil), DefaultReplyProblems...)
	}
	return append([]string(nil), p.ReplyProblem...)
}

var defaultCase = regexp.MustCompile(DefaultCasePattern)

func compileCase(pattern string) (*regexp.Regexp, error) {
	if pattern == "" {
		return defaultCase, nil
	}
	if len(pattern) > maxCasePattern {
		return nil, fmt.Errorf("longer than %d characters", maxCasePattern)
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, err
	}
	if re.NumSubexp() != 1 {
		return nil, fmt.Errorf("%d groups", re.NumSubexp())
	}
	return re, nil
}

func validateReplies(p *Profile) error {
	if _, err := compileCase(p.CasePattern); err != nil {
		return &Error{Kind: ErrInvalid, Field: "case_pattern", Err: err,
			Problem: "the case number pattern must be a regular expression of at most 1000 characters with exactly one group in brackets, the number"}
	}
	if len(p.ReplyProblem) > maxPhrases {
		return &Error{Kind: ErrInvalid, Field: "reply_problem",
			Problem: fmt.Sprintf("list at most %d phrases for a reply saying a report could not be read", maxPhrases)}
	}
	for i, ph := range p.ReplyProblem {
		ph = strings.TrimSpace(ph)
		if ph == "" || len(ph) > maxPhrase || hasControl(ph) {
			return &Error{Kind: ErrInvalid, Field: fmt.Sprintf("reply_problem[%d]", i),
				Problem: fmt.Sprintf("phrase %d for a reply saying a report could not be read must be 1 to %d characters of plain text", i+1, maxPhrase)}
		}
		p.ReplyProblem[i] = ph
	}
	return nil
}
