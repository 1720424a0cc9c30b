package ui

import (
	"context"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/autoconfig"
	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/probe"
	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/tlsguide"
)

// How long "Find my settings" may take in all, and each live check of a port.
const (
	findTimeout      = 90 * time.Second
	findProbeTimeout = 12 * time.Second
)

// autoSetup is what the screens share about set-up from the address. UI goroutine only.
type autoSetup struct {
	// options replaces the real discovery options when set (tests: a local autoconfig
	// server, its CA, a test resolver and a fake live check).
	options func() autoconfig.Options
	// found is the set-up the person chose with "Use these settings", or the last live
	// check of their server; settings files start from it.
	found *autoconfig.Result
}

// discoveryOptions are the real ones: the profile in use, and a live check of the servers
// against the same authorities sending trusts. Any goroutine but the UI's (serverRoots may
// read the kept certificate); prof is read on the UI goroutine by the caller.
func (u *UI) discoveryOptions(prof provider.Profile) autoconfig.Options {
	if u.auto.options != nil {
		return u.auto.options()
	}
	return autoconfig.Options{Profile: prof, Confirm: autoconfig.ProbeConfirmer(u.serverRoots(), findProbeTimeout)}
}

// rememberChecked keeps a live check of the person's server (Mail set-up's "Check my mail
// server") for the settings files: the newest word on which servers to use. addr may be
// "" when no account is saved yet. UI goroutine.
func (u *UI) rememberChecked(addr string, rep probe.Report) {
	r := autoconfig.FromReport(addr, rep)
	if len(r.Incoming) == 0 && len(r.Outgoing) == 0 {
		return
	}
	u.auto.found = &r
}

// settingsFinder is Settings' "Find my settings": it looks the address up off the UI
// goroutine, shows what it found and where from, and fills the form only when the person
// says "Use these settings".
type settingsFinder struct {
	s      *settingsScreen
	button *widget.Button
	act    *widget.Activity
	msg    *widget.Label
	found  *fyne.Container // the servers found, and the button to use them
	use    *widget.Button
	result *autoconfig.Result
	seq    int // which search the screen shows; an older one's answer is dropped
}

func newSettingsFinder(s *settingsScreen) *settingsFinder {
	f := &settingsFinder{s: s, act: widget.NewActivity(), msg: wrapLabel(""), found: container.NewVBox()}
	f.button = widget.NewButtonWithIcon("Find my settings", theme.SearchIcon(), f.find)
	f.use = widget.NewButtonWithIcon("Use these settings", theme.ConfirmIcon(), f.useFound)
	f.use.Importance = widget.HighImportance
	f.act.Hide() // a stopped one still draws a dot
	f.msg.Hide()
	f.found.Hide()
	f.addressChanged(s.address.Text)
	prev := s.address.OnChanged
	s.address.OnChanged = func(text string) {
		if prev != nil {
			prev(text)
		}
		f.addressChanged(text)
	}
	return f
}

// row is the address field with the button beside it.
func (f *settingsFinder) row() fyne.CanvasObject {
	return container.NewBorder(nil, nil, nil, container.NewHBox(f.act, f.button), f.s.address)
}

// box is what was found, shown under the form.
func (f *settingsFinder) box() fyne.CanvasObject { return container.NewVBox(f.msg, f.found) }

// addressChanged offers the search only for something that looks like an address, and
// drops a result that was for another one.
func (f *settingsFinder) addressChanged(text string) {
	if provider.ValidAddress(strings.TrimSpace(text)) {
		f.button.Enable()
	} else {
		f.button.Disable()
	}
	if f.result != nil && !strings.EqualFold(f.result.Address, strings.TrimSpace(text)) {
		f.clear()
	}
}

func (f *settingsFinder) clear() {
	f.result = nil
	f.found.Hide()
	f.msg.Hide()
}

func (f *settingsFinder) find() {
	addr := strings.TrimSpace(f.s.address.Text)
	if !provider.ValidAddress(addr) {
		f.say("Enter your whole email address first, for example kate@example.co.nz.")
		return
	}
	f.seq++
	seq := f.seq
	f.clear()
	f.button.Disable()
	f.act.Show()
	f.act.Start()
	f.say("Looking for the settings of " + addr[strings.LastIndexByte(addr, '@')+1:] + "…")
	u := f.s.u
	prof := u.profile()
	u.run(func() {
		ctx, cancel := context.WithTimeout(u.life, findTimeout)
		defer cancel()
		opts := u.discoveryOptions(prof)
		// Microsoft 365 and Google take a sign-in rather than a password (signin.go).
		svc, withSignIn := autoconfig.SignInFor(ctx, addr, opts)
		r, err := autoconfig.Discover(ctx, addr, opts)
		fyne.Do(func() {
			if seq != f.seq {
				return
			}
			f.act.Stop()
			f.act.Hide()
			f.addressChanged(f.s.address.Text)
			f.show(addr, r, err)
			if withSignIn {
				f.say(f.msg.Text + " " + plain.SuggestSignIn(svc.Name))
				f.s.signin.suggest(svc)
			}
		})
	})
}

func (f *settingsFinder) say(text string) {
	f.msg.SetText(text)
	f.msg.Show()
}

// show lays out what was found: where from, the two servers to use, what was left out.
func (f *settingsFinder) show(addr string, r autoconfig.Result, err error) {
	in, okIn := r.BestIncoming()
	out, okOut := r.BestOutgoing()
	if err == nil && !okOut {
		err = autoconfig.ErrIncomplete // Settings is for sending: an outgoing server is a must
	}
	if err != nil {
		text := plain.DiscoverySentence(addr, err)
		if u := plain.UnsafeSentence(r); u != "" {
			text += " " + u
		}
		f.say(text)
		return
	}
	f.result = &r
	f.say(plain.FoundSentence(r))
	f.found.Objects = nil
	if okIn {
		f.found.Add(wrapLabel(plain.ServerLine(in)))
	}
	f.found.Add(wrapLabel(plain.ServerLine(out)))
	if u := plain.UnsafeSentence(r); u != "" {
		f.found.Add(wrapLabel(u))
	}
	f.found.Add(container.NewHBox(f.use))
	f.found.Show()
	f.found.Refresh()
}

// useFound fills the form from what was found; saving stays with Save.
func (f *settingsFinder) useFound() {
	r := f.result
	if r == nil {
		return
	}
	out, ok := r.BestOutgoing()
	if !ok {
		return
	}
	s := f.s
	// The security choice first: choosing it may put its usual port in the field.
	if out.Security == autoconfig.SSL {
		s.security.SetSelected(securityChoice(send.Implicit))
	} else {
		s.security.SetSelected(securityChoice(send.StartTLS))
	}
	s.host.SetText(out.Host)
	s.port.SetText(strconv.Itoa(out.Port))
	if out.Username != "" {
		s.username.SetText(out.Username)
	} else if in, ok := r.BestIncoming(); ok && in.Username != "" {
		s.username.SetText(in.Username)
	} else {
		s.username.SetText(r.Address)
	}
	s.u.auto.found = r
	if s.incoming != nil && !s.u.incoming().configured() {
		s.incoming.fillGuess() // the mailbox form too, while nothing is saved there
	}
	f.found.Hide()
	f.say("Filled in from " + plain.FoundFrom(r.Source) + ". Check the settings, then press Save.")
	s.u.Window.Canvas().Focus(s.password)
}

// exportDefaults are what the settings-file form starts with: the servers found or
// checked for the person's address when there are some, else the profile's ports with no
// host. addr is the address the form starts with; the address found for is returned when
// the form has none yet.
func (u *UI) exportDefaults(prof provider.Profile, addr string) (imap, pop, smtp tlsguide.Server, email string) {
	imap, pop = tlsguide.Preferred(prof.Ports, "IMAP"), tlsguide.Preferred(prof.Ports, "POP")
	smtp = tlsguide.Preferred(prof.Ports, "SMTP")
	email = addr
	r := u.auto.found
	if r == nil || (addr != "" && r.Address != "" && !strings.EqualFold(addr, r.Address)) {
		return imap, pop, smtp, email // found for another address
	}
	if email == "" {
		email = r.Address
	}
	for _, k := range []autoconfig.Kind{autoconfig.IMAP, autoconfig.POP3} {
		if a, err := r.Account(k); err == nil {
			if k == autoconfig.IMAP {
				imap = a.Incoming
			} else {
				pop = a.Incoming
			}
			smtp = a.Outgoing
		}
	}
	if s, ok := r.BestOutgoing(); ok && smtp.Host == "" {
		smtp = tlsguide.Server{Host: s.Host, Port: s.Port, Security: tlsguide.STARTTLS}
		if s.Security == autoconfig.SSL {
			smtp.Security = tlsguide.SSL
		}
	}
	return imap, pop, smtp, email
}

// followFound puts found host names in the settings-file form, and keeps the incoming one
// matching the choice of IMAP or POP while the person has not typed their own.
func followFound(proto *widget.RadioGroup, imapChoice string, in, out *widget.Entry, imap, pop, smtp tlsguide.Server) {
	if smtp.Host != "" {
		out.SetText(smtp.Host)
	}
	if imap.Host == "" && pop.Host == "" {
		return
	}
	in.SetText(imap.Host)
	prev := proto.OnChanged
	proto.OnChanged = func(choice string) {
		if prev != nil {
			prev(choice)
		}
		if in.Text != imap.Host && in.Text != pop.Host || choice != imapChoice && pop.Host == "" {
			return // the person's own name, or no POP server was found: leave it
		}
		if choice == imapChoice {
			in.SetText(imap.Host)
		} else {
			in.SetText(pop.Host)
		}
	}
}
