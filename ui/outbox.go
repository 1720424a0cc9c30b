package ui

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/report"
	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/submit"
)

var kindWords = map[string]string{
	string(report.FalseNegative): "Spam that got through",
	string(report.FalsePositive): "Real email that was blocked",
	string(report.Virus):         "Virus sample",
}

// outboxScreen lists reports waiting to be sent, those already sent, and drafts saved for
// the person's own mail program, with what can be done about each.
type outboxScreen struct {
	u       *UI
	content fyne.CanvasObject
	waiting *fyne.Container
	sent    *fyne.Container
	drafts  *fyne.Container
	draftsH fyne.CanvasObject
}

func newOutboxScreen(u *UI) *outboxScreen {
	s := &outboxScreen{u: u, waiting: container.NewVBox(), sent: container.NewVBox(), drafts: container.NewVBox()}
	s.draftsH = container.NewVBox(widget.NewSeparator(), bold("Drafts for your mail program"))
	s.content = container.NewVScroll(container.NewPadded(container.NewVBox(
		bold("Waiting to be sent"), s.waiting,
		widget.NewSeparator(),
		bold("Sent"), s.sent,
		s.draftsH, s.drafts,
	)))
	return s
}

// outbox opens the user's outbox once; call it off the UI goroutine.
func (u *UI) outbox() (*outbox.Outbox, error) {
	u.obOnce.Do(func() { u.ob, u.obErr = submit.OpenOutbox(u.outboxDir) })
	return u.ob, u.obErr
}

// reload reads the outbox off the UI goroutine and redraws, and the cards with it.
func (s *outboxScreen) reload() { s.u.reportsChanged() }

// show draws the lists (on the UI goroutine).
func (s *outboxScreen) show(ob *outbox.Outbox, queued, history []outbox.Entry, drafts []outbox.Draft) {
	var w, h, d []fyne.CanvasObject
	for _, e := range queued {
		if e.State == outbox.Unknown || e.Damage != "" {
			w = append(w, s.decisionRow(ob, e))
			continue
		}
		w = append(w, s.waitingRow(ob, e))
	}
	for i := len(history) - 1; i >= 0; i-- { // newest first
		h = append(h, s.sentRow(ob, history[i]))
	}
	for _, x := range drafts {
		d = append(d, s.draftRow(ob, x))
	}
	s.setRows(w, h, d)
}

func (s *outboxScreen) setRows(w, h, d []fyne.CanvasObject) {
	if len(w) == 0 {
		w = []fyne.CanvasObject{widget.NewLabel("Nothing is waiting: every report has been sent.")}
	}
	if len(h) == 0 {
		h = []fyne.CanvasObject{widget.NewLabel("No reports sent yet.")}
	}
	if len(d) == 0 {
		s.draftsH.Hide()
	} else {
		s.draftsH.Show()
	}
	s.waiting.Objects, s.sent.Objects, s.drafts.Objects = w, h, d
	s.waiting.Refresh()
	s.sent.Refresh()
	s.drafts.Refresh()
}

func (s *outboxScreen) waitingRow(ob *outbox.Outbox, e outbox.Entry) fyne.CanvasObject {
	var icon fyne.Resource = theme.NewWarningThemedResource(theme.HistoryIcon())
	state := "Waiting to be sent"
	switch {
	case e.State == outbox.Failed:
		icon, state = theme.NewErrorThemedResource(theme.ErrorIcon()), "Not sent"
	case e.State == outbox.Sending:
		state = "Being sent now"
	case !e.NextAttempt.IsZero() && e.NextAttempt.After(time.Now()):
		state = "Will try again at " + formatWhen(e.NextAttempt)
	}
	lines := []fyne.CanvasObject{
		bold(subjectOf(e)),
		widget.NewLabel(kindWords[e.Kind] + " · " + state + " · made " + formatWhen(e.Created)),
	}
	if t := lastTry(e); t != "" {
		lines = append(lines, wrapLabel(t))
	}
	retry := widget.NewButtonWithIcon("Try again", theme.ViewRefreshIcon(), nil)
	retry.OnTapped = func() {
		retry.Disable() // one attempt at a time; the list is redrawn when it ends
		s.retry(ob, e)
	}
	if e.State == outbox.Sending {
		retry.Disable()
	}
	open := widget.NewButtonWithIcon("Open", theme.FileIcon(), func() { s.open(ob, e) })
	remove := widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), func() { s.remove(ob, e) })
	lines = append(lines, container.NewHBox(retry, open, remove))
	return rowCard(icon, lines)
}

func (s *outboxScreen) sentRow(ob *outbox.Outbox, e outbox.Entry) fyne.CanvasObject {
	caseNo := widget.NewEntry()
	caseNo.SetPlaceHolder("Case number from the support desk")
	caseNo.SetText(e.CaseNumber)
	save := widget.NewButton("Save", nil)
	save.OnTapped = func() {
		n := strings.TrimSpace(caseNo.Text)
		s.u.run(func() {
			err := ob.SetCaseNumber(e.ID, n)
			fyne.Do(func() {
				if err != nil {
					s.u.showError(err)
					return
				}
				save.SetText("Saved")
			})
		})
	}
	open := widget.NewButtonWithIcon("Open", theme.FileIcon(), func() { s.open(ob, e) })
	if e.Damage == outbox.DamageMessage {
		open.Disable()
	}
	lines := []fyne.CanvasObject{
		bold(subjectOf(e)),
		widget.NewLabel(kindWords[e.Kind] + " · sent " + formatWhen(e.SentAt) + " to " + strings.Join(e.To, ", ")),
	}
	if e.Damage != "" {
		lines = append(lines, wrapLabel(plain.Damage(e.Damage, true)))
	} else if e.MarkedSent {
		lines = append(lines, widget.NewLabel("You said it arrived."))
	}
	icon := theme.NewSuccessThemedResource(theme.ConfirmIcon())
	if !e.ReplyDate.IsZero() { // the desk's reply, found in the mailbox (replies.go)
		lines = append(lines, bold(plain.ReplyLine(e.CaseNumber, formatWhen(e.ReplyDate))))
	}
	if e.ReplyProblem != "" {
		icon = theme.NewWarningThemedResource(theme.WarningIcon())
		lines = append(lines, wrapLabel(plain.ReplyProblem(e.CaseNumber)))
	}
	lines = append(lines, container.NewBorder(nil, nil, nil, container.NewHBox(save, open), caseNo))
	return rowCard(icon, lines)
}

func rowCard(icon fyne.Resource, lines []fyne.CanvasObject) fyne.CanvasObject {
	return widget.NewCard("", "", container.NewBorder(nil, nil,
		container.NewVBox(container.NewGridWrap(fyne.NewSize(28, 28), widget.NewIcon(icon))), nil,
		container.NewVBox(lines...)))
}

func (s *outboxScreen) retry(ob *outbox.Outbox, e outbox.Entry) {
	s.sendNow(ob, e, func() error { return ob.Retry(e.ID, time.Now()) })
}

// sendNow makes a report due (prepare), asks for the password if none is saved, and sends.
func (s *outboxScreen) sendNow(_ *outbox.Outbox, e outbox.Entry, prepare func() error) {
	u := s.u
	if !u.account().configured() {
		u.setUpAccount(nil)
		return
	}
	u.sendEntry(e.ID, func(ob *outbox.Outbox) error { return prepare() }, func(_ outbox.Entry, err error) {
		if err != nil {
			u.showError(err)
		}
	})
}

// sendEntry makes a queued report due (prepare), asks for the password if none is saved,
// and sends it: the same report, never a new one. done runs on the UI goroutine, then every
// view of the outbox is brought up to date.
func (u *UI) sendEntry(id string, prepare func(*outbox.Outbox) error, done func(outbox.Entry, error)) {
	acc := u.account()
	finish := func(e outbox.Entry, err error) {
		fyne.Do(func() {
			done(e, err)
			u.reportsChanged()
		})
	}
	u.run(func() {
		ob, err := u.outbox()
		if err == nil {
			err = prepare(ob)
		}
		if err != nil {
			var e outbox.Entry
			if ob != nil {
				e, _ = ob.Get(id)
			}
			finish(e, err)
			return
		}
		deliver := func(pw string) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			e, err := submit.Send(ctx, ob, id, u.sendConfig(acc, pw), send.Hooks{})
			if e.ID == "" {
				e, _ = ob.Get(id)
			}
			finish(e, err)
		}
		pw, err := u.accountPassword(acc)
		if err != nil {
			fyne.Do(func() {
				u.askPassword(acc, "", func(pw string, ok bool) {
					if !ok {
						e, _ := ob.Get(id)
						done(e, nil)
						u.reportsChanged()
						return
					}
					u.run(func() { deliver(pw) })
				})
			})
			return
		}
		deliver(pw)
	})
}

func (s *outboxScreen) remove(ob *outbox.Outbox, e outbox.Entry) {
	s.u.showDialog(dialog.NewConfirm("Remove this report?",
		"“"+subjectOf(e)+"” has not been sent. Remove it without sending it?", func(ok bool) {
			if !ok {
				return
			}
			s.u.run(func() {
				err := ob.Remove(e.ID)
				fyne.Do(func() {
					if err != nil {
						s.u.showError(err)
					}
					s.reload()
				})
			})
		}, s.u.Window), dialogKeys{})
}

// retryLoop sends due reports in the background while the app runs, using the saved
// password only (it never prompts: the user may be away).
func (u *UI) retryLoop(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		u.retryDue(ctx)
	}
}

// retryDue is one pass of the background retry: what it sends shows as sent on its card
// and in Sent reports without the person doing anything.
func (u *UI) retryDue(ctx context.Context) {
	var acc account
	fyne.DoAndWait(func() { acc = u.account() })
	if !acc.configured() {
		return
	}
	ob, err := u.outbox()
	if err != nil {
		return
	}
	pw, err := u.accountPassword(acc)
	if err != nil {
		return
	}
	if res, _ := submit.SendDue(ctx, ob, u.sendConfig(acc, pw), nil); len(res) > 0 {
		u.reportsChanged()
	}
}
