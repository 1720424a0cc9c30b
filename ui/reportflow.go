package ui

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/appinfo"
	"github.com/reportmail/reportmail/internal/check"
	"github.com/reportmail/reportmail/internal/hours"
	"github.com/reportmail/reportmail/internal/intake"
	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/plain"
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

// flowState is where the report of one original stands, as its card shows it. The card's
// "checking" comes before a flow exists; "draft saved" leaves the form ready.
type flowState int

const (
	flowReady   flowState = iota // the form can be filled in and sent
	flowBusy                     // Send was pressed: getting ready, queueing, sending
	flowWaiting                  // in the outbox, waiting for its next attempt
	flowFailed                   // refused; Try again sends the same report again
	flowUnknown                  // may have been delivered: the person decides in Sent reports
	flowSent
)

// queueMu makes "is a report of this original on its way?" and queueing one a single step,
// so two cards of one original (or two quick presses) never queue two reports.
var queueMu sync.Mutex

// reportFlow is the part of an original's card that sends it: what went wrong, a note, and
// Send or Save as draft; then the one state of the report it made.
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
	extra    *fyne.Container // what can be done about the state: open a draft, save the zip
	preview  *preview
	stop     context.CancelFunc

	sha   string       // of the original, as the outbox records it
	state flowState    // one at a time; see setState
	entry outbox.Entry // the report in the outbox this card stands for; ID "" for none
	draft string       // the last draft saved from this card
	// notice is the rejection notice the sender received (noticecard.go): it rides along
	// as the second attachment of a false-positive report; nil for none.
	notice []byte
}

func newReportFlow(c *resultCard) *reportFlow {
	f := &reportFlow{c: c}
	if c.item != nil {
		sum := sha256.Sum256(c.item.Raw)
		f.sha = hex.EncodeToString(sum[:])
	}
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
		f.preview.refresh()
	})
	f.note = widget.NewMultiLineEntry()
	f.note.SetPlaceHolder("Anything the support desk should know? (optional)")
	f.note.SetMinRowsVisible(2)
	f.note.Wrapping = fyne.TextWrapWord

	f.sendBtn = widget.NewButtonWithIcon("Send to the support desk", theme.MailSendIcon(), f.send)
	f.sendBtn.Importance = widget.HighImportance
	f.draftBtn = widget.NewButtonWithIcon("Save as draft for my mail program", theme.DocumentSaveIcon(), f.saveAsDraft)
	f.cancel = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), func() {
		if f.stop != nil {
			f.stop()
		}
	})
	f.cancel.Hide()
	f.progress = widget.NewProgressBar()
	f.progress.Hide()
	f.status = wrapLabel("")
	f.extra = container.NewHBox()
	f.preview = newPreview(f)

	f.box = container.NewVBox(
		bold("What happened to this email?"), f.kind, container.New(keepsRoom{}, f.zipBox), f.note, f.preview.view(),
		container.NewHBox(f.sendBtn, f.draftBtn, f.cancel), f.progress, f.status, f.extra,
	)
	f.lookUp()
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

// options snapshots the choices on the UI goroutine, before any work leaves it; a choice
// still missing is said on the card.
func (f *reportFlow) options(from string) (report.Options, bool) {
	o, why := f.buildOptions(from)
	if why != "" {
		f.status.SetText(why)
		return o, false
	}
	return o, true
}

func (f *reportFlow) buildOptions(from string) (report.Options, string) {
	kind := f.chosenKind()
	if kind == "" {
		return report.Options{}, "First choose what happened to this email."
	}
	pw := strings.TrimSpace(f.password.Text)
	if kind == report.Virus && pw == "" {
		return report.Options{}, "The zip needs a password; “infected” is the one support desks expect."
	}
	o := f.c.s.u.reportOptions(kind, f.note.Text, pw, from, f.c.item, f.c.result, f.c.path)
	if kind == report.FalsePositive && len(f.notice) > 0 {
		o.RejectionNotice = f.notice
	}
	return o, ""
}

// reportOptions is one report of a checked original, the same for a card of its own and for
// each of several sent together. UI goroutine (it reads the profile).
func (u *UI) reportOptions(kind report.Kind, note, zipPassword, from string, item *intake.Item, res *check.Result, path string) report.Options {
	o := report.Options{
		Kind: kind, Note: note, From: from, To: u.profile().SupportAddress,
		ZipPassword: zipPassword, ZipEncryption: samplezip.ZipCrypto,
		AppName: appinfo.Name, AppVersion: appinfo.Version, Now: time.Now(),
		SubjectPrefix: u.profile().SubjectPrefixes.For(string(kind)),
	}
	submit.FromCheck(&o, item, res, path)
	return o
}

// setState is the one place the form's controls follow the report's state: Send is live
// only when pressing it cannot make a second report of this original.
func (f *reportFlow) setState(st flowState, text string) {
	f.state = st
	f.status.SetText(text)
	f.extra.Objects = nil
	f.extra.Refresh()
	editable := st == flowReady
	for _, w := range []fyne.Disableable{f.kind, f.note, f.password} {
		if editable {
			w.Enable()
		} else {
			w.Disable()
		}
	}
	f.sendBtn.SetText("Send to the support desk")
	switch st {
	case flowReady:
		f.sendBtn.Enable()
	case flowFailed:
		f.sendBtn.SetText("Try again")
		f.sendBtn.Enable()
	default:
		f.sendBtn.Disable()
	}
	if st == flowReady || st == flowFailed {
		f.draftBtn.Enable()
	} else {
		f.draftBtn.Disable()
	}
	if st == flowBusy {
		f.progress.SetValue(0)
		f.progress.Show()
		f.cancel.Show()
	} else {
		f.progress.Hide()
		f.cancel.Hide()
	}
}

// offer puts buttons under the status line for what can be done now.
func (f *reportFlow) offer(buttons ...fyne.CanvasObject) {
	f.extra.Objects = buttons
	f.extra.Refresh()
}

// busy is kept for the draft path: it blocks the form while a file is written.
func (f *reportFlow) busy(on bool, text string) {
	if on {
		f.setState(flowBusy, text)
		f.cancel.Hide() // writing a file is not cancelled half-way
		return
	}
	f.setState(flowReady, text)
}

func (f *reportFlow) send() {
	switch f.state {
	case flowFailed:
		f.tryAgain()
		return
	case flowReady:
	default:
		return // this original's report is already on its way: one report, one state
	}
	u := f.c.s.u
	acc := u.account()
	if !acc.configured() {
		// What happened comes first, then how to send it.
		if _, ok := f.options(placeholderFrom); ok {
			f.offerSetup()
		}
		return
	}
	o, ok := f.options(acc.Address)
	if !ok {
		return
	}
	f.setState(flowBusy, "Getting ready…")
	// Cancel works from this moment: reading the keychain, zipping and queueing can take
	// seconds, and the context reaches all the way to the server.
	ctx, stop := context.WithCancel(context.Background())
	f.stop = stop
	u.run(func() { f.checkRepeat(ctx, acc, o) })
}

// stopped ends a send that never reached the outbox.
func (f *reportFlow) stopped(text string) {
	if f.stop != nil {
		f.stop()
		f.stop = nil
	}
	f.setState(flowReady, text)
}

// checkRepeat runs off the UI goroutine: a report of this original already on its way is
// taken over instead of making a second; one already made with this type is asked about.
func (f *reportFlow) checkRepeat(ctx context.Context, acc account, o report.Options) {
	u := f.c.s.u
	ob, err := u.outbox()
	if err != nil {
		fyne.Do(func() { f.stopped(plain.Sentence(err)) })
		return
	}
	if a, ok, _ := ob.Active(f.sha); ok {
		fyne.Do(func() { f.stop = nil; f.adopt(a) })
		return
	}
	var re *outbox.ReportedError
	if err := ob.CheckRepeat(f.sha, string(o.Kind)); errors.As(err, &re) {
		fyne.Do(func() {
			q := plain.AlreadyReported(re.When(), re.Entry.CaseNumber, time.Now()) + " Send it again?"
			u.showDialog(dialog.NewConfirm("Already reported", q, func(yes bool) {
				if !yes {
					f.stopped("Not sent: you reported this email before.")
					return
				}
				u.run(func() { f.withPassword(ctx, acc, o) })
			}, u.Window), dialogKeys{})
		})
		return
	}
	f.withPassword(ctx, acc, o)
}

// withPassword runs off the UI goroutine: the saved password, or the person is asked.
func (f *reportFlow) withPassword(ctx context.Context, acc account, o report.Options) {
	u := f.c.s.u
	pw, err := u.accountPassword(acc)
	if err != nil {
		fyne.Do(func() {
			u.askPassword(acc, "", func(pw string, ok bool) {
				if !ok {
					f.stopped("Not sent: the password is needed to send through " + acc.Host + ".")
					return
				}
				u.run(func() { f.deliver(ctx, acc, pw, o) })
			})
		})
		return
	}
	f.deliver(ctx, acc, pw, o)
}

// deliver runs off the UI goroutine: queue the report (it is safe from then on), then send.
func (f *reportFlow) deliver(ctx context.Context, acc account, pw string, o report.Options) {
	u := f.c.s.u
	if ctx.Err() != nil {
		fyne.Do(func() { f.stopped("Stopped. Nothing was sent.") })
		return
	}
	ob, err := u.outbox()
	if err != nil {
		fyne.Do(func() { f.stopped(plain.Sentence(err)) })
		return
	}
	entry, adopted, err := f.queue(ob, o)
	if err != nil || adopted {
		fyne.Do(func() {
			if err != nil {
				f.stopped(plain.Sentence(err))
				return
			}
			f.stop = nil
			f.adopt(entry)
		})
		return
	}
	fyne.Do(func() { f.entry = entry; f.status.SetText("Sending to " + o.To + "…") })
	cfg := u.sendConfig(acc, pw)
	// A slow or silent server says so on the card, as the command line does.
	cfg.Waiting = func(w send.Waiting) { fyne.Do(func() { f.status.SetText(plain.WaitingLine(w)) }) }
	entry, err = submit.Send(ctx, ob, entry.ID, cfg, send.Hooks{
		Progress: throttle(func(done, total int64) {
			if total > 0 {
				f.progress.SetValue(float64(done) / float64(total))
			}
		}),
		// The report is all out; what is left is the server's word that it has it.
		DataSent: func() { fyne.Do(func() { f.progress.SetValue(1); f.status.SetText(plain.Confirming) }) },
	})
	if entry.ID == "" { // busy elsewhere, or a record that could not be read
		entry, _ = ob.Get(f.entry.ID)
	}
	fyne.Do(func() {
		f.stop = nil
		f.finished(entry, err)
		u.reportsChanged()
	})
}

// queue adds the report unless one of this original got there first (another card, the
// command line): then that one is returned, adopted.
func (f *reportFlow) queue(ob *outbox.Outbox, o report.Options) (outbox.Entry, bool, error) {
	return queueOnce(ob, f.sha, o)
}

// queueOnce queues the report of the original with this SHA-256 unless one is already on
// its way, which is returned instead (adopted).
func queueOnce(ob *outbox.Outbox, sha string, o report.Options) (outbox.Entry, bool, error) {
	queueMu.Lock()
	defer queueMu.Unlock()
	if a, ok, _ := ob.Active(sha); ok {
		return a, true, nil
	}
	r, err := submit.Build(o)
	if err != nil {
		return outbox.Entry{}, false, err
	}
	e, err := submit.Queue(ob, o, r)
	return e, false, err
}

// finished shows the outcome of this card's own attempt.
func (f *reportFlow) finished(e outbox.Entry, err error) {
	if e.ID == "" {
		f.stopped(plain.Sentence(err))
		return
	}
	f.entry = e
	if err == nil && e.State == outbox.Sent {
		f.sent(e)
		return
	}
	f.show(e)
}

// adopt makes an outbox report of this original the card's own and shows its state.
func (f *reportFlow) adopt(e outbox.Entry) {
	f.entry = e
	if e.State == outbox.Sent {
		f.sent(e)
		return
	}
	f.show(e)
}

// tryAgain sends the card's refused report again, as Try again in Sent reports does: the
// same report, never a second one.
func (f *reportFlow) tryAgain() {
	u := f.c.s.u
	if !u.account().configured() {
		f.offerSetup()
		return
	}
	id := f.entry.ID
	f.setState(flowBusy, "Sending again…")
	f.cancel.Hide()
	u.sendEntry(id, func(ob *outbox.Outbox) error { return ob.Retry(id, time.Now()) }, func(e outbox.Entry, err error) {
		if e.ID == "" {
			f.stopped(plain.Sentence(err))
			return
		}
		f.finished(e, err)
	})
}

// sent replaces the form with what happens next, so the person knows they are done.
func (f *reportFlow) sent(e outbox.Entry) {
	u := f.c.s.u
	f.state, f.entry = flowSent, e
	if f.stop != nil {
		f.stop = nil
	}
	to := strings.Join(e.To, ", ")
	next := "The support desk will reply to you by email with a case number. Keep it: quote it if you write to them about this email again."
	when := "Sent at " + formatWhen(e.SentAt) + "."
	if e.MarkedSent {
		when = "You said it arrived."
	}
	icon := widget.NewIcon(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
	head := widget.NewLabelWithStyle("Sent to "+u.profile().Name+" ("+to+")", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	objs := []fyne.CanvasObject{
		container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(28, 28), icon), nil, head),
		widget.NewLabel(when),
		wrapLabel(next),
	}
	if st, err := hours.At(u.profile().Hours.Schedule(), time.Now()); err == nil {
		if line := st.Line(time.Local); line != "" {
			objs = append(objs, wrapLabel(line))
		}
	}
	objs = append(objs, u.moveOffer(f.c, report.Kind(e.Kind))...) // from the mailbox: tidy it up
	f.box.Objects = objs
	f.box.Refresh()
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

// sendNewest presses Send on the newest original still waiting to be sent (Ctrl+Enter, the
// Report menu), and says so when there is none.
func (s *reportScreen) sendNewest() {
	onItsWay := false
	for _, c := range s.cards {
		if c.flow == nil {
			continue
		}
		switch c.flow.state {
		case flowReady:
			c.flow.send()
			return
		case flowBusy, flowWaiting:
			onItsWay = true
		}
	}
	// A second press while a report is being sent must not read as "nothing happened":
	// the person would think the first press was lost and look for another way to send.
	title, msg := "Nothing to send", "There is no report waiting to be sent."
	if onItsWay {
		title, msg = "Already on its way", "Your report is already on its way: Report Mail sends it only once."
	}
	s.u.showDialog(dialog.NewInformation(title, msg, s.u.Window), dialogKeys{})
}
