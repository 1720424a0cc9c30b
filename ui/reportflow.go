package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/atomicfile"
	"github.com/reportmail/reportmail/internal/hours"
	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/report"
	"github.com/reportmail/reportmail/internal/samplezip"
	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/submit"
)

// kindChoices are the report types in everyday words, in the order people meet them.
var kindChoices = []struct {
	kind  report.Kind
	label string
}{
	{report.FalseNegative, "It is spam or a scam that reached my inbox"},
	{report.FalsePositive, "It is a real email that was blocked or went to junk"},
	{report.Virus, "It was rejected because of a virus"},
}

// reportFlow is the part of an original's card that sends it: what went wrong, a note, and
// Send or Save as draft.
type reportFlow struct {
	c        *resultCard
	box      *fyne.Container
	kind     *widget.RadioGroup
	zipBox   *fyne.Container
	password *widget.Entry
	note     *widget.Entry
	sendBtn  *widget.Button
	draftBtn *widget.Button
	cancel   *widget.Button
	progress *widget.ProgressBar
	status   *widget.Label
	stop     context.CancelFunc
	done     bool // sent: the form has given way to "what happens next"
}

func newReportFlow(c *resultCard) *reportFlow {
	f := &reportFlow{c: c}
	labels := make([]string, len(kindChoices))
	for i, k := range kindChoices {
		labels[i] = k.label
	}
	f.password = widget.NewEntry()
	f.password.SetText(samplezip.DefaultPassword)
	f.zipBox = container.NewVBox(
		wrapLabel("It will be sent inside a locked zip file, so no one opens the virus by accident. "+
			"The password is written in the report so the support desk can open it."),
		container.NewBorder(nil, nil, widget.NewLabel("Zip password:"), nil, f.password),
	)
	f.zipBox.Hide()
	f.kind = widget.NewRadioGroup(labels, func(string) {
		if f.chosenKind() == report.Virus {
			f.zipBox.Show()
		} else {
			f.zipBox.Hide()
		}
	})
	f.note = widget.NewMultiLineEntry()
	f.note.SetPlaceHolder("Anything the support desk should know? (optional)")
	f.note.SetMinRowsVisible(2)
	f.note.Wrapping = fyne.TextWrapWord

	f.sendBtn = widget.NewButtonWithIcon("Send to the support desk", theme.MailSendIcon(), f.send)
	f.sendBtn.Importance = widget.HighImportance
	f.draftBtn = widget.NewButtonWithIcon("Save as draft for my mail program", theme.DocumentCreateIcon(), f.draft)
	f.cancel = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), func() {
		if f.stop != nil {
			f.stop()
		}
	})
	f.cancel.Hide()
	f.progress = widget.NewProgressBar()
	f.progress.Hide()
	f.status = wrapLabel("")

	f.box = container.NewVBox(
		bold("What happened to this email?"), f.kind, f.zipBox, f.note,
		container.NewHBox(f.sendBtn, f.draftBtn, f.cancel), f.progress, f.status,
	)
	return f
}

func (f *reportFlow) chosenKind() report.Kind {
	for _, k := range kindChoices {
		if k.label == f.kind.Selected {
			return k.kind
		}
	}
	return ""
}

// options snapshots the choices on the UI goroutine, before any work leaves it.
func (f *reportFlow) options(from string) (report.Options, bool) {
	kind := f.chosenKind()
	if kind == "" {
		f.status.SetText("First choose what happened to this email.")
		return report.Options{}, false
	}
	pw := strings.TrimSpace(f.password.Text)
	if kind == report.Virus && pw == "" {
		f.status.SetText("The zip needs a password; “infected” is the one support desks expect.")
		return report.Options{}, false
	}
	u := f.c.s.u
	o := report.Options{
		Kind: kind, Note: f.note.Text, From: from, To: u.profile().SupportAddress,
		ZipPassword: pw, ZipEncryption: samplezip.ZipCrypto,
		AppName: "Report Mail", AppVersion: Version, Now: time.Now(),
	}
	submit.FromCheck(&o, f.c.item, f.c.result, f.c.path)
	return o, true
}

func (f *reportFlow) busy(on bool, text string) {
	f.status.SetText(text)
	if on {
		f.sendBtn.Disable()
		f.draftBtn.Disable()
		f.kind.Disable()
		f.progress.SetValue(0)
		f.progress.Show()
		f.cancel.Show()
		return
	}
	f.sendBtn.Enable()
	f.draftBtn.Enable()
	f.kind.Enable()
	f.progress.Hide()
	f.cancel.Hide()
}

func (f *reportFlow) send() {
	u := f.c.s.u
	acc := u.account()
	if !acc.configured() {
		f.offerSetup()
		return
	}
	o, ok := f.options(acc.Address)
	if !ok {
		return
	}
	f.busy(true, "Getting ready…")
	// Cancel works from this moment: reading the keychain, zipping and queueing can take
	// seconds, and the context reaches all the way to the server.
	ctx, stop := context.WithCancel(context.Background())
	f.stop = stop
	u.run(func() {
		pw, err := u.passwords().Get(acc.keychainKey())
		if err != nil {
			fyne.Do(func() {
				askPassword(u, acc, func(pw string, ok bool) {
					if !ok {
						stop()
						f.stop = nil
						f.busy(false, "Not sent: the password is needed to send through "+acc.Host+".")
						return
					}
					u.run(func() { f.deliver(ctx, acc, pw, o) })
				})
			})
			return
		}
		f.deliver(ctx, acc, pw, o)
	})
}

// deliver runs off the UI goroutine: queue the report (it is safe from then on), then send.
func (f *reportFlow) deliver(ctx context.Context, acc account, pw string, o report.Options) {
	u := f.c.s.u
	if ctx.Err() != nil {
		fyne.Do(func() { f.stop = nil; f.busy(false, failureText(ctx.Err(), outbox.Entry{})) })
		return
	}
	ob, err := u.outbox()
	if err != nil {
		fyne.Do(func() { f.busy(false, plain.Sentence(err)) })
		return
	}
	r, err := submit.Build(o)
	if err != nil {
		fyne.Do(func() { f.busy(false, plain.Sentence(err)) })
		return
	}
	entry, err := submit.Queue(ob, o, r)
	if err != nil {
		fyne.Do(func() { f.busy(false, plain.Sentence(err)) })
		return
	}
	fyne.Do(func() { f.status.SetText("Sending to " + o.To + "…") })
	entry, err = ob.Deliver(ctx, entry.ID, u.sendConfig(acc, pw), throttle(func(done, total int64) {
		if total > 0 {
			f.progress.SetValue(float64(done) / float64(total))
		}
	}))
	fyne.Do(func() {
		f.stop = nil
		if u.outboxView != nil {
			u.outboxView.reload()
		}
		if err == nil {
			f.sent(o.To)
			return
		}
		f.busy(false, failureText(err, entry))
	})
}

func failureText(err error, e outbox.Entry) string {
	switch {
	case errors.Is(err, context.Canceled) || send.KindOf(err) == send.Canceled:
		return "Stopped. The report is kept under Sent reports, where you can send it later."
	case e.State == outbox.Queued:
		s := plain.Sentence(err)
		if c, ok := strings.CutSuffix(s, "; Report Mail will try again."); ok {
			s = c + "."
		}
		return "Not sent yet. " + s + " Report Mail keeps the report and tries again by itself."
	}
	return plain.Sentence(err) + " The report is kept under Sent reports: fix the problem, then choose Try again there."
}

// sent replaces the form with what happens next, so the person knows they are done.
func (f *reportFlow) sent(to string) {
	u := f.c.s.u
	f.done = true
	next := "The support desk will reply to you by email with a case number. Keep it: quote it if you write to them about this email again."
	line := ""
	if st, err := hours.At(u.profile().Hours.Schedule(), time.Now()); err == nil {
		line = st.Line(time.Local)
	}
	icon := widget.NewIcon(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
	head := widget.NewLabelWithStyle("Sent to "+u.profile().Name+" ("+to+")", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	objs := []fyne.CanvasObject{
		container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(28, 28), icon), nil, head),
		wrapLabel(next),
	}
	if line != "" {
		objs = append(objs, wrapLabel(line))
	}
	f.box.Objects = objs
	f.box.Refresh()
}

// offerSetup is what a first-time user meets when they press Send: set up sending, or let
// their own mail program send a ready-made draft.
func (f *reportFlow) offerSetup() {
	u := f.c.s.u
	dialog.ShowCustomConfirm("Set up sending first",
		"Set up my account", "Save as a draft instead",
		wrapLabel("To send reports itself, Report Mail needs the sending settings of your email account (the same ones your mail program uses). "+
			"Or it can save the report as a draft that opens in your mail program, ready to send."),
		func(setup bool) {
			if setup {
				u.showSettings()
				return
			}
			f.draft()
		}, u.Window)
}

// draft writes the report with X-Unsent: 1 and opens it in the user's mail program.
func (f *reportFlow) draft() {
	u := f.c.s.u
	from := u.account().Address
	if from == "" {
		askAddress(u, func(addr string) {
			if addr != "" {
				f.saveDraft(addr)
			}
		})
		return
	}
	f.saveDraft(from)
}

func (f *reportFlow) saveDraft(from string) {
	o, ok := f.options(from)
	if !ok {
		return
	}
	u := f.c.s.u
	f.busy(true, "Saving the draft…")
	u.run(func() {
		path, err := writeDraft(o)
		fyne.Do(func() {
			if err != nil {
				msg := plain.Sentence(err)
				if path != "" {
					msg = plain.WriteSentence(err, path)
				}
				f.busy(false, msg)
				return
			}
			f.busy(false, "Draft saved as "+path+". It opens in your mail program: check it and press Send there.")
			u.openFile(path)
		})
	})
}

// writeDraft saves the draft in the user's Report Mail folder, atomically.
func writeDraft(o report.Options) (string, error) {
	r, err := submit.Build(o)
	if err != nil {
		return "", err
	}
	dir, err := draftsDir()
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, samplezip.SafeName(r.Subject))
	return path, atomicfile.Write(path, report.Draft(r), 0o600)
}

func draftsDir() (string, error) {
	if d := os.Getenv("REPORTMAIL_DRAFTS"); d != "" {
		return d, os.MkdirAll(d, 0o700)
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	d := filepath.Join(base, "reportmail", "drafts")
	return d, os.MkdirAll(d, 0o700)
}

// throttle passes progress to the UI at most ten times a second, through fyne.Do.
func throttle(set func(done, total int64)) func(done, total int64) {
	var last time.Time
	return func(done, total int64) {
		if now := time.Now(); done == total || now.Sub(last) > 100*time.Millisecond {
			last = now
			fyne.Do(func() { set(done, total) })
		}
	}
}

func askPassword(u *UI, acc account, done func(string, bool)) {
	pw := widget.NewPasswordEntry()
	remember := widget.NewCheck("Remember it in this computer's keychain", nil)
	remember.SetChecked(true)
	items := []*widget.FormItem{widget.NewFormItem("Password", pw), widget.NewFormItem("", remember)}
	dialog.ShowForm("Password for "+usernameOf(acc), "Send", "Cancel", items, func(ok bool) {
		if ok && remember.Checked {
			p := pw.Text
			u.run(func() { _ = u.passwords().Set(acc.keychainKey(), p) })
		}
		done(pw.Text, ok && pw.Text != "")
	}, u.Window)
}

func askAddress(u *UI, done func(string)) {
	e := widget.NewEntry()
	e.SetPlaceHolder("you@example.co.nz")
	e.Validator = func(s string) error {
		if !provider.ValidAddress(strings.TrimSpace(s)) {
			return sentence("Enter your email address, for example kate@example.co.nz.")
		}
		return nil
	}
	dialog.ShowForm("Your email address", "Save draft", "Cancel",
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
}
