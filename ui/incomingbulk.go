package ui

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/check"
	"github.com/reportmail/reportmail/internal/intake"
	"github.com/reportmail/reportmail/internal/mailbox"
	"github.com/reportmail/reportmail/internal/mailmsg"
	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/report"
	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/submit"
)

// bulkCard reports several emails chosen in the mailbox in one go: each is fetched and
// checked exactly as a dropped file, then, with one choice of what happened, one report each
// is queued and the reports are sent one after the other, with one progress line. The card
// lists each one's state. Fields are touched on the UI goroutine only.
type bulkCard struct {
	c       *resultCard
	sess    *mailSession
	folder  mailbox.Folder
	items   []*bulkItem
	kind    *widget.RadioGroup
	note    *widget.Entry
	sendBtn *widget.Button
	line    *widget.Label // the one progress line
	form    *fyne.Container
	after   *fyne.Container // the moves, once reports were accepted
	started bool
}

// bulkItem is one chosen email and where its report stands.
type bulkItem struct {
	msg    mailbox.Message
	path   string
	item   *intake.Item
	result *check.Result
	sha    string
	ready  bool // checked and the original: it can be reported
	entry  outbox.Entry
	state  *widget.Label
}

// bulkKinds: a virus sample needs a zip password of its own, so it is reported one at a time.
var bulkKinds = kindChoices[:2]

func (s *reportScreen) openBulk(sess *mailSession, folder mailbox.Folder, msgs []mailbox.Message) {
	u := s.u
	n := strconv.Itoa(len(msgs))
	c := startCard(&resultCard{s: s, name: n + " emails from your mailbox (" + folderLabel(folder) + ")"}, "Fetching "+n+" emails from your mailbox…")
	b := &bulkCard{c: c, sess: sess, folder: folder, line: wrapLabel("Fetching 1 of " + n + "…")}
	rows := container.NewVBox() // subject, then its state
	for _, m := range msgs {
		it := &bulkItem{msg: m, path: u.fetchedPath(), state: widget.NewLabel("Waiting to be fetched…")}
		it.state.Wrapping = fyne.TextWrapWord
		subj := widget.NewLabel(mailmsg.Shorten(orDefault(m.Subject, "(no subject)"), 70))
		subj.Truncation = fyne.TextTruncateEllipsis
		// A truncated label has no width of its own: the subject gets a fixed column.
		rows.Add(container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(280, subj.MinSize().Height), subj), nil, it.state))
		b.items = append(b.items, it)
	}
	labels := make([]string, len(bulkKinds))
	for i, k := range bulkKinds {
		labels[i] = k.label
	}
	b.kind = widget.NewRadioGroup(labels, nil)
	for _, k := range bulkKinds {
		if k.kind == kindFromFolder(folder) {
			b.kind.SetSelected(k.label)
		}
	}
	b.note = widget.NewMultiLineEntry()
	b.note.SetPlaceHolder("Anything the support desk should know? It goes with each report (optional)")
	b.note.SetMinRowsVisible(2)
	b.note.Wrapping = fyne.TextWrapWord
	b.sendBtn = widget.NewButtonWithIcon("Send the reports", theme.MailSendIcon(), b.send)
	b.sendBtn.Importance = widget.HighImportance
	b.sendBtn.Disable()
	b.form = container.NewVBox(bold("What happened to these emails?"), b.kind, b.note, container.NewHBox(b.sendBtn))
	b.form.Hide()
	b.after = container.NewVBox()
	head := c.header(look{theme.ColorNameSuccess, theme.MailComposeIcon(), n + " emails from " + folderLabel(folder),
		"Each one is checked as if you had saved it, then sent to the support desk as a report of its own."})
	c.body.Objects = []fyne.CanvasObject{head, rows, b.line, widget.NewSeparator(), b.form, b.after}
	c.body.Refresh()
	s.add(c)
	u.runOr(b.fetchAll, c.readingFailed)
}

// fetchAll runs off the UI goroutine: fetch and check each, as judgeFile does for one.
func (b *bulkCard) fetchAll() {
	total := strconv.Itoa(len(b.items))
	for i, it := range b.items {
		fyne.Do(func() {
			b.line.SetText("Fetching " + strconv.Itoa(i+1) + " of " + total + "…")
			it.state.SetText("Fetching…")
		})
		text := ""
		if err := fetchInto(b.sess, b.folder.Name, it.msg.UID, it.path); err != nil {
			text = plain.Sentence(err)
		} else if item, err := intake.Open(it.path, intake.Options{}); err != nil {
			text = plain.Sentence(err)
		} else {
			r := checkMessage(item)
			sum := sha256.Sum256(item.Raw)
			it.item, it.result, it.sha = item, r, hex.EncodeToString(sum[:])
			it.ready = r.Verdict == check.Original && item.Notice == nil
			text = verdictLook(r, shownFindings(r)).headline
			if !it.ready {
				text += " It will not be sent; open it on its own to see why."
			}
		}
		fyne.Do(func() { it.state.SetText(text) })
	}
	fyne.Do(b.checked)
}

// checked shows the form once every email was looked at.
func (b *bulkCard) checked() {
	n := b.readyCount()
	switch {
	case n == 0:
		b.line.SetText("None of these emails can be reported from here.")
		return
	case n == len(b.items):
		b.line.SetText("All " + strconv.Itoa(n) + " are original emails, ready to report.")
	default:
		b.line.SetText(strconv.Itoa(n) + " of " + strconv.Itoa(len(b.items)) + " are original emails, ready to report.")
	}
	b.sendBtn.SetText("Send " + countWords(n, "report"))
	b.sendBtn.Enable()
	b.form.Show()
}

func (b *bulkCard) readyCount() int {
	n := 0
	for _, it := range b.items {
		if it.ready {
			n++
		}
	}
	return n
}

func (b *bulkCard) chosenKind() report.Kind {
	for _, k := range bulkKinds {
		if k.label == b.kind.Selected {
			return k.kind
		}
	}
	return ""
}

// send snapshots the reports on the UI goroutine, then queues and sends them off it.
func (b *bulkCard) send() {
	if b.started {
		return // one report each, once
	}
	u := b.c.s.u
	kind := b.chosenKind()
	if kind == "" {
		b.line.SetText("First choose what happened to these emails.")
		return
	}
	acc := u.account()
	if !acc.configured() {
		b.line.SetText("To send the reports, Report Mail needs the sending settings of your email account.")
		b.after.Objects = []fyne.CanvasObject{container.NewHBox(widget.NewButton("Set up my account", func() { u.setUpAccount(b.sendBtn) }))}
		b.after.Refresh()
		return
	}
	var opts []report.Options
	var todo []*bulkItem
	for _, it := range b.items {
		if it.ready {
			opts = append(opts, u.reportOptions(kind, b.note.Text, "", acc.Address, it.item, it.result, it.path))
			todo = append(todo, it)
		}
	}
	b.started = true
	b.after.Objects = nil
	b.after.Refresh()
	b.sendBtn.Disable()
	b.kind.Disable()
	b.note.Disable()
	b.line.SetText("Getting ready…")
	u.run(func() {
		pw, err := u.accountPassword(acc)
		if err == nil {
			b.deliver(acc, pw, kind, todo, opts)
			return
		}
		fyne.Do(func() {
			u.askPassword(acc, "", func(pw string, ok bool) {
				if !ok {
					b.started = false
					b.sendBtn.Enable()
					b.kind.Enable()
					b.note.Enable()
					b.line.SetText("Not sent: the password is needed to send through " + acc.Host + ".")
					return
				}
				u.run(func() { b.deliver(acc, pw, kind, todo, opts) })
			})
		})
	})
}

// deliver runs off the UI goroutine: every report is queued first (each is safe in the
// outbox from then on, and the background retry sends what is left), then sent in turn.
func (b *bulkCard) deliver(acc account, pw string, kind report.Kind, todo []*bulkItem, opts []report.Options) {
	u := b.c.s.u
	ob, err := u.outbox()
	if err != nil {
		msg := plain.Sentence(err)
		fyne.Do(func() { b.line.SetText(msg) })
		return
	}
	var queued []*bulkItem
	for i, it := range todo {
		text := "Queued."
		var re *outbox.ReportedError
		if err := ob.CheckRepeat(it.sha, string(kind)); errors.As(err, &re) {
			text = plain.AlreadyReported(re.When(), re.Entry.CaseNumber, time.Now()) + " Not sent again."
		} else if e, adopted, err := queueOnce(ob, it.sha, opts[i]); err != nil {
			text = plain.Sentence(err)
		} else {
			it.entry = e
			queued = append(queued, it)
			if adopted {
				text = "Already on its way from an earlier report."
			}
		}
		fyne.Do(func() { it.state.SetText(text) })
	}
	ctx := u.life
	total := strconv.Itoa(len(queued))
	cfg := u.sendConfig(acc, pw)
	stopped := false
	for i, it := range queued {
		if stopped || it.entry.State == outbox.Sent {
			continue
		}
		fyne.Do(func() {
			b.line.SetText("Sending " + strconv.Itoa(i+1) + " of " + total + "…")
			it.state.SetText("Sending…")
		})
		e, err := submit.Send(ctx, ob, it.entry.ID, cfg, send.Hooks{})
		if e.ID == "" {
			e, _ = ob.Get(it.entry.ID)
		}
		it.entry = e
		text := entryText(e)
		if e.State == outbox.Sent {
			text = "Sent at " + formatWhen(e.SentAt) + "."
		}
		// A refused password or sign-in refuses every report: the rest wait in the outbox.
		k := send.KindOf(err)
		stopped = k == send.AuthFailed || k == send.TokenRefused
		fyne.Do(func() { it.state.SetText(text) })
	}
	fyne.Do(func() {
		b.finished(kind, queued)
		u.reportsChanged()
	})
}

// finished says how many reached the desk and offers to tidy those up in the mailbox.
func (b *bulkCard) finished(kind report.Kind, queued []*bulkItem) {
	var sent []uint32
	for _, it := range queued {
		if it.entry.State == outbox.Sent {
			sent = append(sent, it.msg.UID)
		}
	}
	switch {
	case len(queued) == 0:
		b.line.SetText("No report was sent.")
	case len(sent) == len(queued):
		b.form.Hide() // done: the choices made are in the reports now
		b.line.SetText("Sent " + countWords(len(sent), "report") + " to " + b.c.s.u.profile().Name + ". The support desk replies to each by email with a case number.")
	default:
		b.line.SetText("Sent " + strconv.Itoa(len(sent)) + " of " + countWords(len(queued), "report") + "; the others are kept under Sent reports, and the list above says why.")
	}
	if len(sent) == 0 {
		return
	}
	b.after.Objects = b.c.s.u.moveButtons(b.folder, func() []uint32 { return sent }, kind, len(sent) > 1, func() {})
	b.after.Refresh()
}
