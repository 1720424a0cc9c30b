// Package ui holds the Fyne screens of Report Mail. It calls the domain packages and holds
// no email logic of its own. Work that touches files or the network runs in a goroutine and
// comes back through fyne.Do.
package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/reportmail/reportmail/assets"
)

// Title is the main window's title; tests and the real-window test find the window by it.
const Title = "Report Mail"

// Icon is the app icon as a Fyne resource.
var Icon = fyne.NewStaticResource("icon.png", assets.IconPNG)

// UI is the main window and its screens.
type UI struct {
	app    fyne.App
	Window fyne.Window
	tabs   *container.AppTabs
	report *reportScreen
}

// New builds the main window.
func New(a fyne.App) *UI {
	u := &UI{app: a, Window: a.NewWindow(Title)}
	u.report = newReportScreen(u)
	u.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Report an email", Icon, u.report.content),
	)
	u.Window.SetContent(u.tabs)
	u.Window.SetOnDropped(u.HandleDrop)
	u.Window.SetMainMenu(u.mainMenu())
	u.addShortcuts()
	u.Window.Resize(fyne.NewSize(760, 640))
	return u
}

// HandleDrop receives files dropped on the window. It is a named method so tests can call
// it: Fyne's test driver does not deliver drops.
func (u *UI) HandleDrop(_ fyne.Position, uris []fyne.URI) {
	u.tabs.SelectIndex(0)
	u.report.dropped(uris)
}

// Open checks files given by path (the command line, a file dialog).
func (u *UI) Open(paths []string) {
	if len(paths) == 0 {
		return
	}
	u.report.openPaths(paths)
}
