// Package ui holds the Fyne screens of Report Mail. It calls the domain packages and holds
// no email logic of its own. Work that touches files or the network runs off the UI
// goroutine and comes back through fyne.Do.
package ui

import (
	"context"
	"crypto/x509"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/assets"
	"github.com/reportmail/reportmail/internal/appinfo"
	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/secret"
)

// Title is the main window's title; tests and the real-window test find the window by it.
const Title = appinfo.Name

// Icon is the app icon as a Fyne resource.
var Icon = fyne.NewStaticResource("icon.png", assets.IconPNG)

// Options are what tests and unusual set-ups change; the zero value is the real app.
type Options struct {
	OutboxDir string       // "" means the user's own outbox folder
	Passwords secret.Store // nil means the OS keychain (or memory when there is none)
	// RootCAs verifies mail servers; nil means the system's roots (tests add a private CA).
	RootCAs *x509.CertPool
}

// UI is the main window and its screens.
type UI struct {
	app    fyne.App
	Window fyne.Window
	tabs   *container.AppTabs

	report     *reportScreen
	outboxView *outboxScreen
	support    *supportScreen
	mailSetup  *mailSetupScreen
	settings   *settingsScreen

	state
	// spawn starts work off the UI goroutine (see run in guard.go); tests make it
	// synchronous.
	spawn         func(func())
	outboxDir     string
	storeOverride secret.Store
	rootCAs       *x509.CertPool
	obOnce        sync.Once
	ob            *outbox.Outbox
	obErr         error
	life          context.Context // ends when the window closes: background loops stop
	endLife       context.CancelFunc
	builders      map[*fyne.Container]func() fyne.CanvasObject // tabs not built yet
	// openDialogs take Enter and Escape when nothing is focused, newest first (dialogs.go).
	openDialogs  []*openDialog
	dialogKeysOn bool
	back         *backBar  // the way back from Settings to what the user was doing
	auto         autoSetup // set-up from the address (autosetup.go); tests set auto.options
	bl           blocklistTab
	replies      repliesState // the desk's replies, looked for in the mailbox (replies.go)
	signin       signInState  // sign-in with Microsoft 365 or Google (signin*.go)
	mbox         mailboxState // the incoming mailbox: its session, cards taken from it (incoming*.go)
}

// New builds the main window.
func New(a fyne.App, opt Options) *UI {
	a.Settings().SetTheme(newAppTheme()) // focus shows on every button
	u := &UI{app: a, Window: a.NewWindow(Title), outboxDir: opt.OutboxDir, storeOverride: opt.Passwords, rootCAs: opt.RootCAs}
	u.prof = provider.Default()
	u.spawn = func(f func()) { go f() }
	u.builders = map[*fyne.Container]func() fyne.CanvasObject{}
	u.life, u.endLife = context.WithCancel(context.Background())
	u.Window.SetOnClosed(u.endLife)
	u.report = newReportScreen(u)
	u.back = newBackBar(u)
	// Only the first screen is built now; the others on first visit, so the window opens as
	// fast as a bare one.
	u.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Report an email", theme.MailComposeIcon(), u.report.content),
		u.lazyTab("Sent reports", theme.MailSendIcon(), func() fyne.CanvasObject {
			u.outboxView = newOutboxScreen(u)
			return u.outboxView.content
		}),
		u.lazyTab("Support", theme.HelpIcon(), func() fyne.CanvasObject {
			u.support = newSupportScreen(u)
			return container.NewVScroll(container.NewPadded(u.support.content))
		}),
		u.lazyTab("Mail set-up", theme.SettingsIcon(), func() fyne.CanvasObject {
			u.mailSetup = newMailSetupScreen(u)
			return container.NewVScroll(container.NewPadded(u.mailSetup.content))
		}),
		u.lazyTab("Settings", theme.AccountIcon(), func() fyne.CanvasObject {
			u.settings = newSettingsScreen(u)
			return container.NewBorder(u.back.box, nil, nil, nil, u.settings.content)
		}),
	)
	u.tabs.OnSelected = func(t *container.TabItem) {
		u.build(t)
		if u.outboxView != nil && u.tabs.SelectedIndex() == 1 {
			u.outboxView.reload()
		}
	}
	u.Window.SetContent(u.tabs)
	u.Window.SetOnDropped(u.HandleDrop)
	u.tabs.Append(u.lazyTab(blocklistTabTitle, theme.WarningIcon(), u.newBlocklistTab))
	u.Window.SetMainMenu(u.mainMenu()) // holds every keyboard shortcut, Ctrl+1… for each tab
	u.Window.Resize(fyne.NewSize(780, 680))
	u.loadSavedProfile(func(p provider.Profile) {
		fyne.Do(func() {
			u.setProfile(p, u.app.Preferences().String(prefProfilePath))
			if u.settings != nil {
				u.settings.showProvider()
			}
		})
	})
	return u
}

// Start begins the background work of a running app: sending what waits in the outbox,
// and looking for the desk's replies to what was sent.
func (u *UI) Start() {
	u.keepRunning(u.life, func(ctx context.Context) { u.retryLoop(ctx, time.Minute) })
	u.keepRunning(u.life, u.repliesLoop)
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

func (u *UI) showSettings() { u.tabs.SelectIndex(tabSettings) } // OnSelected builds it

// The tabs in order; Ctrl+1… selects them (menu.go).
const (
	tabReport = iota
	tabSent
	tabSupport
	tabMailSetup
	tabSettings
)

// setUpAccount is "Set up my account": Settings with the focus in the first field still to
// fill, and a button back to where the user was (their report), whose Send button gets the
// focus back. back may be nil.
func (u *UI) setUpAccount(back fyne.Focusable) {
	from := u.tabs.SelectedIndex()
	u.showSettings()
	s := u.settings
	u.back.offer(from, back)
	u.focusFirstEmpty(s.address, s.host, s.port, s.username, s.password)
}

// accountSaved is called by Settings after a successful Save: the way back gets the focus,
// so Enter returns to the report.
func (u *UI) accountSaved() {
	if u.back.box.Visible() && u.account().configured() {
		u.back.note.SetText("Your account is saved.")
		u.Window.Canvas().Focus(u.back.button)
	}
}

// backBar sits above Settings while a report waits for the account to be set up.
type backBar struct {
	u      *UI
	box    *fyne.Container
	note   *widget.Label
	button *widget.Button
	to     int
	focus  fyne.Focusable
}

func newBackBar(u *UI) *backBar {
	b := &backBar{u: u, note: widget.NewLabel("")}
	b.button = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), b.goBack)
	b.button.Importance = widget.HighImportance
	b.box = container.NewPadded(container.NewHBox(b.button, b.note))
	b.box.Hide()
	return b
}

func (b *backBar) offer(from int, focus fyne.Focusable) {
	if from == tabSettings {
		return // already here: nothing to go back to
	}
	b.to, b.focus = from, focus
	switch from {
	case tabReport:
		b.button.SetText("Back to your report")
	case tabSent:
		b.button.SetText("Back to Sent reports")
	default:
		b.button.SetText("Back")
	}
	b.note.SetText("Your report waits until your account is saved.")
	b.box.Show()
}

func (b *backBar) goBack() {
	b.box.Hide()
	b.u.tabs.SelectIndex(b.to)
	if f := b.focus; f != nil {
		if d, ok := f.(fyne.Disableable); !ok || !d.Disabled() {
			b.u.Window.Canvas().Focus(f)
		}
	}
	b.focus = nil
}

// lazyTab makes a tab whose content is built the first time it is shown (see UI.built).
func (u *UI) lazyTab(title string, icon fyne.Resource, make func() fyne.CanvasObject) *container.TabItem {
	holder := container.NewStack()
	u.builders[holder] = make
	return container.NewTabItemWithIcon(title, icon, holder)
}

// build fills a lazy tab's holder on its first visit.
func (u *UI) build(t *container.TabItem) {
	holder, ok := t.Content.(*fyne.Container)
	if !ok {
		return
	}
	if make, ok := u.builders[holder]; ok {
		delete(u.builders, holder)
		holder.Objects = []fyne.CanvasObject{make()}
		holder.Refresh()
	}
}
