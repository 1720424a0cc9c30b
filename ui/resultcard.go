package ui

import (
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/check"
	"github.com/reportmail/reportmail/internal/finding"
	"github.com/reportmail/reportmail/internal/guidance"
	"github.com/reportmail/reportmail/internal/intake"
	"github.com/reportmail/reportmail/internal/report"
)

// pastedName is what the card calls text the user pasted: it is not a file, and has no name.
const pastedName = "Pasted text"

// resultCard shows one file: first "Checking…", then the verdict, what we saw, and what to
// do next.
type resultCard struct {
	s      *reportScreen
	path   string // as given; pastedName for pasted text
	name   string
	pasted bool
	root   *widget.Card
	body   *fyne.Container

	item   *intake.Item
	result *check.Result
	flow   *reportFlow // the report form, for an original
	picker *mboxPicker // for a mailbox file with several messages
	notice *noticeCard // for a rejection notice
}

func newResultCard(s *reportScreen, path string) *resultCard {
	return startCard(&resultCard{s: s, path: path, name: filepath.Base(path)}, "Checking "+filepath.Base(path)+"…")
}

// newPastedCard is the card for text from the clipboard.
func newPastedCard(s *reportScreen) *resultCard {
	return startCard(&resultCard{s: s, path: pastedName, name: pastedName, pasted: true}, "Checking the pasted text…")
}

func startCard(c *resultCard, checking string) *resultCard {
	act := widget.NewActivity()
	act.Start()
	c.body = container.NewVBox(container.NewHBox(act, widget.NewLabel(checking)))
	c.root = widget.NewCard("", "", c.body)
	return c
}

// what names the card's input in a sentence ("Could not check …").
func (c *resultCard) what() string {
	if c.pasted {
		return "the pasted text"
	}
	return c.name
}

func (c *resultCard) show(item *intake.Item, r *check.Result) {
	c.item, c.result, c.flow, c.picker, c.notice = item, r, nil, nil, nil
	if hasNoticeCard(item) {
		c.showNotice()
		return
	}
	shown := shownFindings(r)
	lk := verdictLook(r, shown)
	objs := []fyne.CanvasObject{c.header(lk)}
	if len(item.Mbox) > 1 {
		c.picker = newMboxPicker(c)
		objs = append(objs, c.picker.box)
	}
	if d := c.details(); d != nil {
		objs = append(objs, d)
	}
	refusal := r.Verdict != check.Original
	needSteps := false
	seenAdvice := map[string]bool{}
	for _, f := range shown {
		if c.pasted {
			f.Message = pastedWords.Replace(f.Message)
		}
		adv, steps := windowAdvice(f)
		needSteps = needSteps || steps
		if seenAdvice[adv] {
			adv = "" // two findings with one piece of advice: say it once
		}
		seenAdvice[adv] = true
		objs = append(objs, findingView(f, adv))
	}
	codes := make([]string, len(r.Findings))
	for i, f := range r.Findings {
		codes[i] = f.Code
	}
	client := guidance.DetectClient(item.Raw)
	if refusal {
		objs = append(objs, widget.NewSeparator(), howToView(c.s.u, "Get the original from your mail program", client))
	} else {
		if needSteps {
			// The advice says to save the email again: the steps are one click away, for the
			// program this file shows.
			again := widget.NewButtonWithIcon("How do I save my email?", theme.HelpIcon(), func() { c.s.showHowToFor(client) })
			again.Importance = widget.LowImportance
			objs = append(objs, container.NewHBox(again))
		}
		c.flow = newReportFlow(c)
		said := item.Raw
		if item.NoticeRaw != nil {
			said = item.NoticeRaw // a notice says the kind, not the email it returned
		}
		if k := guidance.SuggestKind(said, codes, c.path); k != "" {
			c.flow.preselect(report.Kind(k))
		}
		objs = append(objs, widget.NewSeparator(), c.flow.box)
	}
	c.body.Objects = objs
	c.body.Refresh()
}

func (c *resultCard) showError(msg string) {
	c.body.Objects = []fyne.CanvasObject{
		c.header(look{theme.ColorNameWarning, theme.WarningIcon(), "Could not open " + c.what(), msg}),
	}
	c.body.Refresh()
}

// readingFailed is the card's answer to a panic while its file was read or checked.
func (c *resultCard) readingFailed() {
	c.body.Objects = []fyne.CanvasObject{
		c.header(look{theme.ColorNameWarning, theme.WarningIcon(), "Could not check " + c.what(), somethingWentWrongReading}),
	}
	c.body.Refresh()
}

// header is the verdict at a glance: icon and headline in the verdict's colour, then the
// file's name and the one sentence that says what it means.
func (c *resultCard) header(lk look) fyne.CanvasObject {
	img := widget.NewIcon(theme.NewColoredResource(lk.icon, lk.color))
	h := widget.NewLabelWithStyle(lk.headline, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	h.SizeName = theme.SizeNameSubHeadingText
	h.Importance = importanceOf(lk.color)
	h.Wrapping = fyne.TextWrapWord
	l := widget.NewLabel(lk.lead)
	l.Wrapping = fyne.TextWrapWord
	file := widget.NewLabelWithStyle(c.name, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	file.Truncation = fyne.TextTruncateEllipsis
	remove := widget.NewButtonWithIcon("", theme.WindowCloseIcon(), func() { c.s.remove(c) })
	remove.Importance = widget.LowImportance
	head := container.NewThemeOverride(container.NewBorder(nil, nil,
		container.NewGridWrap(fyne.NewSize(40, 40), img), nil, h), verdictTheme{})
	return container.NewBorder(nil, nil, nil, container.NewVBox(remove),
		container.NewVBox(head, file, l))
}

// importanceOf is the label style that draws text in a verdict's colour.
func importanceOf(c fyne.ThemeColorName) widget.Importance {
	switch c {
	case theme.ColorNameSuccess:
		return widget.SuccessImportance
	case theme.ColorNameWarning:
		return widget.WarningImportance
	case theme.ColorNameError:
		return widget.DangerImportance
	}
	return widget.LowImportance // the disabled colour
}

// details lists what identifies the message, so the user knows which one they dropped.
func (c *resultCard) details() fyne.CanvasObject {
	m := c.result.Message
	return labelRows([][2]string{{"From", m.From}, {"Subject", m.Subject}, {"Date", formatWhenText(m.Date)}})
}

// labelRows lays out label: value rows, leaving out empty values; nil when all are empty.
func labelRows(rows [][2]string) fyne.CanvasObject {
	var objs []fyne.CanvasObject
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

func severityIcon(s finding.Severity) fyne.Resource {
	switch s {
	case finding.Error:
		return theme.NewErrorThemedResource(theme.ErrorIcon())
	case finding.Warning:
		return theme.NewWarningThemedResource(theme.WarningIcon())
	}
	return theme.InfoIcon()
}

// findingView is one finding: what we saw, and under it what to do (advice, "" for none).
func findingView(f finding.Finding, advice string) fyne.CanvasObject {
	msg := widget.NewLabel(f.Message)
	msg.Wrapping = fyne.TextWrapWord
	texts := container.NewVBox(msg)
	if advice != "" {
		adv := widget.NewLabelWithStyle(advice, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
		adv.Wrapping = fyne.TextWrapWord
		texts.Add(adv)
	}
	return container.NewBorder(nil, nil,
		container.NewVBox(container.NewGridWrap(fyne.NewSize(24, 24), widget.NewIcon(severityIcon(f.Severity)))), nil, texts)
}

// showNotice is the card of a rejection notice: what happened, then the notice's own part
// (noticecard.go). When the whole email came back, what the check found in it that needs
// attention is said too; the findings about the notice itself are what the card says better.
func (c *resultCard) showNotice() {
	objs := []fyne.CanvasObject{c.header(noticeLook(c.item.Notice))}
	if len(c.item.Mbox) > 1 {
		c.picker = newMboxPicker(c)
		objs = append(objs, c.picker.box)
	}
	if fullReturn(c.item) {
		for _, f := range shownFindings(c.result) {
			if f.Severity != finding.Warning || f.Code == finding.ReturnedOriginal || f.Code == finding.RejectionNotice {
				continue
			}
			adv, _ := windowAdvice(f)
			objs = append(objs, findingView(f, adv))
		}
	}
	c.notice = newNoticeCard(c)
	objs = append(objs, c.notice.box)
	c.body.Objects = objs
	c.body.Refresh()
}
