package ui

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/report"
	"github.com/reportmail/reportmail/internal/safefile"
	"github.com/reportmail/reportmail/internal/samplezip"
	"github.com/reportmail/reportmail/internal/submit"
)

// placeholderFrom stands in for the person's address where only the choices are checked
// or the report is previewed before an address is known.
const placeholderFrom = "you@example.com"

// offerSetup is what a first-time user meets when they press Send: set up sending, or let
// their own mail program send a ready-made draft.
func (f *reportFlow) offerSetup() {
	u := f.c.s.u
	var d dialog.Dialog
	setup := widget.NewButton("Set up my account", func() { d.Hide(); u.setUpAccount(f.sendBtn) })
	setup.Importance = widget.HighImportance
	draft := widget.NewButtonWithIcon("Save as a draft instead", theme.DocumentSaveIcon(), func() { d.Hide(); f.saveAsDraft() })
	// The second choice is an action of its own, not a Cancel: Escape only closes.
	d = dialog.NewCustomWithoutButtons("Set up sending first", container.NewVBox(
		wrapLabel("To send reports itself, Report Mail needs the sending settings of your email account (the same ones your mail program uses). "+
			"Or it can save the report as a draft that opens in your mail program, ready to send."),
		container.NewHBox(setup, draft),
	), u.Window)
	u.showDialog(d, dialogKeys{Enter: setup.OnTapped})
}

// saveAsDraft asks what happened first, then the person's address when none is known, then
// where to save; the draft (X-Unsent: 1) then opens in their mail program.
func (f *reportFlow) saveAsDraft() {
	if _, ok := f.options(placeholderFrom); !ok {
		return
	}
	u := f.c.s.u
	from := u.account().Address
	if from == "" {
		askAddress(u, func(addr string) {
			if addr != "" {
				f.chooseDraftFolder(addr)
			}
		})
		return
	}
	f.chooseDraftFolder(from)
}

// chooseDraftFolder asks where the draft goes, starting in Documents (or the Desktop). A
// folder chooser, not Fyne's save dialog: that one opens the chosen file with os.Create
// before our callback runs, truncating whatever a link there points to (see showExport);
// safefile writes the draft, under a new name when the name is taken.
func (f *reportFlow) chooseDraftFolder(from string) {
	u := f.c.s.u
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil || dir == nil {
			return
		}
		f.saveDraftIn(dir.Path(), from)
	}, u.Window)
	d.SetTitleText("Choose where to save the draft")
	d.SetConfirmText("Save here")
	if l := startFolder(); l != nil {
		d.SetLocation(l)
	}
	d.Show()
}

// startFolder is where the person will look for a saved file: $REPORTMAIL_DRAFTS (tests,
// portable set-ups), else Documents, else the Desktop, else the home folder.
func startFolder() fyne.ListableURI {
	var dirs []string
	if d := os.Getenv("REPORTMAIL_DRAFTS"); d != "" {
		dirs = append(dirs, d)
	}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, "Documents"), filepath.Join(home, "Desktop"), home)
	}
	for _, d := range dirs {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			if l, err := storage.ListerForURI(storage.NewFileURI(d)); err == nil {
				return l
			}
		}
	}
	return nil
}

func (f *reportFlow) saveDraftIn(dir, from string) {
	o, ok := f.options(from)
	if !ok {
		return
	}
	u := f.c.s.u
	was := f.state
	f.busy(true, "Saving the draft…")
	u.run(func() {
		path, r, err := writeDraftIn(dir, o)
		if err != nil {
			fyne.Do(func() {
				msg := plain.Sentence(err)
				if path != "" {
					msg = plain.WriteSentence(err, path)
				}
				f.afterDraft(was, msg)
			})
			return
		}
		if ob, oerr := u.outbox(); oerr == nil {
			_, _ = ob.AddDraft(outbox.Draft{Path: path, Kind: string(o.Kind), Subject: r.Subject, SHA256: r.AttachedSHA256, Saved: time.Now()})
		}
		opened := u.openPath(path)
		fyne.Do(func() {
			f.draft = path
			where := "“" + plain.FileName(filepath.Base(path)) + "” in " + plain.FileName(filepath.Base(filepath.Dir(path)))
			if opened != nil {
				f.afterDraft(was, "Draft saved as "+where+", but this computer could not open it in a mail program: choose Show in folder and open it from there.")
			} else {
				f.afterDraft(was, "Draft saved as "+where+" and handed to your mail program: check it there and press Send.")
			}
			f.offer(draftButtons(u, path)...)
			u.reportsChanged()
		})
	})
}

// writeDraftIn saves the draft in dir under the report's subject. Two reports with one
// subject must not cost the first its draft, so a taken name gets " (2)" rather than being
// replaced; a pipe or link put there is never written through.
func writeDraftIn(dir string, o report.Options) (string, *report.Report, error) {
	r, err := submit.Build(o)
	if err != nil {
		return "", nil, err
	}
	path, err := safefile.WriteNew(filepath.Join(dir, samplezip.SafeName(r.Subject)), submit.Draft(r), 0o600)
	return path, r, err
}

// afterDraft puts the form back as it was before the draft (ready, or a refused report
// that can still be tried again) with the outcome.
func (f *reportFlow) afterDraft(was flowState, text string) {
	if was == flowFailed {
		f.setState(flowFailed, text)
		return
	}
	f.setState(flowReady, text)
}

// draftButtons open a saved draft, or its folder, saying so when the computer cannot.
func draftButtons(u *UI, path string) []fyne.CanvasObject {
	folder := func() {
		if err := u.openPath(filepath.Dir(path)); err != nil {
			u.showDialog(dialog.NewInformation("Not opened", "This computer could not open the folder; the draft is in "+plain.FileName(filepath.Dir(path))+".", u.Window), dialogKeys{})
		}
	}
	open := func() {
		if _, err := os.Stat(path); err != nil {
			u.showDialog(dialog.NewInformation("Not opened", "The draft is no longer where it was saved: it was moved or deleted.", u.Window), dialogKeys{})
			return
		}
		if err := u.openPath(path); err != nil {
			offerFolder(u, "This computer could not open the draft in a mail program. You can open it from its folder instead.", folder)
		}
	}
	return []fyne.CanvasObject{
		widget.NewButtonWithIcon("Open", theme.MailComposeIcon(), open),
		widget.NewButtonWithIcon("Show in folder", theme.FolderOpenIcon(), folder),
	}
}

// draftRow is a saved draft in Sent reports.
func (s *outboxScreen) draftRow(ob *outbox.Outbox, d outbox.Draft) fyne.CanvasObject {
	head := "Draft"
	if k := kindWords[d.Kind]; k != "" {
		head = k + " · draft"
	}
	head += " · saved " + formatWhen(d.Saved) + " as " + plain.FileName(filepath.Base(d.Path))
	forget := widget.NewButtonWithIcon("Remove from list", theme.DeleteIcon(), func() {
		s.u.run(func() {
			err := ob.ForgetDraft(d.ID)
			fyne.Do(func() {
				if err != nil {
					s.u.showError(err)
				}
				s.reload()
			})
		})
	})
	lines := []fyne.CanvasObject{
		bold(subjectOr(d.Subject)),
		widget.NewLabel(head),
		wrapLabel("It is sent when you press Send in your mail program; Report Mail does not know whether you did."),
		container.NewHBox(append(draftButtons(s.u, d.Path), forget)...),
	}
	return rowCard(theme.DocumentSaveIcon(), lines)
}

func subjectOr(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(subject not known)"
	}
	return s
}

// saveZip saves the virus sample's zip on its own, for a report too large for the server:
// the person can send the zip another way.
func (f *reportFlow) saveZip() {
	u := f.c.s.u
	o, ok := f.options(placeholderFrom)
	if !ok {
		return
	}
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil || dir == nil {
			return
		}
		folder := dir.Path()
		u.run(func() {
			entries := []samplezip.Entry{{Name: samplezip.SafeName(o.Summary.Subject), Data: o.Original}}
			if len(o.MsgSource) > 0 {
				entries = append(entries, samplezip.Entry{Name: samplezip.SafeFileName(o.MsgName, ".msg"), Data: o.MsgSource})
			}
			data, err := samplezip.Archive(entries, o.ZipPassword, o.ZipEncryption, time.Now())
			path := ""
			if err == nil {
				path, err = safefile.WriteNew(filepath.Join(folder, "virus-sample.zip"), data, 0o600)
			}
			fyne.Do(func() {
				if err != nil {
					msg := plain.Sentence(err)
					if path != "" {
						msg = plain.WriteSentence(err, path)
					}
					u.showDialog(dialog.NewInformation("Not saved", msg, u.Window), dialogKeys{})
					return
				}
				u.showDialog(dialog.NewInformation("Zip saved", "Saved as “"+plain.FileName(filepath.Base(path))+"”, locked with the password “"+o.ZipPassword+"”.", u.Window), dialogKeys{})
			})
		})
	}, u.Window)
	d.SetTitleText("Choose where to save the zip")
	d.SetConfirmText("Save here")
	if l := startFolder(); l != nil {
		d.SetLocation(l)
	}
	d.Show()
}

// addressWidth fits a long address (first.lastname@organisation.co.nz) whole.
const addressWidth = 440

func askAddress(u *UI, done func(string)) {
	e := newDialogEntry()
	e.SetPlaceHolder("you@example.co.nz")
	e.Validator = func(s string) error {
		if !provider.ValidAddress(strings.TrimSpace(s)) {
			return sentence("Enter your email address, for example kate@example.co.nz.")
		}
		return nil
	}
	d := dialog.NewForm("Your email address", "Save draft", "Cancel",
		[]*widget.FormItem{widget.NewFormItem("Email address", e)}, func(ok bool) {
			if !ok {
				done("")
				return
			}
			addr := strings.TrimSpace(e.Text)
			p := u.app.Preferences()
			if p.String(prefAddress) == "" {
				p.SetString(prefAddress, addr)
			}
			done(addr)
		}, u.Window)
	d.Resize(fyne.NewSize(addressWidth+160, d.MinSize().Height))
	u.showDialog(d, dialogKeys{}, e)
}
