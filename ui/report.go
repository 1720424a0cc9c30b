package ui

import (
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/check"
	"github.com/reportmail/reportmail/internal/intake"
	"github.com/reportmail/reportmail/internal/plain"
)

// mailExtensions are what mail programs save; Open… shows these first ("Open Any File…"
// shows everything, since people rename files and Notepad adds .txt).
var mailExtensions = []string{".eml", ".msg", ".emlx", ".mbox", ".mbx", ".txt", ".mht", ".mhtml"}

// reportScreen is the first tab: drop or open a file, see whether it is the original.
type reportScreen struct {
	u       *UI
	content fyne.CanvasObject
	results *fyne.Container // newest first
	scroll  *container.Scroll
	empty   fyne.CanvasObject
	body    *fyne.Container // holds either empty or scroll
	cards   []*resultCard   // newest first, as shown
}

func newReportScreen(u *UI) *reportScreen {
	s := &reportScreen{u: u}
	s.results = container.NewVBox()
	s.scroll = container.NewVScroll(s.results)
	s.empty = s.emptyState()
	s.body = container.NewStack(s.empty)

	open := widget.NewButtonWithIcon("Open…", theme.FolderOpenIcon(), s.showOpen)
	open.Importance = widget.HighImportance
	paste := widget.NewButtonWithIcon("Paste message source", theme.ContentPasteIcon(), s.paste)
	fromMailbox := widget.NewButtonWithIcon("Choose from my mailbox", theme.StorageIcon(), s.chooseFromMailbox)
	howto := widget.NewButtonWithIcon("How do I save my email?", theme.HelpIcon(), s.showHowTo)
	howto.Importance = widget.LowImportance
	bar := container.NewHBox(open, fromMailbox, paste, howto)
	s.content = container.NewBorder(container.NewPadded(bar), nil, nil, nil, s.body)
	return s
}

// emptyState tells a first-time user the one thing to do, and the one trap to avoid.
func (s *reportScreen) emptyState() fyne.CanvasObject {
	icon := widget.NewIcon(theme.NewPrimaryThemedResource(theme.MailComposeIcon()))
	iconBox := container.NewCenter(container.NewGridWrap(fyne.NewSize(96, 96), icon))
	title := widget.NewLabelWithStyle("Drop a saved email here", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	lead := widget.NewLabelWithStyle("Report Mail checks that it is the original email and sends it to your email filter's support desk.",
		fyne.TextAlignCenter, fyne.TextStyle{})
	lead.Wrapping = fyne.TextWrapWord
	tip := widget.NewLabelWithStyle("Using Outlook or Mac Mail? Drag the email to your desktop first, then drop the file from the desktop here.",
		fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	tip.Wrapping = fyne.TextWrapWord
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 300),
		container.NewVBox(iconBox, title, lead, tip)))
}

func (s *reportScreen) dropped(uris []fyne.URI) {
	var paths []string
	for _, x := range uris {
		if x.Scheme() == "file" {
			paths = append(paths, x.Path())
		}
	}
	if len(paths) == 0 {
		s.nothingArrived()
		return
	}
	if s.takeDrop(paths) { // a notice's card waiting for the Sent copy (noticecard.go)
		return
	}
	s.openPaths(paths)
}

// nothingArrived explains the commonest surprise: mail dragged straight out of Outlook or
// Apple Mail is not a file yet, so nothing reaches us.
func (s *reportScreen) nothingArrived() {
	s.u.showDialog(dialog.NewInformation("Nothing arrived",
		"Outlook and Mac Mail do not hand over an email dragged straight into another program.\n\n"+
			"Drag the email to your desktop first, then drop the file from the desktop here.", s.u.Window), dialogKeys{})
}

func (s *reportScreen) openPaths(paths []string) {
	for _, p := range paths {
		c := newResultCard(s, p)
		s.add(c)
		s.u.runOr(func() {
			// A drop of something that is not a file (a link, a message from a mail
			// program's list) can arrive as a made-up relative path: tell the user plainly.
			if !filepath.IsAbs(p) {
				if _, err := os.Stat(p); err != nil {
					fyne.Do(func() { s.remove(c); s.nothingArrived() })
					return
				}
			}
			s.judgeFile(c, p)
		}, c.readingFailed)
	}
}

// judgeFile reads the file at p and judges it on c, off the UI goroutine: the one way a
// dropped, opened or mailbox-fetched original is checked.
func (s *reportScreen) judgeFile(c *resultCard, p string) {
	item, err := intake.Open(p, intake.Options{})
	s.finish(c, item, err)
}

// openPasted checks text from the clipboard; its card calls it pasted text, not a file.
func (s *reportScreen) openPasted(data []byte) {
	c := newPastedCard(s)
	s.add(c)
	s.u.runOr(func() {
		item, err := intake.Read(c.path, data, intake.Options{})
		s.finish(c, item, err)
	}, c.readingFailed)
}

// checkMessage is the check a card runs; a test swaps it for one that panics.
var checkMessage = check.Check

// finish runs the check (still off the UI goroutine) and hands the outcome to the card.
func (s *reportScreen) finish(c *resultCard, item *intake.Item, err error) {
	if err != nil {
		msg := plain.Sentence(err)
		fyne.Do(func() { c.showError(msg) })
		return
	}
	r := checkMessage(item)
	fyne.Do(func() { c.show(item, r) })
}

func (s *reportScreen) add(c *resultCard) {
	if len(s.results.Objects) == 0 {
		s.body.Objects = []fyne.CanvasObject{s.scroll}
		s.body.Refresh()
	}
	s.cards = append([]*resultCard{c}, s.cards...)
	s.results.Objects = append([]fyne.CanvasObject{c.root}, s.results.Objects...)
	s.results.Refresh()
	s.scroll.ScrollToTop()
}

func (s *reportScreen) remove(c *resultCard) {
	for i, x := range s.cards {
		if x == c {
			s.cards = append(s.cards[:i], s.cards[i+1:]...)
			break
		}
	}
	s.results.Remove(c.root)
	if len(s.results.Objects) == 0 {
		s.clear()
	}
}

func (s *reportScreen) clear() {
	s.cards = nil
	s.results.Objects = nil
	s.results.Refresh()
	s.body.Objects = []fyne.CanvasObject{s.empty}
	s.body.Refresh()
}

func (s *reportScreen) showOpen()    { s.open(true) }
func (s *reportScreen) showOpenAny() { s.open(false) }

func (s *reportScreen) open(mailOnly bool) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		s.openPaths([]string{path})
	}, s.u.Window)
	if mailOnly {
		d.SetFilter(regularFiles{exts: mailExtensions})
	} else {
		d.SetFilter(regularFiles{})
	}
	d.SetConfirmText("Check")
	d.Show()
}

// paste takes "view source" text the user copied from webmail.
func (s *reportScreen) paste() {
	text := s.u.app.Clipboard().Content()
	if text == "" {
		s.u.showDialog(dialog.NewInformation("Nothing to paste",
			"Copy the message source first: open the email in your webmail, choose View source (or Show original), select all of it and copy it.", s.u.Window), dialogKeys{})
		return
	}
	s.openPasted([]byte(text))
}
