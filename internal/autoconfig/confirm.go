package autoconfig

import (
	"context"
	"crypto/x509"
	"time"

	"github.com/reportmail/reportmail/internal/probe"
)

// ProbeConfirmer checks servers with the live probe: connect, encrypt, read what the server
// offers, never send a credential. A server is confirmed when the probe calls its port good
// or a warning (usable, with something to tell whoever runs it). roots are the authorities
// the mail servers' certificates are checked against (nil: the system's); timeout bounds
// each port (0: the probe's default).
func ProbeConfirmer(roots *x509.CertPool, timeout time.Duration) Confirmer {
	return func(ctx context.Context, host string, servers []Server) []bool {
		ok := make([]bool, len(servers))
		targets := make([]probe.Target, len(servers))
		for i, s := range servers {
			targets[i] = Target(s)
		}
		rep, err := probe.Run(ctx, probe.Options{Host: host, Ports: targets, Roots: roots, Timeout: timeout})
		if err != nil {
			return ok // the name does not resolve, or the check could not start: nothing confirmed
		}
		for i, r := range rep.Results {
			if i < len(ok) {
				ok[i] = r.Safe()
			}
		}
		return ok
	}
}

// Target is the probe's name for how s is reached.
func Target(s Server) probe.Target {
	t := probe.Target{Port: s.Port}
	switch {
	case s.Kind == IMAP && s.Security == SSL:
		t.Proto = probe.IMAPS
	case s.Kind == IMAP:
		t.Proto = probe.IMAP
	case s.Kind == POP3 && s.Security == SSL:
		t.Proto = probe.POP3S
	case s.Kind == POP3:
		t.Proto = probe.POP3
	case s.Security == SSL:
		t.Proto = probe.Submissions
	case s.Port == 25:
		t.Proto = probe.SMTP // the relay port: sending mail programs rarely get AUTH there
	default:
		t.Proto = probe.Submission
	}
	return t
}

// FromReport turns a live check of host (the Mail set-up screen's "Check my mail server")
// into a Result for addr, so settings files use what was checked: the probe's recommended
// incoming and outgoing ports on that host first, then its other safe ports.
func FromReport(addr string, rep probe.Report) Result {
	r := Result{Address: addr, Source: Source{Kind: FromProbe, Host: rep.Host}, LiveChecked: true}
	if _, domain, ok := splitAddress(addr); ok {
		r.Source.Domain = domain
	}
	add := func(res *probe.Result) {
		if res == nil || !res.Safe() {
			return
		}
		s := Server{Host: rep.Host, Port: res.Port, Security: STARTTLS, Checked: true}
		if res.Implicit() {
			s.Security = SSL
		}
		switch res.Proto {
		case probe.IMAP, probe.IMAPS:
			s.Kind = IMAP
		case probe.POP3, probe.POP3S:
			s.Kind = POP3
		default:
			s.Kind = SMTP
		}
		if s.Kind.Incoming() {
			r.Incoming = append(r.Incoming, s)
		} else {
			r.Outgoing = append(r.Outgoing, s)
		}
	}
	add(rep.Recommended.Incoming)
	add(rep.Recommended.Outgoing)
	for i := range rep.Results {
		if t := rep.Results[i].Target; !isTarget(rep.Recommended.Incoming, t) && !isTarget(rep.Recommended.Outgoing, t) {
			add(&rep.Results[i])
		}
	}
	r.Incoming = preferIncoming(r.Incoming)
	return r
}

func isTarget(r *probe.Result, t probe.Target) bool { return r != nil && r.Target == t }
