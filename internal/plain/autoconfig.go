package plain

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/reportmail/reportmail/internal/autoconfig"
)

// FoundFrom says where found settings came from, in the words the Settings screen shows
// after "Found in" / "Found at": "your provider's settings", "autoconfig.example.com",
// "guessed and checked".
func FoundFrom(s autoconfig.Source) string {
	switch s.Kind {
	case autoconfig.FromProfile:
		return "your provider's settings"
	case autoconfig.FromAutoconfig, autoconfig.FromWellKnown:
		return s.Host
	case autoconfig.FromISPDB:
		return "Thunderbird's list of mail providers"
	case autoconfig.FromMX:
		if s.Host == "" || strings.HasPrefix(s.Host, "autoconfig.") {
			return s.Host + ", run by " + s.Domain + ", which receives your domain's mail"
		}
		return "Thunderbird's list of mail providers, for " + s.Domain + ", which receives your domain's mail"
	case autoconfig.Guessed:
		return "guessed and checked"
	case autoconfig.FromProbe:
		return "checked live on " + s.Host
	}
	return "a place Report Mail looked"
}

// FoundSentence is the one line above the servers found: where they came from and whether
// they were checked.
func FoundSentence(r autoconfig.Result) string {
	var from string
	switch r.Source.Kind {
	case autoconfig.FromProfile:
		from = "Found in your provider's settings"
	case autoconfig.Guessed:
		return "Guessed from the usual names and checked: these servers answered safely."
	case autoconfig.FromProbe:
		from = "Checked live on " + r.Source.Host
	default:
		from = "Found at " + FoundFrom(r.Source)
	}
	switch {
	case r.Checked():
		return from + ", and checked: the servers answered safely."
	case r.LiveChecked:
		// Often a network that blocks mail ports rather than a wrong setting.
		return from + ", but Report Mail could not check the servers from this computer: after saving, press Test connection."
	}
	return from + "."
}

// ServerLine names one server the way the mail program's settings ask for it:
// "Incoming (IMAP): imap.example.com, port 993, SSL/TLS".
func ServerLine(s autoconfig.Server) string {
	dir := "Outgoing (SMTP)"
	switch s.Kind {
	case autoconfig.IMAP:
		dir = "Incoming (IMAP)"
	case autoconfig.POP3:
		dir = "Incoming (POP)"
	}
	line := dir + ": " + s.Host + ", port " + strconv.Itoa(s.Port) + ", " + FoundSecurityWord(s.Security)
	if s.Username != "" {
		line += ", user name " + s.Username
	}
	return line
}

// FoundSecurityWord is the security setting as mail programs name it.
func FoundSecurityWord(s autoconfig.Security) string {
	switch s {
	case autoconfig.SSL:
		return "SSL/TLS"
	case autoconfig.STARTTLS:
		return "STARTTLS"
	}
	return "no encryption"
}

// UnsafeSentence says why servers the provider lists were left out; "" when none were.
func UnsafeSentence(r autoconfig.Result) string {
	switch n := len(r.Unsafe); n {
	case 0:
		return ""
	case 1:
		return "One server was left out because it would send your password without encryption."
	default:
		return fmt.Sprintf("%d servers were left out because they would send your password without encryption.", n)
	}
}

// DiscoverySentence words a failed "Find my settings" for the address the person typed.
func DiscoverySentence(addr string, err error) string {
	domain := addr[strings.LastIndexByte(addr, '@')+1:]
	var ae *autoconfig.AddressError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &ae):
		return "Enter your whole email address first, for example kate@example.co.nz."
	case errors.Is(err, context.DeadlineExceeded):
		return "Looking for your settings took too long: check the internet connection and try again, or enter the settings yourself."
	case errors.Is(err, context.Canceled):
		return "Stopped looking for your settings."
	case errors.Is(err, autoconfig.ErrNothingFound):
		return "Report Mail could not find safe settings for " + domain + ": ask whoever runs your email for the outgoing server's name, or enter it yourself."
	case errors.Is(err, autoconfig.ErrIncomplete):
		return "The settings found for " + domain + " have no safe incoming or outgoing server: ask whoever runs your email for the missing one."
	}
	return "Report Mail could not look up the settings for " + domain + ": enter them yourself, or try again later."
}
