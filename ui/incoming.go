package ui

import (
	"strconv"
	"strings"

	"github.com/reportmail/reportmail/internal/autoconfig"
	"github.com/reportmail/reportmail/internal/mailbox"
	"github.com/reportmail/reportmail/internal/send"
)

// incomingAccount is the person's incoming (IMAP) mailbox, read to choose the original
// straight from it. Like the sending account it lives in the preferences without its
// password, which goes to the keychain through the same store.
type incomingAccount struct {
	Host     string
	Port     int
	Security send.Security // Implicit (993) or StartTLS (143): there is no plaintext mode
	Username string        // "" means the sending account's user name
}

const (
	prefInHost     = "incoming.host"
	prefInPort     = "incoming.port"
	prefInSecurity = "incoming.security"
	prefInUsername = "incoming.username"
)

func (u *UI) incoming() incomingAccount {
	p := u.app.Preferences()
	return incomingAccount{
		Host:     p.String(prefInHost),
		Port:     p.IntWithFallback(prefInPort, 993),
		Security: send.Security(p.IntWithFallback(prefInSecurity, int(send.Implicit))),
		Username: p.String(prefInUsername),
	}
}

func (u *UI) saveIncoming(a incomingAccount) {
	p := u.app.Preferences()
	p.SetString(prefInHost, a.Host)
	p.SetInt(prefInPort, a.Port)
	p.SetInt(prefInSecurity, int(a.Security))
	p.SetString(prefInUsername, a.Username)
	u.dropMailboxSession() // the next look signs in with the new settings
}

func (a incomingAccount) configured() bool { return a.Host != "" && a.Port > 0 }

// mailTarget is how to reach the person's mailbox: the incoming account with its password
// (acc names it for the keychain and the password prompt), or a signed-in account's token.
type mailTarget struct {
	cfg   mailbox.Config
	acc   account
	token bool
}

// key tells two targets apart, so a session opened for old settings is not reused.
func (t mailTarget) key() string {
	return strconv.FormatBool(t.token) + " " + t.cfg.Username + "@" + t.cfg.Host + ":" + strconv.Itoa(t.cfg.Port) + " " + strconv.Itoa(int(t.cfg.Security))
}

// mailTarget is the mailbox to read, false when none is set up. A sign-in with Microsoft
// 365 or Google reads its own mailbox with the token; otherwise the incoming account of
// Settings. Call it on the UI goroutine.
func (u *UI) mailTarget() (mailTarget, bool) {
	sending := u.account()
	if cfg, ok := u.tokenMailbox(sending); ok {
		return mailTarget{cfg: cfg, acc: sending, token: true}, true
	}
	in := u.incoming()
	if !in.configured() {
		return mailTarget{}, false
	}
	acc := u.incomingAsAccount(in)
	return mailTarget{
		// RootCAs is filled off the UI goroutine (withRoots): the kept certificate is a file.
		cfg: mailbox.Config{Host: in.Host, Port: in.Port, Security: in.Security, Username: usernameOf(acc),
			Timeout: u.mbox.timeout},
		acc: acc,
	}, true
}

// incomingAsAccount is the incoming account in the shape the password prompt and the
// keychain use: its key (user@host:port) differs from the sending one's by the port even on
// one server, so the two passwords never overwrite each other.
func (u *UI) incomingAsAccount(in incomingAccount) account {
	sending := u.account()
	user := in.Username
	if user == "" {
		user = usernameOf(sending)
	}
	return account{Address: sending.Address, Host: in.Host, Port: in.Port, Security: in.Security, Username: user}
}

// guessIncoming is what the incoming form starts with when nothing is saved: the IMAP
// server "Find my settings" found, else a guess from the sending server's name (smtp.x is
// usually imap.x; a mail.x host usually serves both), else imap. and the address's domain.
// found says the server came from "Find my settings" rather than from a guess.
func (u *UI) guessIncoming() (g incomingAccount, found bool) {
	sending := u.account()
	g = incomingAccount{Port: 993, Security: send.Implicit, Username: sending.Username}
	if r := u.auto.found; r != nil {
		for _, s := range r.Incoming {
			if s.Kind != autoconfig.IMAP {
				continue
			}
			g.Host, g.Port = s.Host, s.Port
			if s.Security != autoconfig.SSL {
				g.Security = send.StartTLS
			}
			if s.Username != "" {
				g.Username = s.Username
			}
			return g, true
		}
	}
	host := strings.ToLower(sending.Host)
	switch {
	case strings.HasPrefix(host, "smtp."):
		g.Host = "imap." + strings.TrimPrefix(host, "smtp.")
	case strings.HasPrefix(host, "mail."):
		g.Host = host
	default:
		if _, domain, ok := strings.Cut(sending.Address, "@"); ok && domain != "" {
			g.Host = "imap." + strings.ToLower(domain)
		}
	}
	return g, false
}

// withRoots adds the authorities servers are checked against, off the UI goroutine.
func (u *UI) withRoots(t mailTarget) mailTarget {
	if t.cfg.RootCAs == nil {
		t.cfg.RootCAs = u.serverRoots()
	}
	return t
}
