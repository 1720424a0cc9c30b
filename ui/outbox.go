package ui

import (
	"context"
	"os"
	"path/filepath"
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
	"github.com/reportmail/reportmail/internal/submit"
)

var kindWords = map[string]string{
	string(report.FalseNegative): "Spam that got through",
	string(report.FalsePositive): "Real email that was blocked",
	string(report.Virus):         "Virus sample",
}

// outboxScreen lists reports waiting to be sent and those already sent, with what can be
// done about each.
type outboxScreen struct {
	u       *UI
	content fyne.CanvasObject
	waiting *fyne.Container
	sent    *fyne.Container
}

func newOutboxScreen(u *UI) *outboxScreen {
	s := &outboxScreen{u: u, waiting: container.NewVBox(), sent: container.NewVBox()}
	s.content = container.NewVScroll(container.NewPadded(container.NewVBox(
		bold("Waiting to be sent"), s.waiting,
		widget.NewSeparator(),
		bold("Sent"), s.sent,
	)))
	return s
}

// outbox opens the user's outbox once; call it off the UI goroutine.
func (u *UI) outbox() (*outbox.Outbox, error) {
	u.obOnce.Do(func() { u.ob, u.obErr = submit.OpenOutbox(u.outboxDir) })
	return u.ob, u.obErr
}

// reload reads the outbox off the UI goroutine and redraws.
func (s *outboxScreen) reload() {
	s.u.run(func() {
		ob, err := s.u.outbox()
		if err != nil {
			fyne.Do(func() { s.setRows([]fyne.CanvasObject{wrapLabel(plain.Sentence(err))}, nil) })
			return
		}
		queued, _ := ob.List()
		history, _ := ob.History()
		fyne.Do(func() {
			var w, h []fyne.CanvasObject
			for _, e := range queued {
				w = append(w, s.waitingRow(ob, e))
			}
			for i := len(history) - 1; i >= 0; i-- { // newest first
				h = append(h, s.sentRow(ob, history[i]))
			}
			s.setRows(w, h)
		})
	})
}

func (s *outboxScreen) setRows(w, h []fyne.CanvasObject) {
	if len(w) == 0 {
		w = []fyne.CanvasObject{widget.NewLabel("Nothing is waiting: every report has been sent.")}
	}
	if len(h) == 0 {
		h = []fyne.CanvasObject{widget.NewLabel("No reports sent yet.")}
	}
	s.waiting.Objects, s.sent.Objects = w, h
	s.waiting.Refresh()
	s.sent.Refresh()
}

func (s *outboxScreen) waitingRow(ob *outbox.Outbox, e outbox.Entry) fyne.CanvasObject {
	var icon fyne.Resource = theme.NewWarningThemedResource(theme.HistoryIcon())
	state := "Waiting to be sent"
	if e.State == outbox.Failed {
		icon, state = theme.NewErrorThemedResource(theme.ErrorIcon()), "Not sent"
	} else if !e.NextAttempt.IsZero() && e.NextAttempt.After(time.Now()) {
		state = "Will try again at " + e.NextAttempt.Local().Format("3:04 PM")
	}
	lines := []fyne.CanvasObject{
		bold(e.Subject),
		widget.NewLabel(kindWords[e.Kind] + " · " + state + " · made " + e.Created.Local().Format("Mon 2 Jan 3:04 PM")),
	}
	if e.LastError != "" {
		lines = append(lines, wrapLabel(e.LastError))
	}
	retry := widget.NewButtonWithIcon("Try again", theme.ViewRefreshIcon(), nil)
	retry.OnTapped = func() {
		retry.Disable() // one attempt at a time; the list is redrawn when it ends
		s.retry(ob, e)
	}
	open := widget.NewButtonWithIcon("Open", theme.FileIcon(), func() { s.open(ob, e, "queue") })
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
	lines := []fyne.CanvasObject{
		bold(e.Subject),
		widget.NewLabel(kindWords[e.Kind] + " · sent " + e.SentAt.Local().Format("Mon 2 Jan 2006 3:04 PM") + " to " + strings.Join(e.To, ", ")),
		container.NewBorder(nil, nil, nil, container.NewHBox(save, widget.NewButtonWithIcon("Open", theme.FileIcon(), func() { s.open(ob, e, "history") })), caseNo),
	}
	return rowCard(theme.NewSuccessThemedResource(theme.ConfirmIcon()), lines)
}

func rowCard(icon fyne.Resource, lines []fyne.CanvasObject) fyne.CanvasObject {
	return widget.NewCard("", "", container.NewBorder(nil, nil,
		container.NewVBox(container.NewGridWrap(fyne.NewSize(28, 28), widget.NewIcon(icon))), nil,
		container.NewVBox(lines...)))
}

func (s *outboxScreen) retry(ob *outbox.Outbox, e outbox.Entry) {
	u := s.u
	acc := u.account()
	if !acc.configured() {
		u.showSettings()
		return
	}
	u.run(func() {
		if err := ob.Retry(e.ID, time.Now()); err != nil {
			fyne.Do(func() { u.showError(err) })
			return
		}
		pw, err := u.passwords().Get(acc.keychainKey())
		if err != nil {
			fyne.Do(func() {
				askPassword(u, acc, func(pw string, ok bool) {
					if !ok {
						s.reload()
						return
					}
					u.run(func() { s.deliver(ob, e.ID, acc, pw) })
				})
			})
			return
		}
		s.deliver(ob, e.ID, acc, pw)
	})
}

func (s *outboxScreen) deliver(ob *outbox.Outbox, id string, acc account, pw string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	_, err := ob.Deliver(ctx, id, s.u.sendConfig(acc, pw), nil)
	fyne.Do(func() {
		if err != nil {
			s.u.showError(err)
		}
		s.reload()
	})
}

// open shows the report's .eml in the user's mail program.
func (s *outboxScreen) open(ob *outbox.Outbox, e outbox.Entry, where string) {
	path := filepath.Join(ob.Dir(), where, e.ID, "message.eml")
	s.u.run(func() {
		if _, err := os.Stat(path); err != nil {
			fyne.Do(func() { s.u.showError(err) })
			return
		}
		fyne.Do(func() { s.u.openFile(path) })
	})
}

func (s *outboxScreen) remove(ob *outbox.Outbox, e outbox.Entry) {
	dialog.ShowConfirm("Remove this report?",
		"“"+e.Subject+"” has not been sent. Remove it without sending it?", func(ok bool) {
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
		}, s.u.Window)
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
		var acc account
		fyne.DoAndWait(func() { acc = u.account() })
		if acc.configured() {
			if ob, err := u.outbox(); err == nil {
				if pw, err := u.passwords().Get(acc.keychainKey()); err == nil {
					if res, _ := ob.DeliverDue(ctx, u.sendConfig(acc, pw), nil); len(res) > 0 {
						fyne.Do(func() { // outboxView is built on the UI goroutine
							if u.outboxView != nil {
								u.outboxView.reload()
							}
						})
					}
				}
			}
		}
	}
}
