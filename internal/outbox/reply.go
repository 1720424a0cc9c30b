package outbox

import (
	"strings"
	"time"
)

// Reply is what one of the desk's answers to a report said, as the mailbox search found it.
type Reply struct {
	Case    string    // the case (ticket) number, "" when the reply carried none
	Date    time.Time // when the reply was written; zero: now
	Problem string    // the desk's words saying it could not read the report, or ""
}

// SetReply records one of the desk's replies to a report; replies may come in any order and
// more than once (every search finds them again). A case number already there is kept: the
// person may have typed the one the desk gave them on the phone, and a later reply without
// one must not erase it. The newest reply decides the date and the problem, so a report the
// desk could not read, sent again and then read, no longer shows the problem.
func (o *Outbox) SetReply(id string, r Reply) error {
	if r.Date.IsZero() {
		r.Date = o.now()
	}
	return o.update(id, func(e *Entry) error {
		if c := strings.TrimSpace(r.Case); c != "" && e.CaseNumber == "" {
			e.CaseNumber = c
		}
		if !r.Date.Before(e.ReplyDate) {
			e.ReplyDate, e.ReplyProblem = r.Date.UTC(), strings.TrimSpace(r.Problem)
		}
		return nil
	})
}
