package plain

import "github.com/reportmail/reportmail/internal/outbox"

// LastTry words what went wrong in a report's last attempt, for the outbox list and the
// window, from the facts the outbox kept; "" when nothing went wrong. A record written
// before the outbox kept facts carries the sentence of its day, which is shown as it is.
func LastTry(e outbox.Entry) string {
	if e.LastFailure != nil {
		return Sentence(e.LastFailure.Err())
	}
	return e.LastError
}
