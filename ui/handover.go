package ui

// OpenHandedOver shows files that a second start of the app handed to this window
// (internal/instance): the report tab with their cards, and the window brought to the front,
// since the person just asked for it. Call it on the UI goroutine (fyne.Do).
func (u *UI) OpenHandedOver(paths []string) {
	u.Window.Show()
	u.Window.RequestFocus()
	if len(paths) == 0 {
		return
	}
	u.tabs.SelectIndex(tabReport)
	u.Open(paths)
}
