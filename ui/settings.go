package ui

import (
	"context"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/secret"
	"github.com/reportmail/reportmail/internal/send"
)

// account is the user's sending account. It lives in Fyne's preferences, which are plain
// JSON on disk: the password is never part of it (it goes to the OS keychain).
type account struct {
	Address  string
	Host     string
	Port     int
	Security send.Security
	Username string
}

const (
	prefAddress     = "account.address"
	prefHost        = "account.host"
	prefPort        = "account.port"
	prefSecurity    = "account.security"
	prefUsername    = "account.username"
	prefProfilePath = "provider.path"
)

func (u *UI) account() account {
	p := u.app.Preferences()
	return account{
		Address:  p.String(prefAddress),
		Host:     p.String(prefHost),
		Port:     p.IntWithFallback(prefPort, 587),
		Security: send.Security(p.IntWithFallback(prefSecurity, int(send.StartTLS))),
		Username: p.String(prefUsername),
	}
}

func (u *UI) saveAccount(a account) {
	p := u.app.Preferences()
	p.SetString(prefAddress, a.Address)
	p.SetString(prefHost, a.Host)
	p.SetInt(prefPort, a.Port)
	p.SetInt(prefSecurity, int(a.Security))
	p.SetString(prefUsername, a.Username)
}

// configured reports whether sending can be tried at all.
func (a account) configured() bool { return a.Address != "" && a.Host != "" && a.Port > 0 }

// keychainKey names the password in the keychain: one per sign-in on one server.
func (a account) keychainKey() string {
	user := a.Username
	if user == "" {
		user = a.Address
	}
	return user + "@" + a.Host + ":" + strconv.Itoa(a.Port)
}

var securityChoices = []string{"STARTTLS (port 587)", "SSL/TLS (port 465)"}

func securityChoice(s send.Security) string {
	if s == send.Implicit {
		return securityChoices[1]
	}
	return securityChoices[0]
}

// settingsScreen is the sending account and the provider profile.
type settingsScreen struct {
	u        *UI
	content  fyne.CanvasObject
	address  *widget.Entry
	host     *widget.Entry
	port     *widget.Entry
	security *widget.Select
	username *widget.Entry
	password *widget.Entry
	keychain *widget.Label
	testBtn  *widget.Button
	testAct  *widget.Activity
	testMsg  *widget.Label
	provider *widget.Label
}

func newSettingsScreen(u *UI) *settingsScreen {
	s := &settingsScreen{u: u}
	a := u.account()
	s.address = widget.NewEntry()
	s.address.SetPlaceHolder("you@example.co.nz")
	s.address.SetText(a.Address)
	s.host = widget.NewEntry()
	s.host.SetPlaceHolder("smtp.example.co.nz")
	s.host.SetText(a.Host)
	s.port = widget.NewEntry()
	s.port.SetText(strconv.Itoa(a.Port))
	s.security = widget.NewSelect(securityChoices, nil)
	s.security.SetSelected(securityChoice(a.Security))
	// Set after the saved choice is shown, so opening Settings never changes a saved port.
	s.security.OnChanged = func(choice string) {
		// Pre-fill the port that belongs to the choice, unless the user typed their own.
		if s.port.Text == "" || s.port.Text == "587" || s.port.Text == "465" || s.port.Text == "25" {
			if choice == securityChoices[1] {
				s.port.SetText("465")
			} else {
				s.port.SetText("587")
			}
		}
	}
	s.username = widget.NewEntry()
	s.username.SetPlaceHolder("usually your email address")
	s.username.SetText(a.Username)
	s.password = widget.NewPasswordEntry()
	s.password.SetPlaceHolder("kept in your computer's keychain")
	s.keychain = widget.NewLabel("")
	s.keychain.Wrapping = fyne.TextWrapWord
	s.keychain.Hide()

	form := widget.NewForm(
		widget.NewFormItem("Your email address", s.address),
		widget.NewFormItem("Outgoing mail server", s.host),
		widget.NewFormItem("Security", s.security),
		widget.NewFormItem("Port", s.port),
		widget.NewFormItem("User name", s.username),
		widget.NewFormItem("Password", s.password),
	)
	save := widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), s.save)
	save.Importance = widget.HighImportance
	s.testBtn = widget.NewButtonWithIcon("Test connection", theme.MailSendIcon(), s.test)
	s.testAct = widget.NewActivity()
	s.testMsg = widget.NewLabel("")
	s.testMsg.Wrapping = fyne.TextWrapWord

	s.provider = widget.NewLabel("")
	s.provider.Wrapping = fyne.TextWrapWord
	loadProfile := widget.NewButtonWithIcon("Load a provider file…", theme.FolderOpenIcon(), s.loadProfile)
	builtIn := widget.NewButton("Use the built-in SMX profile", s.useBuiltIn)
	s.showProvider()

	s.content = container.NewVScroll(container.NewPadded(container.NewVBox(
		bold("Your email account"),
		wrapLabel("Reports are sent from your own address through your own mail server, the same settings your mail program uses for sending."),
		form, s.keychain,
		container.NewHBox(save, s.testBtn, s.testAct),
		s.testMsg,
		widget.NewSeparator(),
		bold("Support desk"),
		s.provider,
		container.NewHBox(loadProfile, builtIn),
	)))
	go s.checkKeychain()
	return s
}

// formAccount reads the form. Errors are plain sentences for the form's user.
func (s *settingsScreen) formAccount() (account, error) {
	port, err := strconv.Atoi(strings.TrimSpace(s.port.Text))
	if err != nil || port < 1 || port > 65535 {
		return account{}, sentence("The port must be a number such as 587 or 465.")
	}
	a := account{
		Address:  strings.TrimSpace(s.address.Text),
		Host:     strings.TrimSpace(s.host.Text),
		Port:     port,
		Security: send.StartTLS,
		Username: strings.TrimSpace(s.username.Text),
	}
	if s.security.Selected == securityChoices[1] {
		a.Security = send.Implicit
	}
	if !provider.ValidAddress(a.Address) {
		return account{}, sentence("Enter your email address, for example kate@example.co.nz.")
	}
	if a.Host == "" {
		return account{}, sentence("Enter your outgoing mail server, for example smtp.example.co.nz.")
	}
	return a, nil
}

func (s *settingsScreen) save() {
	a, err := s.formAccount()
	if err != nil {
		s.testMsg.SetText(err.Error())
		return
	}
	s.u.saveAccount(a)
	pw := s.password.Text
	if pw == "" {
		s.testMsg.SetText("Saved.")
		return
	}
	s.testMsg.SetText("Saving…")
	s.u.run(func() {
		err := s.u.passwords().Set(a.keychainKey(), pw)
		fyne.Do(func() {
			if err != nil {
				s.testMsg.SetText(secret.Explain(err))
				return
			}
			s.password.SetText("")
			s.testMsg.SetText("Saved. Your password is kept in your computer's keychain.")
		})
	})
}

// test connects, secures the connection and signs in, off the UI goroutine.
func (s *settingsScreen) test() {
	a, err := s.formAccount()
	if err != nil {
		s.testMsg.SetText(err.Error())
		return
	}
	typed := s.password.Text
	s.testBtn.Disable()
	s.testAct.Start()
	s.testMsg.SetText("Connecting to " + a.Host + "…")
	s.u.run(func() {
		pw := typed
		if pw == "" {
			pw, _ = s.u.passwords().Get(a.keychainKey())
		}
		ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
		defer cancel()
		err := s.u.sendConfig(a, pw).Probe(ctx)
		fyne.Do(func() {
			s.testAct.Stop()
			s.testBtn.Enable()
			if err != nil {
				s.testMsg.SetText(plain.ProbeSentence(err))
				return
			}
			s.testMsg.SetText("It works: Report Mail connected securely and signed in to " + a.Host + ".")
		})
	})
}

func (s *settingsScreen) checkKeychain() {
	s.u.passwords() // choosing the store probes the keychain, which may take a moment
	fyne.Do(func() {
		if !s.u.keychainPersistent {
			s.keychain.SetText(secret.NoKeychainNotice)
			s.keychain.Show()
		}
	})
}

func (s *settingsScreen) showProvider() {
	p := s.u.profile()
	s.provider.SetText("Reports go to " + p.Name + " at " + p.SupportAddress + ".")
}

func (s *settingsScreen) loadProfile() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		s.loadProfileFrom(path)
	}, s.u.Window)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".json"}))
	d.Show()
}

// loadProfileFrom reads an IT provider's profile file off the UI goroutine and switches to it.
func (s *settingsScreen) loadProfileFrom(path string) {
	s.u.run(func() {
		p, err := provider.Load(path)
		fyne.Do(func() {
			if err != nil {
				s.u.showError(err)
				return
			}
			s.u.setProfile(p, path)
			s.showProvider()
		})
	})
}

func (s *settingsScreen) useBuiltIn() {
	s.u.setProfile(provider.Default(), "")
	s.showProvider()
}
