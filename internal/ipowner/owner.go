// Package ipowner finds who owns an IP address: its reverse DNS name (and whether that
// name points back), and from RDAP (RFC 9082/9083) the network, the holder and the holder's
// abuse desk. That is the first step of clearing a blocklist listing: the network's owner
// is who a list such as Spamhaus SBL deals with.
package ipowner

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// Errors of the RDAP look-up (each has a plain sentence, see Plain).
var (
	ErrBootstrap       = &Error{"the RDAP bootstrap file cannot be read", "The list of address registries cannot be read."}
	ErrServerURL       = &Error{"RDAP server URL", "The RDAP server must be given as a web address such as https://rdap.example.net/."}
	ErrNotFound        = &Error{"RDAP: no such network", "The address registry has no record of this address."}
	ErrRDAPTimeout     = &Error{"RDAP: timed out", "The address registry did not answer in time; try again later."}
	ErrRDAPUnreachable = &Error{"RDAP: unreachable", "The address registry could not be reached; check the internet connection and try again."}
	ErrRDAPReply       = &Error{"RDAP: unreadable reply", "The address registry's answer could not be read; try again later."}
)

// Error is one of the errors above.
type Error struct{ msg, plain string }

func (e *Error) Error() string { return "ipowner: " + e.msg }

// Plain is the sentence a person reads (internal/plain uses it).
func (e *Error) Plain() string { return e.plain }

// Owner is what is known about who holds an address.
type Owner struct {
	Network      string `json:"network"`      // "192.0.2.0/24"
	NetworkName  string `json:"network_name"` // the registry's name for it
	Organisation string `json:"organisation"`
	AbuseEmail   string `json:"abuse_email"`
	Source       string `json:"source"`      // "rdap", "dns" (reverse DNS only) or ""
	Server       string `json:"rdap_server"` // the RDAP server asked
	PTR          string `json:"ptr"`         // reverse DNS name
	PTRConfirmed bool   `json:"ptr_confirmed"`
	Problem      string `json:"problem,omitempty"` // plain words when the registry could not tell
	Err          error  `json:"-"`
}

// Config says how to look.
type Config struct {
	Resolver  *net.Resolver // nil: the system's, through Go's resolver
	Bootstrap *Bootstrap    // nil: Builtin()
	Client    *http.Client  // nil: https with redirects to https only
	Timeout   time.Duration // each of reverse DNS and RDAP; 0: 10 s
}

// Lookup asks reverse DNS and RDAP at the same time. It always returns what it found;
// Err (and Problem) say why the registry part is missing.
func Lookup(ctx context.Context, cfg Config, a netip.Addr) Owner {
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	r := cfg.Resolver
	if r == nil {
		r = &net.Resolver{PreferGo: true}
	}
	b := cfg.Bootstrap
	if b == nil {
		b = Builtin()
	}
	client := cfg.Client
	if client == nil {
		client = newClient(timeout)
	}
	var o Owner
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		o.PTR, o.PTRConfirmed = reverse(ctx, r, a)
	}()
	var n *ipNetwork
	var err error
	base := b.base(a)
	if base == "" {
		err = ErrNotFound
	} else {
		rctx, cancel := context.WithTimeout(ctx, timeout)
		n, err = fetch(rctx, client, base, a)
		cancel()
	}
	wg.Wait()
	o.Server = base
	if err != nil {
		o.Err = err
		var e *Error
		if errors.As(err, &e) {
			o.Problem = e.plain
		}
		if o.PTR != "" {
			o.Source = "dns"
		}
		return o
	}
	clean := func(s string) string { return mailmsg.Shorten(mailmsg.OneLine(s), 200) }
	o.Source = "rdap"
	o.Network = clean(n.network())
	o.NetworkName = clean(n.Name)
	o.Organisation = clean(n.organisation())
	o.AbuseEmail = clean(n.abuseEmail())
	if !mailmsg.PlausibleAddress(o.AbuseEmail) {
		o.AbuseEmail = ""
	}
	return o
}

// reverse reads the PTR name and whether it resolves back to a ("forward-confirmed").
func reverse(ctx context.Context, r *net.Resolver, a netip.Addr) (string, bool) {
	names, err := r.LookupAddr(ctx, a.String())
	if err != nil || len(names) == 0 {
		return "", false
	}
	first := strings.TrimSuffix(strings.ToLower(names[0]), ".")
	for i, name := range names {
		if i == 3 {
			break
		}
		addrs, err := r.LookupNetIP(ctx, "ip", strings.TrimSuffix(name, ".")+".")
		if err != nil {
			continue
		}
		for _, b := range addrs {
			if b.Unmap() == a {
				return strings.TrimSuffix(strings.ToLower(name), "."), true
			}
		}
	}
	return mailmsg.Shorten(mailmsg.OneLine(first), 253), false
}

// Sentence says in plain words who holds the address, for a person.
func (o Owner) Sentence() string {
	var s string
	switch {
	case o.Organisation != "" && o.AbuseEmail != "":
		s = fmt.Sprintf("This address belongs to %s (their abuse desk: %s).", o.Organisation, o.AbuseEmail)
	case o.Organisation != "":
		s = fmt.Sprintf("This address belongs to %s.", o.Organisation)
	case o.Problem != "":
		s = o.Problem
	default:
		s = "Report Mail could not find out who holds this address."
	}
	switch {
	case o.PTR != "" && o.PTRConfirmed:
		s += fmt.Sprintf(" Its name is %s, which points back to it.", o.PTR)
	case o.PTR != "":
		s += fmt.Sprintf(" Its name is %s, but that name does not point back to it, which many mail servers hold against it.", o.PTR)
	default:
		s += " It has no reverse DNS name, which many mail servers hold against it."
	}
	return s
}
