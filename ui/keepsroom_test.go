package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// Choosing "virus" shows the zip password; nothing below the choices moves when it comes or
// goes, so the next click lands where the person aimed.
func TestChoosingVirusMovesNothing(t *testing.T) {
	u := newTestUI(t)
	w := test.NewTempWindow(t, u.tabs)
	w.Resize(fyne.NewSize(780, 900))
	u.HandleDrop(fyne.NewPos(10, 10), []fyne.URI{fileURI(t, "original.eml")})
	f := findFlow(t, u)
	at := func() fyne.Position {
		f.box.Refresh()
		return fyne.CurrentApp().Driver().AbsolutePositionForObject(f.sendBtn)
	}
	f.kind.SetSelected(kindChoices[0].label)
	before := at()
	f.kind.SetSelected(kindChoices[2].label) // virus
	if !f.zipBox.Visible() {
		t.Fatal("choosing virus does not show the zip password")
	}
	if got := at(); got != before {
		t.Errorf("the Send button moved from %v to %v when virus was chosen", before, got)
	}
	f.kind.SetSelected(kindChoices[1].label)
	if got := at(); got != before {
		t.Errorf("the Send button moved from %v to %v when virus was unchosen", before, got)
	}
}
