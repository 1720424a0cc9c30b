package plain

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/reportmail/reportmail/internal/mailmsg"
	"github.com/reportmail/reportmail/internal/probe"
)

// SecurityWord is the encryption setting as mail programs name it (Outlook, Thunderbird
// and Apple Mail all say "SSL/TLS" and "STARTTLS").
func SecurityWord(t probe.Target) string {
	if t.Implicit() {
		return "SSL/TLS"
	}
	return "STARTTLS"
}

// ProbeProblem is the message and the advice for one problem found on a port, each one
// plain sentence.
func ProbeProblem(p *probe.Problem, now time.Time) (message, advice string) {
	m, a := probeWords(p, now)
	return capitalise(m) + ".", capitalise(a) + "."
}

// ProbePort is the one sentence shown beside a port: that it is safe and how to set it,
// or its worst problem and what to do.
func ProbePort(r probe.Result, now time.Time) string {
	var worst *probe.Problem
	for _, p := range r.Problems {
		if worst == nil || p.Severity > worst.Severity {
			worst = p
		}
	}
	if worst == nil {
		return fmt.Sprintf("Safe to use: %s, port %d, %s.", r.Service(), r.Port, SecurityWord(r.Target))
	}
	m, a := probeWords(worst, now)
	if worst.Severity == probe.SeverityWarning {
		return fmt.Sprintf("Usable with %s, but %s: %s.", SecurityWord(r.Target), probeLower(m), a)
	}
	return capitalise(m) + ": " + a + "."
}

// ProbeRecommended names the pair of ports to enter, or says which way has none.
func ProbeRecommended(rep probe.Report) string {
	in, out := rep.Recommended.Incoming, rep.Recommended.Outgoing
	set := func(r *probe.Result) string {
		return fmt.Sprintf("%s, port %d, %s", r.Service(), r.Port, SecurityWord(r.Target))
	}
	switch {
	case in != nil && out != nil:
		return fmt.Sprintf("In your mail program use %s for incoming mail and %s for outgoing mail.", set(in), set(out))
	case in != nil:
		return fmt.Sprintf("Use %s for incoming mail, but no port checked is safe for sending mail: show the details to whoever runs the server.", set(in))
	case out != nil:
		return fmt.Sprintf("Use %s for outgoing mail, but no port checked is safe for fetching mail: show the details to whoever runs the server.", set(out))
	}
	return "No port checked on this server is safe to use: show the details to whoever runs the server."
}

// ProbeVerdictWord is the table's word for a verdict.
func ProbeVerdictWord(v probe.Verdict) string {
	switch v {
	case probe.Good:
		return "Safe"
	case probe.Warning:
		return "Safe, with a warning"
	case probe.Bad:
		return "Not safe"
	}
	return "Not answering"
}

// ProbeError is the sentence for a check that could not start.
func ProbeError(err error) string {
	var oe *probe.OptionsError
	switch {
	case errors.As(err, &oe) && oe.Field == "host":
		if errors.Is(err, probe.ErrNoHost) {
			return "Type the name of your mail server, for example mail.example.com."
		}
		return fmt.Sprintf("“%s” is not a server name: type it as your mail program shows it, for example mail.example.com.", oe.Value)
	case errors.As(err, &oe):
		return fmt.Sprintf("“%s” is not a port to check: write them like imaps:993,submission:587.", oe.Value)
	case errors.Is(err, probe.ErrHostNotFound):
		return "There is no mail server by that name: check the name for typing mistakes."
	case errors.Is(err, probe.ErrLookupFailed):
		return "Report Mail could not look the server name up: check that this computer is connected to the internet and try again."
	}
	return Sentence(err)
}

func probeWords(p *probe.Problem, now time.Time) (message, advice string) {
	const owner = "tell whoever runs the server"
	const other = "choose another port that is marked safe instead"
	switch p.Code {
	case probe.CodeRefused:
		return fmt.Sprintf("nothing answers on port %d", p.Port), "this server does not use that port, so " + other
	case probe.CodeNoRoute:
		return fmt.Sprintf("port %d could not be reached", p.Port), "check the server name, or ask whoever runs the server whether a firewall blocks this port"
	case probe.CodeHostUnknown:
		return "there is no server by that name", "check the server name for typing mistakes"
	case probe.CodeSilent:
		if p.Security == "SSL" {
			return fmt.Sprintf("the server took the connection on port %d but never started a secure connection", p.Port), owner + ", and " + other
		}
		return fmt.Sprintf("the server took the connection on port %d but never answered", p.Port), "if this port is meant for SSL/TLS set that instead, otherwise " + owner
	case probe.CodeHungUp:
		return fmt.Sprintf("the server on port %d ended the connection before the check was done", p.Port), "try again later, and " + owner + " if it keeps happening"
	case probe.CodeNoReply:
		return fmt.Sprintf("the server on port %d stopped answering in the middle of the check", p.Port), "try again later, and " + owner + " if it keeps happening"
	case probe.CodeNotMail:
		return fmt.Sprintf("port %d does not answer like a mail server", p.Port), "check the port number in your mail program's settings"
	case probe.CodeRejected:
		return fmt.Sprintf("the server on port %d turned the connection away", p.Port), "ask whoever runs the server whether your network may use it"
	case probe.CodeNotTLS:
		return fmt.Sprintf("port %d does not use SSL/TLS", p.Port), "set the security for this port to STARTTLS instead"
	case probe.CodeNoStartTLS:
		return fmt.Sprintf("port %d cannot encrypt the connection, so your password would travel unprotected", p.Port), other
	case probe.CodeStartTLSRefused:
		return fmt.Sprintf("the server on port %d offers encryption but then refuses to start it", p.Port), owner + ", and " + other
	case probe.CodeTLSFailed:
		return fmt.Sprintf("your computer and the server on port %d could not agree on a secure connection", p.Port), owner + ", and " + other
	case probe.CodeOldTLS:
		return fmt.Sprintf("the server on port %d only offers out-of-date encryption", p.Port), owner + " to turn on TLS 1.2 or newer"
	case probe.CodeExpired:
		return "your server's certificate ran out on " + probeDay(p.Date, now), owner + " to renew it"
	case probe.CodeNotYetValid:
		return "your server's certificate only becomes valid on " + probeDay(p.Date, now), "check that this computer's date is right, then " + owner
	case probe.CodeExpiresSoon:
		return fmt.Sprintf("your server's certificate runs out in %d day%s, on %s", p.Days, plural(p.Days), probeDay(p.Date, now)), owner + " to renew it soon"
	case probe.CodeUntrusted:
		return "your server's certificate does not come from an authority this computer trusts", "if your IT provider gave you a certificate file, load it; otherwise " + owner
	case probe.CodeWrongHost:
		return fmt.Sprintf("your server's certificate is for %s, not for %s", probeNames(p.Hosts), clip(mailmsg.OneLine(p.Host))), "use the server name the certificate is for, or " + owner
	case probe.CodeAuthInClear, probe.CodeLoginInClear:
		m := fmt.Sprintf("port %d offers to take your password before the connection is encrypted", p.Port)
		if p.Severity == probe.SeverityBad {
			return m, other
		}
		return m, "set your mail program to STARTTLS so the password is only sent encrypted, and " + owner
	case probe.CodeNoAuthOutgoing:
		return fmt.Sprintf("port %d offers no way to sign in, so it may refuse to send your mail", p.Port), "use port 587 or 465 if one is marked safe"
	}
	return fmt.Sprintf("port %d did not pass the check", p.Port), owner
}

// probeDay is "3 March", with the year when it is not this year's.
func probeDay(t time.Time, now time.Time) string {
	t = t.Local()
	if t.Year() != now.Local().Year() {
		return t.Format("2 January 2006")
	}
	return t.Format("2 January")
}

func probeNames(hosts []string) string {
	if len(hosts) == 0 {
		return "another server"
	}
	out := make([]string, 0, 2)
	for _, h := range hosts[:min(2, len(hosts))] {
		out = append(out, clip(mailmsg.OneLine(h)))
	}
	s := strings.Join(out, " and ")
	if len(hosts) > 2 {
		s += " and others"
	}
	return s
}

// probeLower starts a sentence part in lower case, leaving a name such as SSL/TLS alone.
func probeLower(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if unicode.IsUpper(r) && !strings.HasPrefix(s, "SSL") {
		return string(unicode.ToLower(r)) + s[n:]
	}
	return s
}

// Port465Note goes beside the ports table when it lists 587 but not 465: RFC 8314 made
// implicit TLS on 465 a standard way to send again, and many servers offer it.
const Port465Note = "Many servers also take outgoing mail on port 465 with SSL/TLS, which is encrypted from the first byte: it is as safe as port 587 with STARTTLS."
