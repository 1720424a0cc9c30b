package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// askName is a form dialog made the way every dialog of the app should be (showDialog).
func askName(u *UI, got *[]string) *dialogEntry {
	e := newDialogEntry()
	remember := newDialogCheck("Remember it", nil)
	d := dialog.NewForm("Your name", "Save", "Cancel",
		[]*widget.FormItem{widget.NewFormItem("Name", e), widget.NewFormItem("", remember)},
		func(ok bool) {
			if ok {
				*got = append(*got, "saved "+e.Text)
			} else {
				*got = append(*got, "cancelled")
			}
		}, u.Window)
	u.showDialog(d, dialogKeys{}, e, remember)
	return e
}

func TestDialogFocusEnterAndEscape(t *testing.T) {
	u := newTestUI(t)
	var got []string
	e := askName(u, &got)
	if f := u.Window.Canvas().Focused(); f != e {
		t.Fatalf("the dialog opens with the focus on %T, want its first field", f)
	}
	typeText(u, "Kate")
	pressKey(u, fyne.KeyReturn)
	if len(got) != 1 || got[0] != "saved Kate" || u.Window.Canvas().Overlays().Top() != nil {
		t.Fatalf("Enter in the field: %v, dialog still open: %v", got, u.Window.Canvas().Overlays().Top() != nil)
	}

	got = nil
	askName(u, &got)
	pressKey(u, fyne.KeyEscape)
	if len(got) != 1 || got[0] != "cancelled" || u.Window.Canvas().Overlays().Top() != nil {
		t.Fatalf("Escape in the field: %v", got)
	}

	// On the tick box, and with nothing focused (a click on the dialog's background).
	for _, where := range []string{"tick box", "nothing"} {
		got = nil
		askName(u, &got)
		u.Window.Canvas().FocusNext()
		if where == "nothing" {
			u.Window.Canvas().Unfocus()
		}
		pressKey(u, fyne.KeyEscape)
		if len(got) != 1 || got[0] != "cancelled" {
			t.Errorf("Escape with the focus on %s: %v", where, got)
		}
	}
}

// A form with a field that is not valid yet does not submit on Enter.
func TestDialogEnterWaitsForAValidForm(t *testing.T) {
	u := newTestUI(t)
	e := newDialogEntry()
	e.Validator = func(s string) error {
		if s == "" {
			return sentence("Enter your name.")
		}
		return nil
	}
	var answered bool
	u.showDialog(dialog.NewForm("Your name", "Save", "Cancel", []*widget.FormItem{widget.NewFormItem("Name", e)},
		func(bool) { answered = true }, u.Window), dialogKeys{}, e)
	pressKey(u, fyne.KeyReturn)
	if answered || u.Window.Canvas().Overlays().Top() == nil {
		t.Fatal("Enter submitted an empty form")
	}
}

// Messages and confirmations have no field: the keys reach them with nothing focused, and a
// dialog on top of another takes them first.
func TestMessageAndConfirmAnswerTheKeyboard(t *testing.T) {
	u := newTestUI(t)
	var confirmed []bool
	u.showDialog(dialog.NewConfirm("Remove this report?", "It is not sent yet.", func(ok bool) { confirmed = append(confirmed, ok) }, u.Window), dialogKeys{})
	u.showDialog(dialog.NewInformation("Nothing to paste", "Copy the message source first.", u.Window), dialogKeys{})
	pressKey(u, fyne.KeyEscape) // closes the message only
	if len(confirmed) != 0 || len(u.Window.Canvas().Overlays().List()) != 1 {
		t.Fatalf("Escape on a message over a confirmation: answers %v, %d dialogs open", confirmed, len(u.Window.Canvas().Overlays().List()))
	}
	pressKey(u, fyne.KeyReturn)
	if len(confirmed) != 1 || !confirmed[0] || u.Window.Canvas().Overlays().Top() != nil {
		t.Fatalf("Enter on a confirmation: answers %v", confirmed)
	}
	pressKey(u, fyne.KeyReturn) // nothing is open: nothing happens
	if len(confirmed) != 1 {
		t.Fatalf("a closed dialog still answers the keyboard: %v", confirmed)
	}
}

// A dialog whose second button is an action of its own closes on Escape without running it.
func TestEscapeDoesNotRunTheOtherChoice(t *testing.T) {
	u := newTestUI(t)
	var ran []string
	d := dialog.NewCustomWithoutButtons("Set up sending first", widget.NewLabel("…"), u.Window)
	setup := widget.NewButton("Set up my account", func() { d.Hide(); ran = append(ran, "setup") })
	setup.Importance = widget.HighImportance
	draft := widget.NewButton("Save as a draft instead", func() { d.Hide(); ran = append(ran, "draft") })
	d.SetButtons([]fyne.CanvasObject{draft, setup})
	u.showDialog(d, dialogKeys{Enter: setup.OnTapped})
	pressKey(u, fyne.KeyEscape)
	if len(ran) != 0 || u.Window.Canvas().Overlays().Top() != nil {
		t.Fatalf("Escape ran %v", ran)
	}
}

func typeText(u *UI, s string) {
	f := u.Window.Canvas().Focused()
	for _, r := range s {
		f.TypedRune(r)
	}
}
