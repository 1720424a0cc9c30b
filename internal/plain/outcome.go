package plain

import (
	"errors"
	"fmt"
	"time"

	"github.com/reportmail/reportmail/internal/mailmsg"
	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/send"
)

// MaybeSent is what a person is told about a report whose delivery is not known: the whole
// report went out and the answer never came.
const MaybeSent = "The server may have received this report: the connection ended before it confirmed. Check with the support desk or your Sent folder before sending it again."

// outcomeSentence words a report that may have been delivered, and a damaged one.
func outcomeSentence(err error) (string, bool) {
	var e *send.Error
	var re *outbox.ReportedError
	switch {
	case errors.As(err, &e) && e.Kind == send.Unknown:
		return withReply(e, MaybeSent), true
	case errors.Is(err, outbox.ErrMaybeSent):
		return MaybeSent, true
	case errors.As(err, &re):
		return AlreadyReported(re.When(), re.Entry.CaseNumber, time.Now()), true
	case errors.Is(err, outbox.ErrDamaged):
		return "This report's files are damaged, so Report Mail cannot send it; nothing was deleted. Remove it and report the email again.", true
	}
	return "", false
}

// Damage words what is wrong with a damaged report, as the outbox list and the window show
// it. sent says it is in the history.
func Damage(d outbox.Damage, sent bool) string {
	switch {
	case d == outbox.DamageRecord && sent:
		return "This report's record was damaged; it was sent, and its copy is kept."
	case d == outbox.DamageRecord:
		return "This report's record was damaged, so Report Mail does not know whether it was sent. Check with the support desk or your Sent folder, then send it again or remove it."
	case d == outbox.DamageMessage && sent:
		return "The copy of this sent report is missing; the record that it was sent is kept."
	case d == outbox.DamageMessage:
		return "This report's message is missing and could not be made again from the email it was built from. Remove it and report the email again."
	}
	return ""
}

// State is a report's state in a few words, for lists.
func State(e outbox.Entry) string {
	switch e.State {
	case outbox.Queued, outbox.Sending:
		if e.State == outbox.Sending {
			return "Sending"
		}
		return "Waiting to be sent"
	case outbox.Failed:
		return "Not sent"
	case outbox.Unknown:
		return "May have been delivered"
	case outbox.Damaged:
		return "Damaged"
	case outbox.Sent:
		return "Sent"
	}
	return string(e.State)
}

// Confirming is the window's line while the server has the whole report and has not yet
// said it accepted it.
const Confirming = "Waiting for the server to confirm…"

func confirmingLine(w send.Waiting) string {
	return fmt.Sprintf("Waiting for the server to confirm it has the report; Report Mail waits up to %s…", duration(w.Limit))
}

// AlreadyReported names an earlier report of the same email with the same type: "You
// reported this email on 4 December (case 123456)." The year is said only when it is not
// this year's; the case only when the desk's number is known.
func AlreadyReported(when time.Time, caseNumber string, now time.Time) string {
	when = when.Local()
	day := when.Format("2 January")
	if when.Year() != now.Local().Year() {
		day = when.Format("2 January 2006")
	}
	s := "You reported this email on " + day
	if c := mailmsg.OneLine(caseNumber); c != "" {
		s += " (case " + clip(c) + ")"
	}
	return s + "."
}
