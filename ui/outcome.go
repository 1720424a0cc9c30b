package ui

import (
	"net/url"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fyne.io/fyne/v2/container"

	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/plain"
)

// decisionRow is a report that waits for the person's decision, never sent by itself: one
// that may have been delivered (the connection ended before the server confirmed), or a
// damaged one. It says so plainly and offers what can be done.
func (s *outboxScreen) decisionRow(ob *outbox.Outbox, e outbox.Entry) fyne.CanvasObject {
	state, why := plain.State(e), plain.MaybeSent
	if e.Damage != "" {
		why = plain.Damage(e.Damage, false)
	}
	made := ""
	if !e.Created.IsZero() {
		made = " · made " + formatWhen(e.Created)
	}
	head := state + made
	if k := kindWords[e.Kind]; k != "" {
		head = k + " · " + head
	}
	lines := []fyne.CanvasObject{bold(subjectOf(e)), widget.NewLabel(head), wrapLabel(why)}
	var buttons []fyne.CanvasObject
	if e.Damage != outbox.DamageMessage {
		again := widget.NewButtonWithIcon("Send again", theme.MailSendIcon(), nil)
		again.OnTapped = func() { s.confirmSendAgain(ob, e, again) }
		buttons = append(buttons, again)
		buttons = append(buttons, widget.NewButtonWithIcon("It arrived", theme.ConfirmIcon(), func() { s.markSent(ob, e) }),
			widget.NewButtonWithIcon("Open", theme.FileIcon(), func() { s.open(ob, e) }))
	}
	if e.Damage != "" {
		buttons = append(buttons, widget.NewButtonWithIcon("Show in folder", theme.FolderOpenIcon(), func() { s.showFolder(ob, e) }))
	}
	buttons = append(buttons, widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), func() { s.remove(ob, e) }))
	lines = append(lines, container.NewHBox(buttons...))
	return rowCard(theme.NewWarningThemedResource(theme.QuestionIcon()), lines)
}

// confirmSendAgain asks before a report that may have arrived goes a second time.
func (s *outboxScreen) confirmSendAgain(ob *outbox.Outbox, e outbox.Entry, btn *widget.Button) {
	s.u.showDialog(dialog.NewConfirm("Send this report again?",
		"“"+subjectOf(e)+"” may already have reached the support desk. Send it again only if you checked that it did not arrive; the desk can tell it is the same report.",
		func(ok bool) {
			if !ok {
				return
			}
			btn.Disable()
			s.sendNow(ob, e, func() error {
				_, err := ob.SendAgain(e.ID, time.Now())
				return err
			})
		}, s.u.Window), dialogKeys{})
}

// markSent is the person saying the report did arrive.
func (s *outboxScreen) markSent(ob *outbox.Outbox, e outbox.Entry) {
	s.u.run(func() {
		_, err := ob.MarkSent(e.ID)
		fyne.Do(func() {
			if err != nil {
				s.u.showError(err)
			}
			s.reload()
		})
	})
}

// showFolder opens the report's folder in the file manager, for someone who wants to look
// at a damaged report's files (the path is never put in a sentence).
func (s *outboxScreen) showFolder(ob *outbox.Outbox, e outbox.Entry) {
	dir := ob.Folder(e.ID)
	if dir == "" {
		s.u.showDialog(dialog.NewInformation("Not opened", "This report is no longer in Sent reports.", s.u.Window), dialogKeys{})
		return
	}
	if err := s.u.openPath(dir); err != nil {
		s.u.showDialog(dialog.NewInformation("Not opened", "This computer could not open the folder in a file manager.", s.u.Window), dialogKeys{})
	}
}

// open shows a report's .eml with the system's handler (the mail program), wherever the
// report is now (it may have been sent since the list was drawn), or says why it cannot.
func (s *outboxScreen) open(ob *outbox.Outbox, e outbox.Entry) {
	u := s.u
	u.run(func() {
		path := ""
		if dir := ob.Folder(e.ID); dir != "" {
			path = filepath.Join(dir, "message.eml")
		}
		st, err := os.Stat(path)
		fyne.Do(func() {
			switch {
			case path == "":
				u.showDialog(dialog.NewInformation("Not opened", "This report is no longer in Sent reports.", u.Window), dialogKeys{})
			case err != nil || !st.Mode().IsRegular():
				u.showDialog(dialog.NewInformation("Not opened", "The copy of this report is missing, so it cannot be opened.", u.Window), dialogKeys{})
			default:
				if err := u.openPath(path); err != nil {
					offerFolder(u, "This computer has no program set up to open emails (.eml files). You can find the file in its folder instead.",
						func() { s.showFolder(ob, e) })
				}
			}
		})
	})
}

// offerFolder says a file could not be opened and offers its folder.
func offerFolder(u *UI, why string, show func()) {
	u.showDialog(dialog.NewCustomConfirm("Could not open it", "Show in folder", "Close", wrapLabel(why), func(ok bool) {
		if ok {
			show()
		}
	}, u.Window), dialogKeys{})
}

// openURL is the system's "open this" (Fyne's OpenURL); tests replace it to see what was
// opened and to make it fail.
var openURL = func(a fyne.App, u *url.URL) error { return a.OpenURL(u) }

// openPath opens a file or folder with the system's handler and says whether that worked.
// The URI comes from Fyne's storage so that Windows paths become proper file URLs.
func (u *UI) openPath(path string) error {
	link, err := url.Parse(storage.NewFileURI(path).String())
	if err != nil {
		return err
	}
	return openURL(u.app, link)
}

func subjectOf(e outbox.Entry) string {
	if e.Subject == "" {
		return "(subject not known)"
	}
	return e.Subject
}
