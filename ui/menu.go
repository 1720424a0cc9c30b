package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// Every keyboard shortcut lives on a menu item, so the menus show it. Fyne runs a menu item's
// shortcut before the focused widget sees the keys, which is what Ctrl+1… and Ctrl+Enter
// need; Paste is the exception handled in pasteKey.

// shortcut is Ctrl+key, Cmd+key on macOS.
func shortcut(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

func item(label string, sc fyne.Shortcut, action func()) *fyne.MenuItem {
	i := fyne.NewMenuItem(label, action)
	i.Shortcut = sc
	return i
}

// tabKeys are Ctrl+1… in the order of the tabs.
var tabKeys = []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9}

func (u *UI) mainMenu() *fyne.MainMenu {
	file := fyne.NewMenu("File",
		item("Open Email…", shortcut(fyne.KeyO), u.noDialog(u.openKey)),
		fyne.NewMenuItem("Open Any File…", u.noDialog(func() { u.tabs.SelectIndex(tabReport); u.report.showOpenAny() })),
		item("Paste Message Source", &fyne.ShortcutPaste{}, u.pasteKey),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Clear Results", u.noDialog(u.report.clear)),
	)
	view := fyne.NewMenu("View")
	for i, t := range u.tabs.Items[:min(len(u.tabs.Items), len(tabKeys))] {
		view.Items = append(view.Items, item(t.Text, shortcut(tabKeys[i]), u.noDialog(func() { u.tabs.SelectIndex(i) })))
	}
	report := fyne.NewMenu("Report",
		item("Send the Newest Report", shortcut(fyne.KeyReturn), u.noDialog(u.report.sendNewest)),
	)
	help := fyne.NewMenu("Help",
		fyne.NewMenuItem("How Do I Save My Email?", u.noDialog(u.report.showHowTo)),
		fyne.NewMenuItem("About Report Mail", u.noDialog(u.showAbout)),
	)
	return fyne.NewMainMenu(file, view, report, help)
}

// openKey is Open Email… from anywhere: the results appear on the first tab, so go there.
func (u *UI) openKey() {
	u.tabs.SelectIndex(tabReport)
	u.report.showOpen()
}

// pasteKey is Ctrl+V. In a text box it pastes there, as everywhere else; elsewhere the app
// takes the clipboard as message source.
func (u *UI) pasteKey() {
	if f, ok := u.Window.Canvas().Focused().(fyne.Shortcutable); ok {
		if d, ok := f.(fyne.Disableable); !ok || !d.Disabled() {
			f.TypedShortcut(&fyne.ShortcutPaste{Clipboard: u.app.Clipboard()})
		}
		return
	}
	if u.Window.Canvas().Overlays().Top() == nil {
		u.tabs.SelectIndex(tabReport)
		u.report.paste()
	}
}

// noDialog runs f unless a dialog is waiting for an answer: the menu's keys still arrive
// then, and Ctrl+Enter behind a password dialog must not start a second send.
func (u *UI) noDialog(f func()) func() {
	return func() {
		if u.Window.Canvas().Overlays().Top() == nil {
			f()
		}
	}
}
