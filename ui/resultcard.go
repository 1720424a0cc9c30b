package ui

import (
	"fmt"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/check"
	"github.com/reportmail/reportmail/internal/finding"
	"github.com/reportmail/reportmail/internal/intake"
)

// resultCard shows one file: first "Checking…", then the verdict, what we saw, and what to
// do next.
type resultCard struct {
	s    *reportScreen
	path string // as given; a name only for pasted text
	name string
	root *widget.Card
	body *fyne.Container

	item   *intake.Item
	result *check.Result
	flow   *reportFlow // the report form, for an original
}

func newResultCard(s *reportScreen, path string) *resultCard {
	c := &resultCard{s: s, path: path, name: filepath.Base(path)}
	act := widget.NewActivity()
	act.Start()
	c.body = container.NewVBox(container.NewHBox(act, widget.NewLabel("Checking "+c.name+"…")))
	c.root = widget.NewCard("", "", c.body)
	return c
}

type look struct {
	icon     fyne.Resource
	headline string
	lead     string
}

// verdictLook is how each verdict is shown: an icon and words, never colour alone. (A
// function, not a table: theme icons need the running app.)
func verdictLook(v check.Verdict) look {
	switch v {
	case check.Original:
		return look{theme.NewSuccessThemedResource(theme.ConfirmIcon()),
			"This is the original email", "The support desk can investigate it as it is."}
	case check.NotOriginal:
		return look{theme.NewErrorThemedResource(theme.CancelIcon()),
			"This is not the original email", "The support desk cannot investigate it. Below is how to get the original."}
	}
	return look{theme.NewErrorThemedResource(theme.CancelIcon()),
		"This is not an email", "Report Mail needs the email itself, saved from your mail program."}
}

func (c *resultCard) show(item *intake.Item, r *check.Result) {
	c.item, c.result = item, r
	look := verdictLook(r.Verdict)
	objs := []fyne.CanvasObject{c.header(look.icon, look.headline, look.lead)}
	if d := c.details(); d != nil {
		objs = append(objs, d)
	}
	for _, f := range r.Findings {
		if r.Verdict != check.Original && f.Severity == finding.Info {
			continue // keep a refusal short: only what matters for getting the original
		}
		objs = append(objs, findingView(f))
	}
	if r.Verdict != check.Original {
		objs = append(objs, widget.NewSeparator(), howToView(c.s.u, "Get the original from your mail program"))
	} else {
		c.flow = newReportFlow(c)
		objs = append(objs, widget.NewSeparator(), c.flow.box)
	}
	c.body.Objects = objs
	c.body.Refresh()
}

func (c *resultCard) showError(msg string) {
	c.body.Objects = []fyne.CanvasObject{
		c.header(theme.NewWarningThemedResource(theme.WarningIcon()), "Could not open "+c.name, msg),
	}
	c.body.Refresh()
}

func (c *resultCard) header(icon fyne.Resource, headline, lead string) fyne.CanvasObject {
	img := widget.NewIcon(icon)
	h := widget.NewLabelWithStyle(headline, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	h.SizeName = theme.SizeNameSubHeadingText
	l := widget.NewLabel(lead)
	l.Wrapping = fyne.TextWrapWord
	file := widget.NewLabelWithStyle(c.name, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	file.Truncation = fyne.TextTruncateEllipsis
	remove := widget.NewButtonWithIcon("", theme.WindowCloseIcon(), func() { c.s.remove(c) })
	remove.Importance = widget.LowImportance
	return container.NewBorder(nil, nil,
		container.NewGridWrap(fyne.NewSize(40, 40), img), container.NewVBox(remove),
		container.NewVBox(h, file, l))
}

// details lists what identifies the message, so the user knows which one they dropped.
func (c *resultCard) details() fyne.CanvasObject {
	m := c.result.Message
	rows := [][2]string{{"From", m.From}, {"Subject", m.Subject}, {"Date", friendlyDate(m.Date)}}
	var objs []fyne.CanvasObject
	if c.item != nil && len(c.item.Mbox) > 1 {
		objs = append(objs, widget.NewLabelWithStyle("Message", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}), c.mboxPicker())
	}
	for _, r := range rows {
		if r[1] == "" {
			continue
		}
		v := widget.NewLabel(r[1])
		v.Truncation = fyne.TextTruncateEllipsis
		objs = append(objs, widget.NewLabelWithStyle(r[0], fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}), v)
	}
	if len(objs) == 0 {
		return nil
	}
	return container.New(layout.NewFormLayout(), objs...)
}

// mboxPicker lets the user choose which message of a mailbox file to report (Thunderbird
// and Google Takeout exports hold many).
func (c *resultCard) mboxPicker() fyne.CanvasObject {
	opts := make([]string, len(c.item.Mbox))
	for i, e := range c.item.Mbox {
		subj := e.Subject
		if subj == "" {
			subj = "(no subject)"
		}
		opts[i] = fmt.Sprintf("%d. %s — %s", e.Index, subj, e.From)
	}
	sel := widget.NewSelect(opts, nil)
	sel.SetSelectedIndex(c.item.MboxIndex - 1)
	sel.OnChanged = func(string) {
		idx := sel.SelectedIndex() + 1
		if idx == c.item.MboxIndex {
			return
		}
		c.body.Objects = []fyne.CanvasObject{widget.NewLabel(fmt.Sprintf("Checking message %d…", idx))}
		c.body.Refresh()
		c.s.u.run(func() {
			item, err := intake.Open(c.path, intake.Options{MboxIndex: idx})
			c.s.finish(c, item, err)
		})
	}
	// The picker takes the width left of the count, so subjects are readable.
	return container.NewBorder(nil, nil, nil, widget.NewLabel(fmt.Sprintf("of %d in this mailbox file", len(opts))), sel)
}

func friendlyDate(rfc3339 string) string {
	t, err := time.Parse(time.RFC3339, rfc3339)
	if err != nil {
		return rfc3339
	}
	return t.Local().Format("Monday 2 January 2006, 3:04 PM")
}

func severityIcon(s finding.Severity) fyne.Resource {
	switch s {
	case finding.Error:
		return theme.NewErrorThemedResource(theme.ErrorIcon())
	case finding.Warning:
		return theme.NewWarningThemedResource(theme.WarningIcon())
	}
	return theme.InfoIcon()
}

func findingView(f finding.Finding) fyne.CanvasObject {
	msg := widget.NewLabel(f.Message)
	msg.Wrapping = fyne.TextWrapWord
	texts := container.NewVBox(msg)
	if f.Advice != "" && f.Severity != finding.Error {
		// Advice for errors is the how-to section below the findings; repeating it here
		// would bury it.
		adv := widget.NewLabelWithStyle(f.Advice, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
		adv.Wrapping = fyne.TextWrapWord
		texts.Add(adv)
	}
	return container.NewBorder(nil, nil,
		container.NewVBox(container.NewGridWrap(fyne.NewSize(24, 24), widget.NewIcon(severityIcon(f.Severity)))), nil, texts)
}
