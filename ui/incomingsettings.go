package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/mailbox"
	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/secret"
	"github.com/reportmail/reportmail/internal/send"
)

var incomingSecurityChoices = []string{"SSL/TLS (port 993)", "STARTTLS (port 143)"}

func incomingSecurityChoice(s send.Security) string {
	if s == send.StartTLS {
		return incomingSecurityChoices[1]
	}
	return incomingSecurityChoices[0]
}

// incomingPanel is "Your mailbox" in Settings, beside the sending account: the incoming
// (IMAP) server the Report tab reads to choose an email from.
type incomingPanel struct {
	s        *settingsScreen
	content  fyne.CanvasObject
	host     *widget.Entry
	port     *widget.Entry
	security *widget.Select
	username *widget.Entry
	password *widget.Entry
	remember *widget.Check
	ready    bool // the tick shows the keychain's state
	testBtn  *widget.Button
	msg      *widget.Label
}

func newIncomingPanel(s *settingsScreen) *incomingPanel {
	u := s.u
	p := &incomingPanel{s: s}
	p.host = widget.NewEntry()
	p.host.SetPlaceHolder("imap.example.net")
	p.port = widget.NewEntry()
	p.security = widget.NewSelect(incomingSecurityChoices, nil)
	p.security.OnChanged = func(choice string) {
		if t := p.port.Text; t == "" || t == "993" || t == "143" {
			if choice == incomingSecurityChoices[1] {
				p.port.SetText("143")
			} else {
				p.port.SetText("993")
			}
		}
	}
	p.username = widget.NewEntry()
	p.username.SetPlaceHolder("usually your email address")
	p.password = widget.NewPasswordEntry()
	p.remember = widget.NewCheck("Remember my password", nil)
	p.remember.Disable()
	u.whenKeychainKnown(func(w secret.Words) {
		p.password.SetPlaceHolder(w.Placeholder)
		applyRememberTick(p.remember, w)
		p.ready = true
	})
	p.msg = wrapLabel("")
	if in := u.incoming(); in.configured() {
		p.fill(in)
	} else {
		p.fillGuess()
	}
	if t, ok := u.mailTarget(); ok && t.token {
		p.msg.SetText("You are signed in, so Report Mail reads your mailbox with that sign-in; these settings are not needed.")
	}
	form := widget.NewForm(
		widget.NewFormItem("Incoming mail server", p.host),
		widget.NewFormItem("Security", p.security),
		widget.NewFormItem("Port", p.port),
		widget.NewFormItem("User name", p.username),
		widget.NewFormItem("Password", p.password),
		widget.NewFormItem("", p.remember),
	)
	save := widget.NewButtonWithIcon("Save mailbox settings", theme.DocumentSaveIcon(), p.save)
	p.testBtn = widget.NewButtonWithIcon("Test connection", theme.MailReplyIcon(), p.test)
	p.content = container.NewVBox(
		bold("Your mailbox"),
		wrapLabel("With your incoming mail server (IMAP), the Report tab can take an email straight from your mailbox, and tidy it into Junk or back to the Inbox once it is reported."),
		form,
		container.NewHBox(save, p.testBtn),
		p.msg,
	)
	return p
}

func (p *incomingPanel) fill(in incomingAccount) {
	p.host.SetText(in.Host)
	p.security.SetSelected(incomingSecurityChoice(in.Security)) // before the port: it may set one
	p.port.SetText(strconv.Itoa(in.Port))
	p.username.SetText(in.Username)
}

// fillGuess starts an unsaved form from the best guess, and says where it came from. Settings
// calls it again when "Use these settings" brings a better one.
func (p *incomingPanel) fillGuess() {
	in, found := p.s.u.guessIncoming()
	p.fill(in)
	switch {
	case in.Host == "":
	case found:
		p.msg.SetText("Filled in from the settings Report Mail found for your address: check them, then press Save mailbox settings.")
	default:
		p.msg.SetText("Filled in from your sending account: check the server name, then press Save mailbox settings.")
	}
}

// formIncoming reads the form; the error is a plain sentence.
func (p *incomingPanel) formIncoming() (incomingAccount, error) {
	port, err := strconv.Atoi(strings.TrimSpace(p.port.Text))
	if err != nil || port < 1 || port > 65535 {
		return incomingAccount{}, sentence("The port must be a number such as 993 or 143.")
	}
	a := incomingAccount{
		Host:     strings.ToLower(strings.TrimSpace(p.host.Text)),
		Port:     port,
		Security: send.Implicit,
		Username: strings.TrimSpace(p.username.Text),
	}
	if p.security.Selected == incomingSecurityChoices[1] {
		a.Security = send.StartTLS
	}
	if a.Host == "" || strings.ContainsAny(a.Host, " /@:") {
		return incomingAccount{}, sentence("Enter your incoming mail server, for example imap.example.co.nz.")
	}
	return a, nil
}

// save keeps the settings, and the typed password as the sending account's is kept.
func (p *incomingPanel) save() {
	a, err := p.formIncoming()
	if err != nil {
		p.msg.SetText(err.Error())
		return
	}
	u := p.s.u
	u.saveIncoming(a)
	pw := p.password.Text
	if pw == "" {
		p.msg.SetText("Saved. The Report tab can now choose an email from your mailbox.")
		return
	}
	key := u.incomingAsAccount(a).keychainKey()
	remember := p.remember.Checked || !p.ready // before the keychain is known: remember where one works
	u.keepTypedPassword(key, pw, remember, p.msg, p.password)
}

// test saves the settings, then signs in and lists the folders, off the UI goroutine. A
// typed password is kept only once the server took it, as in the password prompt.
func (p *incomingPanel) test() {
	a, err := p.formIncoming()
	if err != nil {
		p.msg.SetText(err.Error())
		return
	}
	u := p.s.u
	u.saveIncoming(a)
	t, ok := u.mailTarget()
	if !ok {
		return
	}
	typed := p.password.Text
	if typed != "" && !t.token {
		w, _ := u.keychainWords()
		u.stagePassword(t.acc, typed, (p.remember.Checked || !p.ready) && w.Works)
	}
	p.testBtn.Disable()
	p.msg.SetText("Connecting to " + a.Host + "…")
	done := func(msg string) { p.testBtn.Enable(); p.msg.SetText(msg) }
	u.run(func() {
		u.connectMailbox(t, typed, func(s *mailSession) {
			var fs []mailbox.Folder
			err := s.do(func(c *mailbox.Client) error {
				var err error
				fs, err = c.Folders()
				return err
			})
			fyne.Do(func() {
				if err != nil {
					done(plain.Sentence(err))
					return
				}
				p.password.SetText("")
				done("It works: Report Mail signed in to your mailbox on " + t.cfg.Host + " and found " + countWords(len(fs), "folder") + ".")
			})
		}, done)
	})
}
