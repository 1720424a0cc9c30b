package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

func (u *UI) mainMenu() *fyne.MainMenu {
	file := fyne.NewMenu("File",
		fyne.NewMenuItem("Open Email…", u.report.showOpen),
		fyne.NewMenuItem("Open Any File…", u.report.showOpenAny),
		fyne.NewMenuItem("Paste Message Source", u.report.paste),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Clear Results", u.report.clear),
	)
	report := fyne.NewMenu("Report",
		fyne.NewMenuItem("Send the Newest Report", u.report.sendNewest),
	)
	help := fyne.NewMenu("Help",
		fyne.NewMenuItem("How Do I Save My Email?", u.report.showHowTo),
	)
	return fyne.NewMainMenu(file, report, help)
}

// addShortcuts binds the keys people expect: Ctrl+O to open, Ctrl+Shift+V (or Ctrl+V when no
// text box has the focus) to paste message source, Ctrl+Enter to send.
func (u *UI) addShortcuts() {
	c := u.Window.Canvas()
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { u.report.showOpen() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyV, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift},
		func(fyne.Shortcut) { u.report.paste() })
	c.AddShortcut(&fyne.ShortcutPaste{}, func(fyne.Shortcut) { u.report.paste() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { u.report.sendNewest() })
}
