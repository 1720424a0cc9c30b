package autoconfig

import (
	"strings"

	"github.com/reportmail/reportmail/internal/tlsguide"
)

// Account is what the Thunderbird and Apple settings files are made from: the recommended
// incoming server of kind want (IMAP or POP3; "" for the best of either) and the recommended
// outgoing server, with the sign-in name the file gave. It is ErrIncomplete when either is
// missing. The servers are the ones found, never unencrypted ones.
func (r Result) Account(want Kind) (tlsguide.Account, error) {
	var in Server
	var ok bool
	if want == "" {
		in, ok = r.BestIncoming()
	} else {
		in, ok = best(ofKind(r.Incoming, want))
	}
	out, okOut := r.BestOutgoing()
	if !ok || !okOut {
		return tlsguide.Account{}, ErrIncomplete
	}
	a := tlsguide.Account{
		Email:    r.Address,
		Protocol: tlsguide.IMAP,
		Incoming: guideServer(in),
		Outgoing: guideServer(out),
	}
	if in.Kind == POP3 {
		a.Protocol = tlsguide.POP
	}
	// A settings file has one sign-in name for both servers; the incoming server's is the
	// one a provider spells out most carefully. The address itself is the files' default.
	user := in.Username
	if user == "" {
		user = out.Username
	}
	if !strings.EqualFold(user, r.Address) {
		a.Username = user
	}
	return a, nil
}

// Has reports whether an incoming server of kind k was found.
func (r Result) Has(k Kind) bool { return len(ofKind(r.Incoming, k)) > 0 }

func ofKind(list []Server, k Kind) []Server {
	var out []Server
	for _, s := range list {
		if s.Kind == k {
			out = append(out, s)
		}
	}
	return out
}

func guideServer(s Server) tlsguide.Server {
	sec := tlsguide.STARTTLS
	if s.Security == SSL {
		sec = tlsguide.SSL
	}
	return tlsguide.Server{Host: s.Host, Port: s.Port, Security: sec}
}
