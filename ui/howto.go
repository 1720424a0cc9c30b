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

// howToView is the step-by-step "save the original" guide for one mail program, with a
// picker for another. It renders internal/guidance's data and nothing else.
//
// shows is the program the file itself shows (guidance.DetectClient), or "": its steps come
// first, and only its steps, until the user picks another program. Without one, the program
// the user picked last time is shown.
func howToView(u *UI, title, shows string) fyne.CanvasObject {
	clients := guidance.Clients()
	names := make([]string, len(clients))
	for i, c := range clients {
		names[i] = c.Name
	}
	steps := container.NewVBox()
	ask := widget.NewLabel("I use:")
	pick := widget.NewSelect(names, nil)
	pick.PlaceHolder = "Choose your mail program"
	show := func(c guidance.Client) {
		fillSteps(steps, c)
		ask.SetText("Not using " + c.Name + "? Choose your mail program:")
	}
	start, ok := guidance.ByID(shows)
	if !ok {
		start, ok = guidance.ByID(u.app.Preferences().String(prefClient))
	}
	if ok {
		pick.SetSelected(start.Name)
		show(start)
	}
	// Set after the first selection, so what the file shows is not saved as the user's choice.
	pick.OnChanged = func(name string) {
		for _, c := range clients {
			if c.Name == name {
				show(c)
				u.app.Preferences().SetString(prefClient, c.ID)
			}
		}
	}
	head := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewVBox(head, steps, container.NewBorder(nil, nil, ask, nil, pick))
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

func (s *reportScreen) showHowTo() { s.showHowToFor("") }

// showHowToFor opens the how-to dialog at the steps for the program a file shows ("" for the
// user's own choice).
func (s *reportScreen) showHowToFor(client string) {
	d := dialog.NewCustom("How do I save my email?", "Close",
		container.NewVBox(
			wrapLabel(guidance.DragFirst),
			howToView(s.u, "Steps for your mail program", client),
		), s.u.Window)
	d.Resize(fyne.NewSize(560, 480))
	s.u.showDialog(d, dialogKeys{})
}

func wrapLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}
