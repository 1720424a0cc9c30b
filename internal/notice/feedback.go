package notice

import (
	"strings"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// readFeedback reads an RFC 5965 §3.1 feedback report: the recipient it is about
// (Original-Rcpt-To) and the reporting server (Reporting-MTA, or the User-Agent).
func (n *Notice) readFeedback(c *collected) {
	if c.feedback == nil {
		return
	}
	h := mailmsg.ParseHeaderWith(c.feedback, mailmsg.HeaderOptions{Part: true})
	n.ReportingMTA = afterType(h.Get("Reporting-MTA"))
	if n.ReportingMTA == "" {
		n.ReportingMTA = mailmsg.OneLine(h.Get("User-Agent"))
	}
	r := Recipient{Address: cleanAddr(h.Get("Original-Rcpt-To")), Reason: "feedback",
		Diagnostic: mailmsg.OneLine(strings.TrimSpace(h.Get("Feedback-Type")))}
	if r.Address == "" {
		r.Address = cleanAddr(h.Get("Removal-Recipient"))
	}
	n.Recipients = append(n.Recipients, r)
}
