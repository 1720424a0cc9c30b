package ui

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/intake"
)

// mboxPicker lets the user choose which message of a mailbox file to report (Thunderbird
// and Google Takeout exports hold many). It is a list inside the card, with a search, so a
// mailbox of hundreds can be read and narrowed without a pop-up covering the window.
type mboxPicker struct {
	c      *resultCard
	rows   []string // one per message, in the file's order
	shown  []int    // indexes into rows that match the search
	search *widget.Entry
	list   *widget.List
	count  *widget.Label
	box    fyne.CanvasObject
}

// pickerRows is how many messages the list shows at once before it scrolls.
const pickerRows = 6

func newMboxPicker(c *resultCard) *mboxPicker {
	p := &mboxPicker{c: c}
	for _, e := range c.item.Mbox {
		p.rows = append(p.rows, mboxRow(e))
	}
	p.list = widget.NewList(
		func() int { return len(p.shown) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(p.rows[p.shown[id]]) },
	)
	p.search = widget.NewEntry()
	p.search.SetPlaceHolder("Search by date, sender or subject")
	p.search.OnChanged = func(string) { p.filter() }
	p.count = widget.NewLabel("")
	p.filter()
	p.list.OnSelected = func(id widget.ListItemID) { p.pick(p.shown[id] + 1) }

	// The list's height is fixed so the card does not jump as the search narrows it.
	space := canvas.NewRectangle(color.Transparent)
	space.SetMinSize(fyne.NewSize(0, float32(pickerRows)*(widget.NewLabel("x").MinSize().Height+1)))
	p.box = container.NewVBox(
		bold(fmt.Sprintf("This mailbox file holds %d emails. Choose the one to report:", len(p.rows))),
		container.NewBorder(nil, nil, nil, p.count, p.search),
		container.NewStack(space, p.list),
	)
	return p
}

// mboxRow is one message as the list shows it: date, sender, subject.
func mboxRow(e intake.MboxEntry) string {
	subj := e.Subject
	if subj == "" {
		subj = "(no subject)"
	}
	from := e.From
	if from == "" {
		from = "(no sender)"
	}
	when := "(no date)"
	if e.Date != "" {
		when = formatWhenText(e.Date)
	}
	return fmt.Sprintf("%d.  %s  ·  %s  ·  %s", e.Index, when, from, subj)
}

// filter shows the messages whose row holds every word of the search, and keeps the message
// in use marked.
func (p *mboxPicker) filter() {
	words := strings.Fields(strings.ToLower(p.search.Text))
	p.shown = p.shown[:0]
	for i, r := range p.rows {
		lr := strings.ToLower(r)
		ok := true
		for _, w := range words {
			if !strings.Contains(lr, w) {
				ok = false
				break
			}
		}
		if ok {
			p.shown = append(p.shown, i)
		}
	}
	if len(words) == 0 {
		p.count.SetText("")
	} else {
		p.count.SetText(fmt.Sprintf("%d of %d", len(p.shown), len(p.rows)))
	}
	p.list.UnselectAll()
	p.list.Refresh()
	for pos, i := range p.shown {
		if i+1 == p.c.item.MboxIndex {
			p.list.Select(pos) // the message in use: OnSelected (if set) sees no change
			break
		}
	}
}

// pick checks message idx (1-based) instead of the one shown.
func (p *mboxPicker) pick(idx int) {
	c := p.c
	if idx == c.item.MboxIndex {
		return
	}
	c.body.Objects = []fyne.CanvasObject{widget.NewLabel(fmt.Sprintf("Checking email %d of the mailbox file…", idx))}
	c.body.Refresh()
	c.s.u.runOr(func() {
		item, err := intake.Open(c.path, intake.Options{MboxIndex: idx})
		c.s.finish(c, item, err)
	}, c.readingFailed)
}
