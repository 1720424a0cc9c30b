package plain

import "strings"

// ReplyLine is how a report the desk answered is shown beside it: "Case 123456 · replied
// 4 Dec 2026, 16:02". when is the reply's date as the front end writes dates.
func ReplyLine(caseNumber, when string) string {
	if c := strings.TrimSpace(caseNumber); c != "" {
		return "Case " + c + " · replied " + when
	}
	return "The support desk replied " + when
}

// ReplyProblem is what a person reads when the desk wrote back that it could not read a
// report: what went wrong in their words, and how to make the next report readable.
func ReplyProblem(caseNumber string) string {
	s := "The support desk wrote back that it could not read this report: report the email again, " +
		"choosing it from your mailbox or from a saved copy of the original rather than a forward"
	if c := strings.TrimSpace(caseNumber); c != "" {
		return s + ", and mention case " + c + " if you call them."
	}
	return s + ", and call them if it happens again."
}
