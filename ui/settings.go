package ui

import (
	"context"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
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
	// SignIn is the sign-in service (provider.OAuth ID) the account sends with instead of
	// a password, "" for a password account; svc is that service in the profile in use
	// (nil when the profile no longer has it). The tokens are in the keychain (signin.go).
	SignIn string
	svc    *provider.OAuth
}

const (
	prefAddress     = "account.address"
	prefHost        = "account.host"
	prefPort        = "account.port"
	prefSecurity    = "account.security"
	prefUsername    = "account.username"
	prefSignIn      = "account.signin"
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
		SignIn:   p.String(prefSignIn),
	}.withService(u.prof)
}

func (u *UI) saveAccount(a account) {
	p := u.app.Preferences()
	p.SetString(prefAddress, a.Address)
	p.SetString(prefHost, a.Host)
	p.SetInt(prefPort, a.Port)
	p.SetInt(prefSecurity, int(a.Security))
	p.SetString(prefUsername, a.Username)
	p.SetString(prefSignIn, a.SignIn)
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
	u         *UI
	content   fyne.CanvasObject
	address   *widget.Entry
	host      *widget.Entry
	port      *widget.Entry
	security  *widget.Select
	username  *widget.Entry
	password  *widget.Entry
	remember  *widget.Check
	tickReady bool // the tick shows the keychain's state (checkKeychain has run)
	keychain  *widget.Label
	caInfo    *widget.Label
	caRemove  *widget.Button
	caBtns    *fyne.Container
	testBtn   *widget.Button
	testAct   *widget.Activity
	testMsg   *widget.Label
	provider  *widget.Label
	finder    *settingsFinder // "Find my settings" (autosetup.go)
	signin    *signInPanel    // "Sign in with Microsoft 365 / Google" (signin.go)
	incoming  *incomingPanel  // the incoming mailbox, read to choose originals (incomingsettings.go)
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
	// The placeholder and the tick wait for the keychain probe (checkKeychain), so they
	// never promise what this computer cannot do.
	s.remember = widget.NewCheck("Remember my password", nil)
	s.remember.Disable()
	s.keychain = widget.NewLabel("")
	s.keychain.Wrapping = fyne.TextWrapWord
	s.keychain.Hide()

	s.finder = newSettingsFinder(s)
	s.signin = newSignInPanel(s)
	s.incoming = newIncomingPanel(s)
	form := widget.NewForm(
		widget.NewFormItem("Your email address", s.finder.row()),
		widget.NewFormItem("Outgoing mail server", s.host),
		widget.NewFormItem("Security", s.security),
		widget.NewFormItem("Port", s.port),
		widget.NewFormItem("User name", s.username),
		widget.NewFormItem("Password", s.password),
		widget.NewFormItem("", s.remember),
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

	s.caInfo = wrapLabel("")
	loadCA := widget.NewButtonWithIcon("Load certificate file…", theme.FolderOpenIcon(), s.chooseCA)
	s.caRemove = widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), s.removeCA)
	s.caRemove.Hide()
	s.caBtns = container.NewHBox(loadCA, s.caRemove)

	s.content = container.NewVScroll(container.NewPadded(container.NewVBox(
		bold("Your email account"),
		wrapLabel("Reports are sent from your own address through your own mail server, the same settings your mail program uses for sending."),
		form, s.finder.box(), s.keychain,
		container.NewHBox(save, s.testBtn, s.testAct),
		s.testMsg,
		s.signin.content,
		widget.NewSeparator(),
		s.incoming.content,
		widget.NewSeparator(),
		bold("Support desk"),
		s.provider,
		container.NewHBox(loadProfile, builtIn),
		widget.NewSeparator(),
		bold("Private server certificate"),
		wrapLabel("Only for an organisation's own mail server: if your IT person gives you the server's certificate file (.pem or .crt), load it here and Report Mail trusts that server too."),
		s.caInfo,
		s.caBtns,
	)))
	u.run(s.checkKeychain)
	u.run(func() {
		ca := u.keptCA()
		u.caMu.Lock()
		why := u.caLoaded
		u.caMu.Unlock()
		fyne.Do(func() {
			s.showCA(ca)
			if why != nil {
				s.caInfo.SetText(plain.Sentence(why))
			}
		})
	})
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
	if cur := s.u.account(); strings.EqualFold(cur.Address, a.Address) {
		a.SignIn, a.svc = cur.SignIn, cur.svc // the sign-in is for this address only
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
	s.u.accountSaved()
	pw := s.password.Text
	if pw == "" {
		s.testMsg.SetText("Saved.")
		return
	}
	// Before the keychain check is done the tick is not shown yet: the default (remember
	// where a keychain works) applies.
	remember := s.remember.Checked || !s.tickReady
	s.u.keepTypedPassword(a.keychainKey(), pw, remember, s.testMsg, s.password)
}

// keepTypedPassword stores a password typed in a settings form, off the UI goroutine: in the
// keychain when the person ticked "remember" and one works, else for this run only; msg
// says which, and the field is emptied once it is kept.
func (u *UI) keepTypedPassword(key, pw string, remember bool, msg *widget.Label, field *widget.Entry) {
	msg.SetText("Saving…")
	u.run(func() {
		store := u.passwordStore()
		w, _ := u.keychainWords()
		var err error
		if remember && w.Works {
			err = store.Set(key, pw)
		} else {
			err = store.forThisRun(key, pw)
		}
		fyne.Do(func() {
			if err != nil {
				msg.SetText(secret.Explain(err))
				return
			}
			field.SetText("")
			if remember && w.Works {
				msg.SetText(w.Kept)
			} else {
				msg.SetText(w.NotKept)
			}
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
	if a.SignIn != "" {
		s.u.run(func() { s.probe(a, "") }) // signed in: the token, no password
		return
	}
	s.u.run(func() {
		pw := typed
		if pw == "" {
			pw, _ = s.u.passwords().Get(a.keychainKey())
		}
		if pw == "" {
			// Without a password the server can only say no, and its "no" reads as if the
			// user name were wrong: ask instead.
			fyne.Do(func() {
				s.testMsg.SetText("")
				s.u.passwordDialog(a, "Test connection needs the password you use for "+a.Address+".", "Test", func(pw string, ok bool) {
					if !ok {
						s.testAct.Stop()
						s.testBtn.Enable()
						s.testMsg.SetText("Not tested: the password is needed to sign in to " + a.Host + ".")
						return
					}
					s.testMsg.SetText("Connecting to " + a.Host + "…")
					s.u.run(func() { s.probe(a, pw) })
				})
			})
			return
		}
		s.probe(a, pw)
	})
}

// probe signs in to a's server with pw, off the UI goroutine, and says how it went.
func (s *settingsScreen) probe(a account, pw string) {
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	cfg := s.u.sendConfig(a, pw)
	cfg.Waiting = func(w send.Waiting) { fyne.Do(func() { s.testMsg.SetText(plain.WaitingLine(w)) }) }
	err := cfg.Probe(ctx)
	fyne.Do(func() {
		s.testAct.Stop()
		s.testBtn.Enable()
		if err != nil {
			s.testMsg.SetText(plain.ProbeSentence(err))
			return
		}
		s.testMsg.SetText("It works: Report Mail connected securely and signed in to " + a.Host + ".")
	})
}

// checkKeychain finds out (once per run, in passwords) whether this computer can remember
// the password, and makes the placeholder, the tick and the notice say the same thing.
func (s *settingsScreen) checkKeychain() {
	s.u.passwords() // choosing the store probes the keychain, which may take a moment
	w, _ := s.u.keychainWords()
	fyne.Do(func() {
		s.password.SetPlaceHolder(w.Placeholder)
		applyRememberTick(s.remember, w)
		s.tickReady = true
		s.keychain.SetText(w.Notice)
		if w.Notice != "" {
			s.keychain.Show()
		} else {
			s.keychain.Hide()
		}
	})
}

func (s *settingsScreen) showProvider() {
	p := s.u.profile()
	s.provider.SetText("Reports go to " + p.Name + " at " + p.SupportAddress + ".")
	if s.signin != nil {
		s.signin.rebuild() // the sign-in services are the profile's
	}
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
	d.SetFilter(regularFiles{exts: []string{".json"}})
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

// chooseCA lets the person pick the certificate file their IT person gave them.
func (s *settingsScreen) chooseCA() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		s.loadCAFrom(path)
	}, s.u.Window)
	d.SetFilter(regularFiles{exts: []string{".pem", ".crt", ".cer"}})
	d.Show()
}

// loadCAFrom keeps the certificate file at path and uses it from now on, off the UI
// goroutine; what it is for and its fingerprint are shown so the person can check it with
// whoever gave it to them.
func (s *settingsScreen) loadCAFrom(path string) {
	s.caInfo.SetText("Reading the certificate…")
	s.u.run(func() {
		ca, err := s.u.keepCA(path)
		fyne.Do(func() {
			if err != nil {
				s.showCA(s.u.currentCA())
				s.caInfo.SetText(plain.Sentence(err) + " " + s.caInfo.Text)
				return
			}
			s.showCA(ca)
		})
	})
}

func (s *settingsScreen) removeCA() {
	s.u.run(func() {
		err := s.u.forgetCA()
		fyne.Do(func() {
			if err != nil {
				s.caInfo.SetText(plain.Sentence(err))
				return
			}
			s.showCA(nil)
		})
	})
}

func (s *settingsScreen) showCA(ca *privateCA) {
	if ca == nil {
		s.caInfo.SetText("None loaded: mail servers are checked against the authorities this computer trusts.")
		s.caRemove.Hide()
		s.caBtns.Refresh()
		return
	}
	s.caInfo.SetText("Report Mail trusts this certificate for your mail server:\n" + strings.Join(ca.describe(time.Now()), "\n"))
	s.caRemove.Show()
	s.caBtns.Refresh() // the row makes room for the button it now shows
}
