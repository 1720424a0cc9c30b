package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// Every dialog of the app, opened as a person meets it, answers the keyboard: Escape closes
// it, and the one with a field has the focus there. These pass once each dialog is shown
// with showDialog (dialogs.go).
func TestEveryDialogAnswersTheKeyboard(t *testing.T) {
	open := map[string]func(h *harness){
		"Nothing arrived":  func(h *harness) { h.u.report.nothingArrived() },
		"Nothing to paste": func(h *harness) { h.u.app.Clipboard().SetContent(""); h.u.report.paste() },
		"How do I save":    func(h *harness) { h.u.report.showHowTo() },
		"Set up sending first": func(h *harness) {
			f := findFlow(h.t, h.u)
			f.kind.SetSelected(kindChoices[1].label)
			test.Tap(f.sendBtn)
		},
		"Password": func(h *harness) {
			h.u.askPassword(account{Address: testAddress, Host: "smtp.example.org", Port: 587}, "", func(string, bool) {})
		},
	}
	for name, show := range open {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, Options{})
			if name == "Set up sending first" {
				h.dropOriginal()
			}
			h.do(func() {
				show(h)
				c := h.u.Window.Canvas()
				if c.Overlays().Top() == nil {
					t.Fatal("no dialog opened")
				}
				if name == "Password" && c.Focused() == nil {
					t.Error("the password dialog opens with nothing focused, want the password field")
				}
				pressKey(h.u, fyne.KeyEscape)
				if c.Overlays().Top() != nil {
					t.Errorf("Escape leaves %q open", name)
				}
			})
		})
	}
}
