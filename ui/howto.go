package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/guidance"
)

const prefClient = "mail-client" // the mail program the user picked last time

// howToView is the step-by-step "save the original" guide, with a picker for the user's
// mail program. It renders internal/guidance's data and nothing else.
func howToView(u *UI, title string) fyne.CanvasObject {
	clients := guidance.Clients()
	names := make([]string, len(clients))
	for i, c := range clients {
		names[i] = c.Name
	}
	steps := container.NewVBox()
	pick := widget.NewSelect(names, func(name string) {
		for _, c := range clients {
			if c.Name == name {
				fillSteps(steps, c)
				u.app.Preferences().SetString(prefClient, c.ID)
			}
		}
	})
	pick.PlaceHolder = "Choose your mail program"
	if id := u.app.Preferences().String(prefClient); id != "" {
		if c, ok := guidance.ByID(id); ok {
			pick.SetSelected(c.Name)
		}
	}
	head := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewVBox(head, container.NewBorder(nil, nil, widget.NewLabel("I use:"), nil, pick), steps)
}

func fillSteps(box *fyne.Container, c guidance.Client) {
	box.Objects = nil
	for i, s := range c.Steps {
		l := widget.NewLabel(fmt.Sprintf("%d.  %s", i+1, s))
		l.Wrapping = fyne.TextWrapWord
		box.Add(l)
	}
	if c.Note != "" {
		n := widget.NewLabelWithStyle(c.Note, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
		n.Wrapping = fyne.TextWrapWord
		box.Add(n)
	}
	box.Refresh()
}

func (s *reportScreen) showHowTo() {
	d := dialog.NewCustom("How do I save my email?", "Close",
		container.NewVBox(
			wrapLabel(guidance.DragFirst),
			howToView(s.u, "Steps for your mail program"),
		), s.u.Window)
	d.Resize(fyne.NewSize(560, 480))
	d.Show()
}

func wrapLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}
