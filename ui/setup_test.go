package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// "Set up my account" starts where something is missing and leads back to the report.
func TestSetUpMyAccountStartsAtTheFirstEmptyFieldAndLeadsBack(t *testing.T) {
	h := newHarness(t, Options{})
	h.app.Preferences().SetString(prefAddress, testAddress)
	f := h.dropOriginal()
	h.do(func() {
		u := h.u
		u.setUpAccount(f.sendBtn)
		s := u.settings
		if u.tabs.SelectedIndex() != tabSettings {
			t.Fatalf("Set up my account shows tab %d", u.tabs.SelectedIndex())
		}
		if got := u.Window.Canvas().Focused(); got != s.host {
			t.Errorf("the focus is on %T, want the first empty field (the mail server; the address is known)", got)
		}
		assertShows(t, "Settings while a report waits", screen(u.tabs.Items[tabSettings].Content), "Back to your report")

		typeInto(s.host, "smtp.example.org")
		s.save()
		u.accountSaved() // settings.go calls this after a successful Save
		if got := u.Window.Canvas().Focused(); got != u.back.button {
			t.Errorf("after Save the focus is on %T, want the way back to the report", got)
		}
		test.Tap(u.back.button)
		if u.tabs.SelectedIndex() != tabReport || len(u.report.cards) != 1 {
			t.Fatalf("back: tab %d with %d reports; want the report tab with the card still there", u.tabs.SelectedIndex(), len(u.report.cards))
		}
		if u.Window.Canvas().Focused() != f.sendBtn {
			t.Error("back on the report, the focus is not on its Send button")
		}
		if u.back.box.Visible() {
			t.Error("the way back stays on Settings after use")
		}
	})
}

// Opening Settings from its tab offers no way back: there is nothing waiting.
func TestSettingsTabAloneOffersNoWayBack(t *testing.T) {
	u := newTestUI(t)
	pressShortcut(u, ctrl(fyne.Key5))
	if u.back.box.Visible() {
		t.Error("Settings opened from its tab shows a way back")
	}
}
