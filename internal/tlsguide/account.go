package tlsguide

import (
	"errors"
	"fmt"
	"strings"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// Protocol is how incoming mail is fetched.
type Protocol string

const (
	IMAP Protocol = "IMAP"
	POP  Protocol = "POP"
)

// Server is one mail server a program connects to.
type Server struct {
	Host     string
	Port     int
	Security Security // STARTTLS or SSL; TLS is read as STARTTLS
}

// Account is what a settings file describes. It never holds a password: settings files get
// emailed around and left in Downloads, so the mail program asks for the password itself.
type Account struct {
	Email    string   // the user's address
	Name     string   // the user's name as shown to recipients; optional
	Username string   // sign-in name for both servers; the address when empty
	Protocol Protocol // IMAP or POP
	Incoming Server
	Outgoing Server // SMTP
}

// ErrAccount is wrapped by every *AccountError.
var ErrAccount = errors.New("the mail settings are incomplete or not safe to export")

// AccountError names the setting that stops a settings file being written.
type AccountError struct {
	Field string // "Email", "Protocol", "Incoming.Host", "Outgoing.Security", …
	Why   string
}

func (e *AccountError) Error() string { return "mail settings: " + e.Field + ": " + e.Why }
func (e *AccountError) Unwrap() error { return ErrAccount }

// checked is an Account validated and with defaults filled in.
type checked struct {
	Account
	domain string
}

func (a Account) check() (checked, error) {
	addr, err := mailmsg.ParseTypedAddress(strings.TrimSpace(a.Email))
	if err != nil || addr.Name != "" {
		return checked{}, &AccountError{"Email", "not an email address"}
	}
	at := strings.LastIndexByte(addr.Address, '@')
	c := checked{Account: a, domain: strings.ToLower(addr.Address[at+1:])}
	c.Email = addr.Address
	c.Name = strings.TrimSpace(a.Name)
	c.Username = strings.TrimSpace(a.Username)
	if c.Username == "" {
		c.Username = c.Email
	}
	switch Protocol(strings.ToUpper(string(a.Protocol))) {
	case IMAP, "":
		c.Protocol = IMAP
	case POP, "POP3":
		c.Protocol = POP
	default:
		return checked{}, &AccountError{"Protocol", fmt.Sprintf("%q is not IMAP or POP", a.Protocol)}
	}
	if c.Incoming, err = checkServer("Incoming", a.Incoming); err != nil {
		return checked{}, err
	}
	if c.Outgoing, err = checkServer("Outgoing", a.Outgoing); err != nil {
		return checked{}, err
	}
	return c, nil
}

func checkServer(field string, s Server) (Server, error) {
	s.Host = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s.Host)), ".")
	if s.Host == "" || len(s.Host) > 253 || strings.ContainsAny(s.Host, " \t/:@<>&\"'") {
		return Server{}, &AccountError{field + ".Host", "not a server name"}
	}
	if s.Port < 1 || s.Port > 65535 {
		return Server{}, &AccountError{field + ".Port", "not a port number"}
	}
	switch Security(strings.ToUpper(string(s.Security))) {
	case STARTTLS, TLS:
		s.Security = STARTTLS
	case SSL, "SSL/TLS":
		s.Security = SSL
	default:
		// A file that sets up an unencrypted connection would undo what the guide is for.
		return Server{}, &AccountError{field + ".Security", "must be STARTTLS or SSL"}
	}
	return s, nil
}
