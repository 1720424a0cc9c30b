package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/report"
	"github.com/reportmail/reportmail/internal/send"
)

// lookUp finds, off the UI goroutine, a report of this original already on its way (from
// an earlier run, another card, the command line), so the card starts in its true state.
func (f *reportFlow) lookUp() {
	u := f.c.s.u
	u.run(func() {
		ob, err := u.outbox()
		if err != nil {
			return // Send says why
		}
		q, _ := ob.List()
		h, _ := ob.History()
		fyne.Do(func() { f.sync(q, h) })
	})
}

// sync brings the card up to date with the outbox: the background retry sent its report,
// Sent reports sent it again, removed it or was told it arrived.
func (f *reportFlow) sync(queued, history []outbox.Entry) {
	if f.state == flowBusy || f.state == flowSent {
		return // this card's own attempt says how it ended
	}
	if f.entry.ID != "" {
		for _, e := range history {
			if e.ID == f.entry.ID {
				f.sent(e)
				return
			}
		}
		for _, e := range queued {
			if e.ID == f.entry.ID {
				f.entry = e
				f.show(e)
				return
			}
		}
		f.entry = outbox.Entry{}
		f.setState(flowReady, "The report was removed from Sent reports without being sent; you can send it again.")
		return
	}
	if a := activeIn(queued, f.sha); a.ID != "" {
		f.adopt(a)
	}
}

func activeIn(queued []outbox.Entry, sha string) outbox.Entry {
	var best outbox.Entry
	for _, e := range queued {
		if sha != "" && e.Damage == "" && strings.EqualFold(e.SHA256, sha) && (best.ID == "" || e.Created.After(best.Created)) {
			best = e
		}
	}
	return best
}

// show puts a report's state on the card, with what can be done about it.
func (f *reportFlow) show(e outbox.Entry) {
	switch e.State {
	case outbox.Sent:
		f.sent(e)
		return
	case outbox.Failed:
		f.setState(flowFailed, entryText(e))
		if e.LastErrorKind == string(send.TooLarge) {
			f.offerSmaller(report.Kind(e.Kind))
		}
		if e.LastErrorKind == string(send.TokenRefused) {
			f.offerSignIn()
		}
	case outbox.Unknown, outbox.Damaged:
		f.setState(flowUnknown, entryText(e))
	default:
		f.setState(flowWaiting, entryText(e))
	}
	if e.Kind != "" {
		f.chooseKind(report.Kind(e.Kind))
	}
}

// chooseKind shows the type the report was made with (it may come from another card).
func (f *reportFlow) chooseKind(k report.Kind) {
	for _, c := range kindChoices {
		if c.kind == k && f.kind.Selected != c.label {
			f.kind.SetSelected(c.label)
		}
	}
}

// entryText is a report's state in one or two sentences, the same on the card whether this
// card sent it or found it.
func entryText(e outbox.Entry) string {
	switch {
	case e.State == outbox.Unknown || e.Damage != "":
		return plain.MaybeSent + " The report is kept under Sent reports, where you can send it again or say it arrived."
	case e.State == outbox.Sending:
		return "Being sent now…"
	case e.State == outbox.Failed:
		return lastTry(e) + " The report is kept under Sent reports: fix the problem, then choose Try again."
	case e.LastErrorKind == string(send.Canceled):
		return "Stopped. The report is kept under Sent reports, and Report Mail sends it by itself later; remove it there if it should not go."
	case lastTry(e) != "":
		s := lastTry(e)
		if c, ok := strings.CutSuffix(s, "; Report Mail will try again."); ok {
			s = c + "."
		}
		at := ""
		if !e.NextAttempt.IsZero() {
			at = " at " + formatWhen(e.NextAttempt)
		}
		return "Not sent yet. " + s + " Report Mail keeps the report and tries again by itself" + at + "."
	}
	return "Waiting to be sent: Report Mail sends it by itself in a moment."
}

// offerSmaller is what works when the server will not take a report this large: a draft
// for the person's own mail program, or for a virus sample the zip on its own.
func (f *reportFlow) offerSmaller(kind report.Kind) {
	draft := widget.NewButtonWithIcon("Save as a draft instead", theme.DocumentSaveIcon(), f.saveAsDraft)
	if kind == report.Virus {
		f.status.SetText(f.status.Text + " You can save the zipped sample and send it another way, or save the report as a draft for your mail program.")
		f.offer(widget.NewButtonWithIcon("Save the zip…", theme.DownloadIcon(), f.saveZip), draft)
		return
	}
	f.status.SetText(f.status.Text + " You can save it as a draft instead: your mail program may send larger emails.")
	f.offer(draft)
}

// reportsChanged reads the outbox once, off the UI goroutine, and brings Sent reports and
// every card up to date. Everything that changes a report calls it.
func (u *UI) reportsChanged() {
	u.run(func() {
		ob, err := u.outbox()
		if err != nil {
			fyne.Do(func() {
				if u.outboxView != nil {
					u.outboxView.setRows([]fyne.CanvasObject{wrapLabel(plain.Sentence(err))}, nil, nil)
				}
			})
			return
		}
		queued, _ := ob.List()
		history, _ := ob.History()
		u.noteSent(history)
		drafts, _ := ob.Drafts()
		fyne.Do(func() {
			if u.outboxView != nil {
				u.outboxView.show(ob, queued, history, drafts)
			}
			for _, c := range u.report.cards {
				if c.flow != nil {
					c.flow.sync(queued, history)
				}
			}
		})
	})
}

// lastTry is the sentence for a report's last failed attempt, worded now.
func lastTry(e outbox.Entry) string { return plain.LastTry(e) }
