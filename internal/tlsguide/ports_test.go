package tlsguide

import (
	"slices"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/provider"
)

// The ports table is the profile's: it once came from guide.json, so a provider's own
// profile could not change the ports the Mail set-up screen showed.
func TestTableIsTheProfiles(t *testing.T) {
	acme, err := provider.Parse([]byte(`{"name": "Acme IT", "support_address": "spam@acme.example.nz",
	  "hours": {"zone": "Pacific/Auckland", "days": ["Mon"], "open": "9:00", "close": "17:00"},
	  "ports": [{"service": "imap", "port": 993, "security": "ssl"},
	            {"service": "SMTP", "port": 465, "security": "ssl", "label": "SSL/TLS"},
	            {"service": "SMTP", "port": 2525, "security": "starttls"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		ports []provider.Port
		want  []Port
	}{
		{"none", nil, []Port{}},
		{"own", acme.Ports, []Port{
			{"IMAP", "incoming", 993, SSL, "Keeps your mailbox in step over a connection that is encrypted from the very start."},
			{"SMTP", "outgoing", 465, "SSL/TLS", "Sends your mail over a connection that is encrypted from the very start, then asks for your user name and password."},
			{"SMTP", "outgoing", 2525, STARTTLS, "Sends your mail: it turns on encryption, then asks for your user name and password."},
		}},
		{"SMX port 25 keeps its own words", provider.Default().PortsFor("SMTP")[1:], []Port{
			{"SMTP", "outgoing", 25, TLS, "The traditional mail port, encrypted the same way as 587. Many home and mobile internet providers block it, so choose 587 when you can."},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Table(c.ports); !slices.Equal(got, c.want) {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}

// Every protocol and security a profile may name has a sentence.
func TestEveryPortHasAnExplanation(t *testing.T) {
	for _, svc := range []string{"POP", "IMAP", "SMTP"} {
		for _, sec := range []string{provider.StartTLS, provider.SSL} {
			rows := Table([]provider.Port{{Service: svc, Port: 10000, Security: sec, Label: "x"}})
			if e := rows[0].Explanation; len(strings.Fields(e)) < 6 || !strings.HasSuffix(e, ".") {
				t.Errorf("%s %s: explanation %q", svc, sec, e)
			}
		}
	}
}

func TestPreferred(t *testing.T) {
	smx := provider.Default().Ports
	own := []provider.Port{
		{Service: "IMAP", Port: 1143, Security: provider.StartTLS},
		{Service: "POP", Port: 1110, Security: provider.StartTLS},
		{Service: "SMTP", Port: 465, Security: provider.SSL},
		{Service: "SMTP", Port: 587, Security: provider.StartTLS},
	}
	cases := []struct {
		name, service string
		ports         []provider.Port
		want          Server
	}{
		{"SMX IMAP: SSL", "IMAP", smx, Server{Port: 993, Security: SSL}},
		{"SMX POP: SSL", "POP", smx, Server{Port: 995, Security: SSL}},
		{"SMX SMTP: first", "SMTP", smx, Server{Port: 587, Security: STARTTLS}},
		{"own IMAP: the only one", "IMAP", own, Server{Port: 1143, Security: STARTTLS}},
		{"own POP", "pop", own, Server{Port: 1110, Security: STARTTLS}},
		{"own SMTP: first, even SSL", "SMTP", own, Server{Port: 465, Security: SSL}},
		{"no IMAP in the profile", "IMAP", nil, Server{Port: 993, Security: SSL}},
		{"no POP in the profile", "POP", nil, Server{Port: 995, Security: SSL}},
		{"no SMTP in the profile", "SMTP", nil, Server{Port: 587, Security: STARTTLS}},
	}
	for _, c := range cases {
		if got := Preferred(c.ports, c.service); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestServerNames(t *testing.T) {
	ask := "Your IT provider can tell you the names of your incoming and outgoing mail servers."
	stands := "In a server name, your-domain stands for the part of your email address after the @."
	in := ServerName{"Incoming mail server", "imap.example.co.nz", true}
	out := ServerName{"Outgoing mail server", "smtp.acme.example", true}
	cases := []struct {
		name, email string
		servers     provider.MailServers
		want        []ServerName
		notes       []string
	}{
		{"SMX: none, its hint", "", provider.Default().MailServers, nil, []string{provider.Default().MailServers.Hint}},
		{"none, no hint: ask", "", provider.MailServers{}, nil, []string{ask}},
		{"both, domain filled", "Jo@Example.CO.NZ", provider.MailServers{Incoming: "imap.{domain}", Outgoing: "smtp.acme.example"}, []ServerName{in, out}, nil},
		{"domain not known yet", "", provider.MailServers{Incoming: "imap.{domain}", Outgoing: "smtp.acme.example"},
			[]ServerName{{"Incoming mail server", "imap.your-domain", false}, out}, []string{stands}},
		{"one missing: its hint", "jo@example.co.nz", provider.MailServers{Outgoing: "smtp.acme.example", Hint: "Ask Acme for the other."}, []ServerName{out}, []string{"Ask Acme for the other."}},
		{"one missing, no hint", "jo@example.co.nz", provider.MailServers{Incoming: "imap.{domain}"}, []ServerName{in}, []string{ask}},
		{"one missing, one waiting", "", provider.MailServers{Incoming: "imap.{domain}"},
			[]ServerName{{"Incoming mail server", "imap.your-domain", false}}, []string{ask, stands}},
	}
	for _, c := range cases {
		names, notes := ServerNames(c.servers, c.email)
		if !slices.Equal(names, c.want) || !slices.Equal(notes, c.notes) {
			t.Errorf("%s: %+v %q\nwant %+v %q", c.name, names, notes, c.want, c.notes)
		}
	}
	m := provider.MailServers{Incoming: "imap.{domain}", Outgoing: "smtp.acme.example"}
	if got := ServerFor(m, "", false); got != "" {
		t.Errorf("incoming before the address is known: %q", got)
	}
	if got := ServerFor(m, "jo@example.co.nz", false); got != "imap.example.co.nz" {
		t.Errorf("incoming: %q", got)
	}
	if got := ServerFor(m, "", true); got != "smtp.acme.example" {
		t.Errorf("outgoing: %q", got)
	}
	if got := ServerFor(provider.Default().MailServers, "jo@example.co.nz", true); got != "" {
		t.Errorf("SMX outgoing: %q", got)
	}
}
