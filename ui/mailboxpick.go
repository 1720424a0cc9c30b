package ui

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/mailbox"
	"github.com/reportmail/reportmail/internal/mailmsg"
	"github.com/reportmail/reportmail/internal/plain"
)

// mailPicker is "Choose from my mailbox": the folders (Inbox and Junk first), the newest
// messages of one with date, sender, subject and size, a search the server runs, "Show
// older" 50 at a time, and ticks to report several at once. Every field is touched on the
// UI goroutine only; the network work goes through the session off it.
type mailPicker struct {
	u      *UI
	d      dialog.Dialog
	sess   *mailSession
	folder *widget.Select
	search *dialogEntry
	list   *widget.List
	status *widget.Label
	older  *widget.Button
	report *widget.Button

	folders []mailbox.Folder
	current mailbox.Folder
	query   string // the search the list shows
	msgs    []mailbox.Message
	total   int
	chosen  map[uint32]bool
	seq     int // drops the answer to a look the person has since replaced
}

// chooseFromMailbox opens the picker, or, with no mailbox set up, says how to set one up.
func (s *reportScreen) chooseFromMailbox() {
	u := s.u
	if _, ok := u.mailTarget(); !ok {
		u.offerMailboxSetup()
		return
	}
	p := newMailPicker(u)
	u.mbox.picker = p
	p.show()
	u.withMailbox(p.opened, p.failed)
}

// offerMailboxSetup explains what is missing and leads to the incoming account in Settings.
func (u *UI) offerMailboxSetup() {
	var d dialog.Dialog
	setup := widget.NewButton("Set up my mailbox", func() {
		d.Hide()
		u.showSettings()
		if s := u.settings; s != nil && s.incoming != nil {
			u.Window.Canvas().Focus(s.incoming.host)
		}
	})
	setup.Importance = widget.HighImportance
	d = dialog.NewCustom("Choose from my mailbox", "Not now", container.NewVBox(
		wrapLabel("To take an email straight from your mailbox, Report Mail needs your incoming mail server (IMAP), the one your mail program reads your email from. "+
			"Enter it under “Your mailbox” in Settings."),
		container.NewHBox(setup),
	), u.Window)
	d.Resize(fyne.NewSize(480, d.MinSize().Height))
	u.showDialog(d, dialogKeys{Enter: setup.OnTapped})
}

func newMailPicker(u *UI) *mailPicker {
	p := &mailPicker{u: u, chosen: map[uint32]bool{}}
	p.folder = widget.NewSelect(nil, p.chooseFolder)
	p.folder.PlaceHolder = "Folder"
	p.search = newDialogEntry()
	p.search.SetPlaceHolder("Search sender or subject")
	p.search.OnSubmitted = func(string) { p.runSearch() }
	find := widget.NewButtonWithIcon("Search", theme.SearchIcon(), p.runSearch)
	p.status = wrapLabel("Opening your mailbox…")
	p.list = widget.NewList(func() int { return len(p.msgs) }, p.newRow, p.updateRow)
	p.list.OnSelected = func(id widget.ListItemID) {
		p.toggle(id)
		p.list.Unselect(id)
	}
	p.older = widget.NewButtonWithIcon("Show older", theme.MoreHorizontalIcon(), p.showOlder)
	p.older.Hide()
	p.report = widget.NewButtonWithIcon("Report this email", theme.MailForwardIcon(), p.reportChosen)
	p.report.Importance = widget.HighImportance
	p.report.Disable()
	closeBtn := widget.NewButton("Close", func() { p.d.Hide() })
	top := container.NewBorder(nil, p.status, container.NewGridWrap(fyne.NewSize(200, p.folder.MinSize().Height), p.folder), find, p.search)
	bottom := container.NewBorder(nil, nil, p.older, container.NewHBox(closeBtn, p.report))
	content := container.NewBorder(top, bottom, nil, nil, p.list)
	p.d = dialog.NewCustomWithoutButtons("Choose from my mailbox", content, u.Window)
	return p
}

func (p *mailPicker) show() {
	size := p.u.Window.Canvas().Size()
	p.d.Resize(fyne.NewSize(max(640, size.Width-60), max(480, size.Height-60)))
	p.u.showDialog(p.d, dialogKeys{Enter: p.runSearch}, p.search)
}

// opened runs off the UI goroutine once signed in: the folders, then the first one's list.
func (p *mailPicker) opened(s *mailSession) {
	var fs []mailbox.Folder
	err := s.do(func(c *mailbox.Client) error {
		var err error
		fs, err = c.Folders()
		return err
	})
	fyne.Do(func() {
		p.sess = s
		if err != nil {
			p.failed(plain.Sentence(err))
			return
		}
		p.folders = p.folders[:0]
		var names []string
		for _, f := range fs {
			if f.Selectable {
				p.folders = append(p.folders, f)
				names = append(names, folderLabel(f))
			}
		}
		p.folder.SetOptions(names)
		if len(names) == 0 {
			p.status.SetText("Your mailbox has no folders Report Mail can open.")
			return
		}
		p.folder.SetSelected(names[0]) // the Inbox: chooseFolder loads it
	})
}

func (p *mailPicker) failed(msg string) { p.status.SetText(msg) }

// folderLabel is a folder as people name it: "Inbox" for the INBOX, else the server's name.
func folderLabel(f mailbox.Folder) string {
	if f.Role == mailbox.RoleInbox {
		return "Inbox"
	}
	return mailmsg.Shorten(mailmsg.OneLine(f.Name), 60)
}

func (p *mailPicker) chooseFolder(label string) {
	for _, f := range p.folders {
		if folderLabel(f) == label {
			p.current = f
			p.chosen = map[uint32]bool{} // one folder at a time: the moves afterwards depend on it
			p.load(false)
			return
		}
	}
}

func (p *mailPicker) runSearch() {
	if p.sess == nil || p.current.Name == "" {
		return
	}
	p.query = strings.TrimSpace(p.search.Text)
	p.load(false)
}

func (p *mailPicker) showOlder() { p.load(true) }

// load asks for a page off the UI goroutine: the newest of the folder (or search), or with
// more the next 50 older ones.
func (p *mailPicker) load(more bool) {
	if p.sess == nil {
		return
	}
	p.seq++
	seq, folder, query, offset := p.seq, p.current, p.query, 0
	if more {
		offset = len(p.msgs)
	} else {
		p.msgs, p.total = nil, 0
		p.list.Refresh()
		p.updateReport()
	}
	p.older.Disable()
	if query != "" {
		p.status.SetText("Searching " + folderLabel(folder) + "…")
	} else {
		p.status.SetText("Reading " + folderLabel(folder) + "…")
	}
	sess := p.sess
	p.u.run(func() {
		var page *mailbox.Page
		err := sess.do(func(c *mailbox.Client) error {
			var err error
			page, err = c.List(folder.Name, mailbox.ListOptions{Offset: offset, Search: query})
			return err
		})
		fyne.Do(func() {
			if seq != p.seq {
				return
			}
			p.older.Enable()
			if err != nil {
				p.status.SetText(plain.Sentence(err))
				return
			}
			p.msgs = append(p.msgs, page.Messages...)
			p.total = page.Total
			p.list.Refresh()
			p.showCount()
		})
	})
}

// showCount says how many there are and whether older ones can be shown.
func (p *mailPicker) showCount() {
	where := folderLabel(p.current)
	switch {
	case p.total == 0 && p.query != "":
		p.status.SetText("No email in " + where + " has “" + p.query + "” in its sender or subject.")
	case p.total == 0:
		p.status.SetText(where + " is empty.")
	case p.query != "":
		p.status.SetText(countWords(p.total, "email") + " in " + where + " match “" + p.query + "”. Tick the ones to report.")
	case len(p.msgs) >= p.total:
		p.status.SetText(where + ": " + countWords(p.total, "email") + ", newest first. Tick the ones to report.")
	default:
		p.status.SetText(where + ": the newest " + strconv.Itoa(len(p.msgs)) + " of " + countWords(p.total, "email") + ". Tick the ones to report.")
	}
	if len(p.msgs) < p.total {
		p.older.Show()
	} else {
		p.older.Hide()
	}
}

func countWords(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// A row: tick, date, sender, subject (bold while unread), size.
func (p *mailPicker) newRow() fyne.CanvasObject {
	tick := widget.NewCheck("", nil)
	date := widget.NewLabel("")
	date.Truncation = fyne.TextTruncateEllipsis
	from := widget.NewLabel("")
	from.Truncation = fyne.TextTruncateEllipsis
	subj := widget.NewLabel("")
	subj.Truncation = fyne.TextTruncateEllipsis
	size := widget.NewLabel("")
	h := date.MinSize().Height
	// The date column fits the longest date formatWhen writes, so the time is never cut.
	pad := 2 * theme.Padding() * 2
	dateW := fyne.MeasureText(formatWhen(time.Date(2026, 12, 28, 22, 58, 0, 0, time.Local)), theme.TextSize(), fyne.TextStyle{}).Width + pad
	left := container.NewHBox(tick,
		container.NewGridWrap(fyne.NewSize(dateW, h), date),
		container.NewGridWrap(fyne.NewSize(170, h), from))
	return container.NewBorder(nil, nil, left, size, subj)
}

func (p *mailPicker) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(p.msgs) {
		return
	}
	m := p.msgs[id]
	row := o.(*fyne.Container)
	left := row.Objects[1].(*fyne.Container)
	tick := left.Objects[0].(*widget.Check)
	date := left.Objects[1].(*fyne.Container).Objects[0].(*widget.Label)
	from := left.Objects[2].(*fyne.Container).Objects[0].(*widget.Label)
	subj := row.Objects[0].(*widget.Label)
	size := row.Objects[2].(*widget.Label)

	tick.OnChanged = nil // SetChecked below must not count as the person's tick
	tick.SetChecked(p.chosen[m.UID])
	uid := m.UID
	tick.OnChanged = func(on bool) { p.setChosen(uid, on) }
	date.SetText(formatWhen(m.Date))
	from.SetText(orDefault(senderName(m.From), "(no sender)"))
	subj.TextStyle.Bold = !m.Seen
	subj.SetText(orDefault(m.Subject, "(no subject)"))
	size.SetText(humanSize(m.Size))
}

func (p *mailPicker) toggle(id widget.ListItemID) {
	if id < len(p.msgs) {
		p.setChosen(p.msgs[id].UID, !p.chosen[p.msgs[id].UID])
		p.list.RefreshItem(id)
	}
}

func (p *mailPicker) setChosen(uid uint32, on bool) {
	if on {
		p.chosen[uid] = true
	} else {
		delete(p.chosen, uid)
	}
	p.updateReport()
}

func (p *mailPicker) updateReport() {
	n := len(p.picked())
	switch n {
	case 0:
		p.report.SetText("Report this email")
		p.report.Disable()
		return
	case 1:
		p.report.SetText("Report this email")
	default:
		p.report.SetText("Report these " + strconv.Itoa(n) + " emails")
	}
	p.report.Enable()
}

// picked are the ticked messages, newest first, as the list shows them.
func (p *mailPicker) picked() []mailbox.Message {
	var out []mailbox.Message
	for _, m := range p.msgs {
		if p.chosen[m.UID] {
			out = append(out, m)
		}
	}
	return out
}

// reportChosen closes the picker and opens the chosen on the Report tab: one is judged on
// its own card exactly as a dropped file; several go on one card that sends them together.
func (p *mailPicker) reportChosen() {
	msgs := p.picked()
	if len(msgs) == 0 || p.sess == nil {
		return
	}
	p.d.Hide()
	p.u.tabs.SelectIndex(tabReport)
	if len(msgs) == 1 {
		p.u.report.openFromMailbox(p.sess, p.current, msgs[0])
		return
	}
	p.u.report.openBulk(p.sess, p.current, msgs)
}

// senderName is the name people recognise a sender by: the display name when the From has
// one ("Prize Team <offers@…>"), else the address.
func senderName(from string) string {
	if name, _, ok := strings.Cut(from, " <"); ok && strings.HasSuffix(from, ">") && name != "" {
		return name
	}
	return from
}
