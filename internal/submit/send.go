package submit

import (
	"context"

	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/report"
	"github.com/reportmail/reportmail/internal/send"
)

// The rest of the workflow, after Queue: every front end sends and drafts through these,
// so the command line and the window cannot drift apart in what reaches the desk or in how
// a report moves between the outbox's states.

// Send makes one attempt at a queued report. The outbox records each state before the
// next step ("sending", "data sent" before the server's answer is awaited), rebuilds for a
// server without 8BITMIME (OpenOutbox sets that up) and keeps the report until the server
// accepts it.
func Send(ctx context.Context, ob *outbox.Outbox, id string, s outbox.Sender, h send.Hooks) (outbox.Entry, error) {
	return ob.Deliver(ctx, id, s, h)
}

// SendDue makes one attempt at every report that is due, oldest first (the background
// retry). Reports whose outcome is not known, failed and damaged ones wait for the person.
func SendDue(ctx context.Context, ob *outbox.Outbox, s outbox.Sender, progress func(id string, done, total int64)) ([]outbox.Result, error) {
	return ob.DeliverDue(ctx, s, progress)
}

// Draft is the report as a draft that the person's mail program opens ready to send
// (X-Unsent: 1), for when Report Mail has no account to send with.
func Draft(r *report.Report) []byte { return report.Draft(r) }
