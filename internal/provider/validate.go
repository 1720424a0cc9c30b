package provider

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"github.com/reportmail/reportmail/internal/hours"
	"github.com/reportmail/reportmail/internal/mailmsg"
)

// validate checks what a wrong value would silently break: reports to a bad address, hours
// in a zone that does not load, ports a mail program would refuse.
func validate(p *Profile) error {
	bad := func(field, format string, args ...any) error {
		return &Error{Kind: ErrInvalid, Field: field, Problem: fmt.Sprintf(format, args...)}
	}
	if strings.TrimSpace(p.Name) == "" || hasControl(p.Name) {
		return bad("name", "the provider needs a name people will recognise")
	}
	if !ValidAddress(p.SupportAddress) {
		return bad("support_address", "the support address %q is not an email address like help@example.com", p.SupportAddress)
	}
	for i, ph := range p.Phones {
		if strings.TrimSpace(ph.Label) == "" || !validPhone(ph.Number) {
			return bad(fmt.Sprintf("phones[%d]", i), "phone number %d (%q) needs a label and a number made of digits, spaces and a leading +", i+1, ph.Number)
		}
	}
	if err := validateHours(p.Hours); err != nil {
		return err
	}
	if p.StatusURL != "" {
		u, err := url.Parse(p.StatusURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return bad("status_url", "the status page %q is not a web address starting with https://", p.StatusURL)
		}
	}
	for _, f := range []struct{ field, host string }{
		{"mail_servers.incoming", p.MailServers.Incoming},
		{"mail_servers.outgoing", p.MailServers.Outgoing},
	} {
		if f.host != "" && !validHost(f.host) {
			return bad(f.field, "the server name %q is not a host name like mail.example.com", f.host)
		}
	}
	for i := range p.Ports {
		pt := &p.Ports[i]
		pt.Service = strings.ToUpper(strings.TrimSpace(pt.Service))
		pt.Security = strings.ToLower(strings.TrimSpace(pt.Security))
		switch {
		case pt.Service != "POP" && pt.Service != "IMAP" && pt.Service != "SMTP":
			return bad(fmt.Sprintf("ports[%d].service", i), "port entry %d is for %q; it must be POP, IMAP or SMTP", i+1, pt.Service)
		case pt.Port < 1 || pt.Port > 65535:
			return bad(fmt.Sprintf("ports[%d].port", i), "port entry %d has port number %d; it must be between 1 and 65535", i+1, pt.Port)
		case pt.Security != StartTLS && pt.Security != SSL:
			return bad(fmt.Sprintf("ports[%d].security", i), "port entry %d has security %q; it must be \"starttls\" or \"ssl\" (this app never sets up unencrypted mail)", i+1, pt.Security)
		}
		if pt.Label == "" {
			pt.Label = map[string]string{StartTLS: "STARTTLS", SSL: "SSL"}[pt.Security]
		}
	}
	if err := validateOAuth(p.OAuth); err != nil {
		return err
	}
	for _, kind := range []string{"false-negative", "false-positive", "virus"} {
		if prefix := p.SubjectPrefixes.For(kind); !validPrefix(prefix) {
			return bad("subject_prefixes."+kind, "the subject words %q should be up to 40 plain letters, digits and spaces, without a colon", prefix)
		}
	}
	return validateReplies(p)
}

func validateHours(h Hours) error {
	bad := func(field, format string, args ...any) error {
		return &Error{Kind: ErrInvalid, Field: "hours." + field, Problem: fmt.Sprintf(format, args...)}
	}
	if _, err := h.Location(); err != nil {
		return bad("zone", "the time zone %q is not known; use a name like \"Pacific/Auckland\"", h.Zone)
	}
	if len(h.Days) == 0 {
		return bad("days", "the opening days are missing; list them like [\"Mon\", \"Tue\"]")
	}
	for _, d := range h.Days {
		if _, ok := weekdays[strings.ToLower(d)]; !ok {
			return bad("days", "%q is not a day; use Mon, Tue, Wed, Thu, Fri, Sat or Sun", d)
		}
	}
	open, err := minutes(h.Open)
	if err != nil {
		return bad("open", "the opening time %v", err)
	}
	close, err := minutes(h.Close)
	if err != nil {
		return bad("close", "the closing time %v", err)
	}
	if close <= open {
		return bad("close", "the desk closes (%s) before it opens (%s)", h.Close, h.Open)
	}
	// The hours package knows only some countries' holidays; a code it does not know would
	// load here and then leave the support screen unable to say whether the desk is open.
	if _, ok := hours.CalendarByID(h.Holidays); !ok {
		return bad("holidays", "%q is not a country whose public holidays Report Mail knows; use \"nz\" or leave it out", h.Holidays)
	}
	// Whatever the checks above miss, the support screen's own reading must accept.
	if err := h.Schedule().Check(); err != nil {
		return &Error{Kind: ErrInvalid, Field: "hours", Err: err,
			Problem: "the support hours cannot be worked out; check the zone, days, opening and closing times"}
	}
	return nil
}

// ValidAddress reports whether s is a bare, plain-ASCII email address with a real domain
// (one with a dot, not an IP literal): the kind a report can safely be sent to.
func ValidAddress(s string) bool {
	if s == "" || len(s) > 254 || !isPrintableASCII(s) {
		return false
	}
	a, err := mailmsg.ParseTypedAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return false
	}
	domain := s[strings.LastIndexByte(s, '@')+1:]
	return validHost(domain) && strings.Contains(domain, ".")
}

func validHost(h string) bool {
	if h == "" || len(h) > 253 || strings.HasPrefix(h, ".") || strings.HasSuffix(h, ".") || strings.Contains(h, "..") {
		return false
	}
	for _, r := range strings.ReplaceAll(h, "{domain}", "x") {
		if !(r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-')) {
			return false
		}
	}
	return true
}

func validPhone(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ', r == '-', r == '(', r == ')', r == '.':
		default:
			return false
		}
	}
	return digits >= 3
}

func validPrefix(s string) bool {
	return s != "" && len(s) <= 40 && isPrintableASCII(s) && !strings.Contains(s, ":") &&
		strings.TrimSpace(s) == s
}

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

func hasControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}
