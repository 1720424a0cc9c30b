package deskreply

import (
	"context"
	"slices"
	"time"

	"github.com/reportmail/reportmail/internal/mailmsg"
	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/provider"
)

// LookBack is how old a sent report may be and still have its reply looked for: a desk
// answers within days; searching a year of mail every start would only cost time.
const LookBack = 60 * 24 * time.Hour

// Found is a report the desk replied to, as the outbox now records it.
type Found struct {
	ID        string
	Subject   string
	Case      string    // "" when no reply carried one
	ReplyDate time.Time // the newest reply's date
	Problem   string    // the desk's words saying it could not read the report, or ""
}

// Look searches the mailbox for the desk's replies to the reports sent in the last LookBack,
// records what each says in the outbox (outbox.SetReply) and returns every report that has a
// reply, oldest sent first. The desk is the address a report was sent to (a helpdesk script
// may have sent to its own provider's), else the profile's. It asks the mailbox nothing when
// no report was sent in that time. now is the clock (time.Now when nil).
func Look(ctx context.Context, ob *outbox.Outbox, src Source, prof provider.Profile, now func() time.Time) ([]Found, error) {
	if now == nil {
		now = time.Now
	}
	history, err := ob.History()
	if err != nil {
		return nil, err
	}
	byDesk := map[string][]Report{} // lower-case desk address → its reports
	var desks []string
	since := map[string]time.Time{}
	var reports []Report
	for _, e := range history {
		if e.Damage != "" || e.State != outbox.Sent || e.SentAt.IsZero() || now().Sub(e.SentAt) > LookBack {
			continue
		}
		desk := prof.SupportAddress
		if len(e.To) > 0 && e.To[0] != "" {
			desk = e.To[0]
		}
		key := mailmsg.LowerASCII(desk)
		if _, ok := byDesk[key]; !ok {
			desks = append(desks, desk)
			since[key] = e.SentAt
		}
		rep := Report{ID: e.ID, Subject: e.Subject, MessageID: e.MessageID, Sent: e.SentAt}
		byDesk[key] = append(byDesk[key], rep)
		reports = append(reports, rep)
		if e.SentAt.Before(since[key]) {
			since[key] = e.SentAt
		}
	}
	re, phrases := prof.CaseRegexp(), prof.ReplyProblems()
	var ids []string
	for _, desk := range desks {
		key := mailmsg.LowerASCII(desk)
		// SINCE is a date in the server's idea of the day: a day earlier covers every zone.
		msgs, err := src.Replies(ctx, desk, since[key].Add(-24*time.Hour))
		if err != nil {
			return nil, err
		}
		for _, m := range msgs {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			r := Read(m)
			if !FromDesk(r, desk) {
				continue
			}
			rep, _, ok := Match(byDesk[key], r)
			if !ok {
				continue
			}
			err := ob.SetReply(rep.ID, outbox.Reply{
				Case: CaseNumber(re, r, rep.Subject), Date: r.Date, Problem: Problem(phrases, r, rep.Subject)})
			if err != nil {
				return nil, err
			}
			if !slices.Contains(ids, rep.ID) {
				ids = append(ids, rep.ID)
			}
		}
	}
	out := make([]Found, 0, len(ids))
	for _, rep := range reports { // the history's order: oldest sent first
		if !slices.Contains(ids, rep.ID) {
			continue
		}
		e, err := ob.Get(rep.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, Found{ID: e.ID, Subject: e.Subject, Case: e.CaseNumber, ReplyDate: e.ReplyDate, Problem: e.ReplyProblem})
	}
	return out, nil
}
