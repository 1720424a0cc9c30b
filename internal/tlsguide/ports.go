package tlsguide

import (
	"strings"

	"github.com/reportmail/reportmail/internal/provider"
)

// Port is one row of the ports table.
type Port struct {
	Protocol    string // "POP", "IMAP", "SMTP"
	Direction   string // "incoming" or "outgoing"
	Port        int
	Security    Security // the word mail programs show: the profile's label ("TLS" for SMTP 25)
	Explanation string   // one sentence on what the port is for
}

// explanation is guide.json's sentence for a port; Port 0 is the one for any other port
// with that protocol and security.
type explanation struct {
	Protocol string `json:"protocol"`
	Port     int    `json:"port,omitempty"`
	Security string `json:"security"` // provider.StartTLS or provider.SSL
	Text     string `json:"text"`
}

// Table is the ports table for a provider's ports (provider.Profile.Ports), in the
// profile's order, each with what it is for.
func Table(ports []provider.Port) []Port {
	d, _ := load()
	out := make([]Port, 0, len(ports))
	for _, p := range ports {
		dir := "incoming"
		if strings.EqualFold(p.Service, "SMTP") {
			dir = "outgoing"
		}
		out = append(out, Port{Protocol: p.Service, Direction: dir, Port: p.Port,
			Security: Security(p.Label), Explanation: d.explain(p)})
	}
	return out
}

func (d data) explain(p provider.Port) string {
	generic := ""
	for _, e := range d.Explanations {
		if !strings.EqualFold(e.Protocol, p.Service) || e.Security != p.Security {
			continue
		}
		if e.Port == p.Port {
			return e.Text
		}
		if e.Port == 0 {
			generic = e.Text
		}
	}
	return generic
}

// Preferred is the port a settings file uses for one service ("IMAP", "POP" or "SMTP"):
// for fetching mail the profile's first SSL port (encrypted from the first byte), else its
// first; for sending the profile's first, since a profile lists the submission port before
// port 25, which many internet providers block. With no port for the service in the
// profile it is the standard one (RFC 8314: 993 and 995 with SSL; RFC 6409: 587 with
// STARTTLS), which every provider we know of offers.
func Preferred(ports []provider.Port, service string) Server {
	var first *provider.Port
	for i := range ports {
		p := &ports[i]
		if !strings.EqualFold(p.Service, service) {
			continue
		}
		if first == nil {
			first = p
		}
		if !strings.EqualFold(service, "SMTP") && p.Security == provider.SSL {
			first = p
			break
		}
	}
	if first == nil {
		switch strings.ToUpper(service) {
		case "IMAP":
			return Server{Port: 993, Security: SSL}
		case "POP":
			return Server{Port: 995, Security: SSL}
		}
		return Server{Port: 587, Security: STARTTLS}
	}
	s := Server{Port: first.Port, Security: STARTTLS}
	if first.Security == provider.SSL {
		s.Security = SSL
	}
	return s
}

// ServerName is one mail server name to show.
type ServerName struct {
	Label string // "Incoming mail server"
	Host  string
	// Complete is false while Host still holds the profile's "{domain}" placeholder (shown
	// as "your-domain"): not worth copying yet.
	Complete bool
}

// ServerNames are the profile's server names with the user's mail domain filled in (email
// may be empty), and the sentences to show under them: for a missing name the profile's
// hint, or "ask your IT provider"; for a name still waiting for the domain, what
// "your-domain" stands for.
func ServerNames(m provider.MailServers, email string) (names []ServerName, notes []string) {
	domain := ""
	if at := strings.LastIndexByte(email, '@'); at >= 0 {
		domain = strings.TrimSpace(email[at+1:])
	}
	filled := m
	if domain != "" {
		filled = m.Fill(domain)
	}
	missing, partial := false, false
	for _, s := range []struct{ label, raw, host string }{
		{"Incoming mail server", m.Incoming, filled.Incoming},
		{"Outgoing mail server", m.Outgoing, filled.Outgoing},
	} {
		if s.raw == "" {
			missing = true
			continue
		}
		complete := !strings.Contains(s.host, "{domain}")
		partial = partial || !complete
		names = append(names, ServerName{Label: s.label, Complete: complete,
			Host: strings.ReplaceAll(s.host, "{domain}", "your-domain")})
	}
	d, _ := load()
	if missing {
		hint := m.Hint
		if hint == "" {
			hint = d.ServerHint
		}
		notes = append(notes, hint)
	}
	if partial {
		notes = append(notes, d.DomainHint)
	}
	return names, notes
}

// ServerFor is the host a settings file form starts with: the profile's name for the
// server with the user's domain filled in, or "" when the profile has none or the domain
// is not known yet.
func ServerFor(m provider.MailServers, email string, outgoing bool) string {
	names, _ := ServerNames(m, email)
	label := "Incoming mail server"
	if outgoing {
		label = "Outgoing mail server"
	}
	for _, n := range names {
		if n.Label == label && n.Complete {
			return n.Host
		}
	}
	return ""
}
