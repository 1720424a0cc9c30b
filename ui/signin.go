package ui

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/oauth"
	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/secret"
	"github.com/reportmail/reportmail/internal/send"
)

// signInPanel is Settings' "Sign in with Microsoft 365 / Google", beside the password
// account: one button per service of the provider profile, who is signed in, Sign out, and
// while a sign-in runs, what to do in the browser (or where to type the code) and Cancel.
// UI goroutine only.
type signInPanel struct {
	s       *settingsScreen
	content *fyne.Container
	status  *widget.Label
	buttons *fyne.Container
	byID    map[string]*widget.Button
	signOut *widget.Button
	note    *widget.Label // the services the IT provider has not registered the app with

	waiting  *fyne.Container
	waitMsg  *widget.Label
	act      *widget.Activity
	useCode  *widget.Button
	code     *fyne.Container
	codeMsg  *widget.Label
	copyCode *widget.Button
	codeText string
	attempt  *signInAttempt
}

// signInAttempt is one sign-in in progress.
type signInAttempt struct {
	svc     provider.OAuth
	cancel  context.CancelFunc // stops the whole attempt
	browser context.CancelFunc // stops the browser wait only, for the code instead
	code    atomic.Bool        // the person asked for the code instead of the browser
}

func newSignInPanel(s *settingsScreen) *signInPanel {
	p := &signInPanel{s: s, status: wrapLabel(""), note: wrapLabel(""), buttons: container.NewHBox(),
		act: widget.NewActivity(), waitMsg: wrapLabel(""), codeMsg: wrapLabel("")}
	p.signOut = widget.NewButtonWithIcon("Sign out", theme.LogoutIcon(), p.doSignOut)
	cancel := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), p.cancel)
	p.useCode = widget.NewButton("Sign in with a code instead", p.switchToCode)
	p.copyCode = widget.NewButtonWithIcon("Copy the code", theme.ContentCopyIcon(), func() {
		p.s.u.app.Clipboard().SetContent(p.codeText)
	})
	p.waiting = container.NewVBox(container.NewBorder(nil, nil, p.act, nil, p.waitMsg),
		container.NewHBox(cancel, p.useCode))
	p.code = container.NewVBox(p.codeMsg, container.NewHBox(p.copyCode))
	p.waiting.Hide()
	p.code.Hide()
	p.content = container.NewVBox(widget.NewSeparator(), bold("Microsoft 365 or Google account"),
		p.status, p.buttons, p.note, p.waiting, p.code)
	p.rebuild()
	return p
}

// rebuild makes the buttons of the profile in use and shows who is signed in.
func (p *signInPanel) rebuild() {
	prof := p.s.u.profile()
	p.byID = map[string]*widget.Button{}
	p.buttons.Objects = nil
	var unregistered []string
	for _, svc := range prof.OAuth {
		b := widget.NewButton(plain.SignInButton(svc.Name), func() { p.start(svc) })
		if !svc.Registered() {
			b.Disable()
			unregistered = append(unregistered, svc.Name)
		}
		p.byID[svc.ID] = b
		p.buttons.Add(b)
	}
	p.buttons.Add(p.signOut)
	p.buttons.Refresh()
	p.note.SetText("")
	p.note.Hide()
	if len(unregistered) > 0 {
		p.note.SetText(plain.NotRegistered(strings.Join(unregistered, " and ")))
		p.note.Show()
	}
	if len(prof.OAuth) == 0 {
		p.content.Hide()
		return
	}
	p.content.Show()
	p.showAccount()
}

// showAccount says who is signed in, or that the sign-in was refused.
func (p *signInPanel) showAccount() {
	if p.attempt != nil {
		return // the running sign-in says what happens
	}
	a := p.s.u.account()
	for _, b := range p.byID {
		b.Importance = widget.MediumImportance
		b.Refresh()
	}
	if a.SignIn == "" {
		p.status.SetText(plain.NotSignedIn)
		p.signOut.Hide()
		return
	}
	p.signOut.Show()
	name := a.SignIn
	if a.svc != nil {
		name = a.svc.Name
	}
	if p.s.u.signin.isLost(signInKey(a.SignIn, a.Address)) {
		p.status.SetText(plain.SignInAgain)
		p.highlight(a.SignIn)
		return
	}
	p.status.SetText(plain.SignedInAs(a.Address, name))
}

func (p *signInPanel) highlight(id string) {
	if b := p.byID[id]; b != nil {
		b.Importance = widget.HighImportance
		b.Refresh()
	}
}

// suggest is Find my settings' word that the address lives with svc.
func (p *signInPanel) suggest(svc provider.OAuth) {
	if p.attempt == nil && p.s.u.account().SignIn == "" {
		p.status.SetText(plain.SuggestSignIn(svc.Name))
	}
	p.highlight(svc.ID)
}

// start signs in with svc for the address in the form: the browser, or the code when no
// browser can be opened. The wait is off the UI goroutine and can be cancelled.
func (p *signInPanel) start(svc provider.OAuth) {
	u := p.s.u
	addr := strings.TrimSpace(p.s.address.Text)
	if !provider.ValidAddress(addr) {
		p.status.SetText(plain.EnterAddressFirst)
		u.Window.Canvas().Focus(p.s.address)
		return
	}
	if p.attempt != nil {
		return // one at a time: the first one's page is already open
	}
	ctx, cancel := context.WithCancel(u.life)
	bctx, bcancel := context.WithCancel(ctx)
	at := &signInAttempt{svc: svc, cancel: cancel, browser: bcancel}
	p.attempt = at
	p.waitMsg.SetText(plain.WaitingForBrowser(svc.Name))
	_, _, device := svc.Endpoints()
	p.useCode.Hidden = device == ""
	p.act.Start()
	p.waiting.Show()
	p.code.Hide()
	p.waiting.Refresh()
	for _, b := range p.byID {
		b.Disable()
	}
	u.run(func() {
		defer cancel()
		cfg := u.oauthConfig(svc, addr)
		sess, err := cfg.SignIn(bctx, addr)
		asked := at.code.Load() && errors.Is(err, oauth.ErrCanceled) && ctx.Err() == nil
		if device != "" && (errors.Is(err, oauth.ErrNoBrowser) || asked) {
			sess, err = cfg.DeviceSignIn(ctx, addr, func(dc oauth.DeviceCode) {
				fyne.Do(func() { p.showCode(at, dc) })
			})
		}
		fyne.Do(func() { p.finished(at, addr, sess, err) })
	})
}

func (p *signInPanel) showCode(at *signInAttempt, dc oauth.DeviceCode) {
	if p.attempt != at {
		return
	}
	p.codeText = dc.UserCode
	p.codeMsg.SetText(plain.DeviceCode(dc.VerificationURI, dc.UserCode, at.svc.Name))
	p.waitMsg.SetText("Waiting for the code to be entered…")
	p.useCode.Hide()
	p.code.Show()
	p.content.Refresh()
}

func (p *signInPanel) switchToCode() {
	if at := p.attempt; at != nil {
		at.code.Store(true)
		at.browser()
	}
}

func (p *signInPanel) cancel() {
	if at := p.attempt; at != nil {
		at.cancel()
	}
}

// finished keeps a new sign-in as the sending account, or says why there is none.
func (p *signInPanel) finished(at *signInAttempt, addr string, sess *oauth.Session, err error) {
	if p.attempt != at {
		return
	}
	p.attempt = nil
	p.act.Stop()
	p.waiting.Hide()
	p.code.Hide()
	p.rebuild()
	svc := at.svc
	if err != nil {
		_, _, device := svc.Endpoints()
		text := plain.Sentence(err)
		if errors.Is(err, oauth.ErrNoBrowser) && device == "" {
			text = plain.NoBrowserNoCode(svc.Name)
		}
		p.status.SetText(text)
		return
	}
	u := p.s.u
	u.signin.keep(signInKey(svc.ID, addr), sess)
	a := account{Address: addr, Host: svc.SMTP.Host, Port: svc.SMTP.Port, Security: send.StartTLS, Username: addr, SignIn: svc.ID}
	if a.Port == 465 {
		a.Security = send.Implicit
	}
	u.saveAccount(a)
	// The form shows what is saved: the service's server, the address as the user name.
	p.s.security.SetSelected(securityChoice(a.Security))
	p.s.host.SetText(a.Host)
	p.s.port.SetText(strconv.Itoa(a.Port))
	p.s.username.SetText(a.Username)
	p.s.password.SetText("")
	p.showAccount()
	if sess.KeepErr() != nil {
		p.status.SetText(p.status.Text + " " + plain.SignInNotKept)
	}
	u.accountSaved()
}

// doSignOut forgets the sign-in: the refresh token leaves the keychain, the access token
// this run's memory, and the account becomes a password account on the same server.
func (p *signInPanel) doSignOut() {
	u := p.s.u
	a := u.account()
	if a.SignIn == "" {
		return
	}
	svc := provider.OAuth{ID: a.SignIn}
	if a.svc != nil {
		svc = *a.svc
	}
	u.run(func() {
		err := u.oauthConfig(svc, a.Address).SignOut(a.Address)
		u.signin.keep(signInKey(a.SignIn, a.Address), nil)
		fyne.Do(func() {
			if err != nil {
				p.status.SetText(secret.Explain(err))
				return
			}
			a.SignIn = ""
			u.saveAccount(a)
			p.showAccount()
			p.status.SetText(plain.SignedOut)
		})
	})
}

// openSignInPage shows the sign-in service's page in the system browser. Any goroutine.
func (u *UI) openSignInPage(raw string) error {
	if u.signin.open != nil {
		return u.signin.open(raw)
	}
	p, err := url.Parse(raw)
	if err != nil {
		return err
	}
	return openURL(u.app, p)
}

// signInAgain is the report card's "Sign in again": Settings, with the way back to the
// card, and the sign-in of the account's service started.
func (u *UI) signInAgain() {
	from := u.tabs.SelectedIndex()
	u.showSettings()
	u.back.offer(from, nil)
	a := u.account()
	if a.svc != nil && u.settings != nil {
		u.settings.signin.start(*a.svc)
	}
}

// offerSignIn puts "Sign in again" on a report whose token was refused.
func (f *reportFlow) offerSignIn() {
	b := widget.NewButtonWithIcon("Sign in again", theme.LoginIcon(), f.c.s.u.signInAgain)
	b.Importance = widget.HighImportance
	f.offer(b)
}
