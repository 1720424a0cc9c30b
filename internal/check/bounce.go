package check

import "strings"

// bounceInfo says whether a message is a rejection notice and what it carries back.
type bounceInfo struct {
	isBounce      bool
	returned      bool // the whole returned message is inside
	returnedHeads bool // only the returned message's header is inside
}

// NDR subjects written by the servers we meet, lower case. A subject alone is not enough
// (phishing mimics them), so it must come with a sender that servers use for notices.
var bounceSubjects = []string{"undeliverable", "undelivered mail", "undelivered message",
	"delivery status notification", "mail delivery failed", "mail delivery failure",
	"returned mail", "failure notice", "delivery failure", "delivery has failed",
	"nondeliverable", "non-deliverable", "could not be delivered", "message not delivered",
	"returned to sender", "mail system error", "delivery notification", "warning: could not send",
	"unzustellbar", "nicht zustellbar", "non remis", "non distribuable", "onbestelbaar",
	"no se puede entregar", "não é possível entregar", "impossibile recapitare",
	"kan inte levereras", "kunne ikke leveres"}

var bounceSenders = []string{"mailer-daemon", "postmaster", "mail delivery", "microsoftexchange",
	"mail administrator", "mailadmin", "maildelivery", "mail-daemon"}

// Non-MIME bounces (qmail, old Sendmail, Exim) quote the message after a line like these.
var returnedMarkers = []string{"below this line is a copy of the message",
	"this is a copy of the message, including all the headers",
	"original message follows", "unsent message below", "returned message follows"}

func detectBounce(st *structure, subject, from string, texts []string) bounceInfo {
	var b bounceInfo
	dsnStructure := st.dsn || (st.topType == "multipart/report" && st.reportType == "delivery-status")
	subj, fr := strings.ToLower(subject), strings.ToLower(from)
	bySubject := containsAny(subj, bounceSubjects) && containsAny(fr, bounceSenders)
	if !dsnStructure && !bySubject {
		return b
	}
	b.isBounce = true
	b.returned = st.rfc822
	b.returnedHeads = st.rfc822Header && !st.rfc822
	if !b.returned && !b.returnedHeads {
		for _, t := range texts {
			if containsAny(strings.ToLower(t), returnedMarkers) {
				b.returned = true
				break
			}
		}
	}
	return b
}
