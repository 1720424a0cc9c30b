package autoconfig

import (
	"context"
	"strings"
	"sync"

	"github.com/reportmail/reportmail/internal/tlsguide"
)

// Discover finds the servers for addr, trying the places in the package comment in order
// and stopping at the first that gives at least one encrypted server. It returns
// ErrNothingFound (with Result.Tried saying where it looked) when none does, an
// *AddressError for a value that is not an address, or ctx's error.
func Discover(ctx context.Context, addr string, o Options) (Result, error) {
	local, domain, ok := splitAddress(addr)
	if !ok {
		return Result{}, &AddressError{Address: addr}
	}
	// Ends the MX look-up too when the domain's own files answer first.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	d := &discovery{o: o, f: newFetcher(o), addr: local + "@" + domain, domain: domain}
	d.res.Address = d.addr
	if r, ok := d.fromProfile(); ok {
		return d.finish(ctx, r), nil
	}

	// The MX answer is only needed if the domain's own files fail, but asking now costs
	// nothing and saves a round trip then.
	mxc := make(chan mxAnswer, 1)
	go func() { mxc <- d.mxDomain(ctx) }()

	own := []place{
		{Source{FromAutoconfig, "autoconfig." + domain, domain}, fileURL("autoconfig."+domain, "/mail/config-v1.1.xml", d.addr)},
		{Source{FromWellKnown, domain, domain}, fileURL(domain, "/.well-known/autoconfig/mail/config-v1.1.xml", "")},
	}
	own = append(own, d.ispdbPlace(FromISPDB, domain)...)
	if r, ok := d.first(ctx, own); ok {
		return d.finish(ctx, r), nil
	}

	var mx string
	select {
	case a := <-mxc:
		mx = a.domain
		if a.failed != nil {
			d.res.Tried = append(d.res.Tried, *a.failed)
		}
	case <-ctx.Done():
		return d.res, ctx.Err()
	}
	if mx != "" && mx != domain {
		// The address stays out of these URLs: the exchanger may belong to someone else (a
		// filtering service), who has no need to learn who is setting up mail.
		theirs := []place{{Source{FromMX, "autoconfig." + mx, mx}, fileURL("autoconfig."+mx, "/mail/config-v1.1.xml", "")}}
		theirs = append(theirs, d.ispdbPlace(FromMX, mx)...)
		if r, ok := d.first(ctx, theirs); ok {
			return d.finish(ctx, r), nil
		}
	}

	if o.Confirm != nil {
		if r, ok := d.guess(ctx); ok {
			return r, nil
		}
	}
	if err := ctx.Err(); err != nil {
		return d.res, err
	}
	return d.res, ErrNothingFound
}

type discovery struct {
	o      Options
	f      *fetcher
	addr   string
	domain string
	res    Result // Address, Tried and Unsafe gathered on the way
}

type place struct {
	src Source
	url string
}

func (d *discovery) ispdbPlace(kind SourceKind, domain string) []place {
	base := d.o.ispdb()
	if base == "" {
		return nil
	}
	u := strings.TrimRight(base, "/") + "/" + domain
	host := u
	if i := strings.Index(u, "://"); i >= 0 {
		host, _, _ = strings.Cut(u[i+3:], "/")
	}
	return []place{{Source{kind, host, domain}, u}}
}

// fromProfile uses the provider profile's server names when it has both.
func (d *discovery) fromProfile() (Result, bool) {
	m := d.o.Profile.MailServers.Fill(d.domain)
	in, okIn := hostName(m.Incoming)
	out, okOut := hostName(m.Outgoing)
	if !okIn || !okOut {
		return Result{}, false
	}
	ports := d.o.Profile.Ports
	r := d.res
	r.Source = Source{Kind: FromProfile, Domain: d.domain}
	r.DisplayName = d.o.Profile.Name
	p := tlsguide.Preferred(ports, "IMAP")
	r.Incoming = []Server{{Kind: IMAP, Host: in, Port: p.Port, Security: security(p.Security)}}
	// POP only when the provider lists it: Preferred would otherwise invent the standard port.
	if len(d.o.Profile.PortsFor("POP")) > 0 {
		p = tlsguide.Preferred(ports, "POP")
		r.Incoming = append(r.Incoming, Server{Kind: POP3, Host: in, Port: p.Port, Security: security(p.Security)})
	}
	p = tlsguide.Preferred(ports, "SMTP")
	r.Outgoing = []Server{{Kind: SMTP, Host: out, Port: p.Port, Security: security(p.Security)}}
	return r, true
}

func security(s tlsguide.Security) Security {
	if s == tlsguide.SSL {
		return SSL
	}
	return STARTTLS
}

// first fetches every place at once and returns the settings of the first, in the order
// given, that has an encrypted server; the later ones are stopped.
func (d *discovery) first(ctx context.Context, places []place) (Result, bool) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type answer struct {
		cfg Config
		err error
	}
	answers := make([]chan answer, len(places))
	for i, p := range places {
		answers[i] = make(chan answer, 1)
		go func() {
			body, err := d.f.get(ctx, p.url)
			if err != nil {
				answers[i] <- answer{err: err}
				return
			}
			cfg, err := Parse(body, d.addr)
			answers[i] <- answer{cfg: cfg, err: err}
		}()
	}
	for i, p := range places {
		a := <-answers[i] // every fetch ends by its own deadline
		if a.err == nil && len(a.cfg.Incoming)+len(a.cfg.Outgoing) == 0 {
			a.err = &FileError{Why: "only unencrypted servers in it", Err: ErrIncomplete}
		}
		d.res.Unsafe = append(d.res.Unsafe, a.cfg.Unsafe...)
		if a.err != nil {
			d.res.Tried = append(d.res.Tried, Attempt{Source: p.src, URL: p.url, Err: a.err})
			continue
		}
		r := d.res
		r.Source, r.DisplayName = p.src, a.cfg.DisplayName
		r.Incoming, r.Outgoing = a.cfg.Incoming, a.cfg.Outgoing
		return r, true
	}
	return Result{}, false
}

// finish checks what was found live when a Confirmer is set, marking each server.
func (d *discovery) finish(ctx context.Context, r Result) Result {
	if d.o.Confirm == nil {
		return r
	}
	r.LiveChecked = true
	all := append(append([]Server(nil), r.Incoming...), r.Outgoing...)
	ok := d.confirm(ctx, all)
	r.Incoming = append([]Server(nil), r.Incoming...)
	r.Outgoing = append([]Server(nil), r.Outgoing...)
	for i := range r.Incoming {
		r.Incoming[i].Checked = ok[i]
	}
	for i := range r.Outgoing {
		r.Outgoing[i].Checked = ok[len(r.Incoming)+i]
	}
	return r
}

// confirm asks the Confirmer about servers, one call per host, the hosts at once; the
// answers are in the order of servers.
func (d *discovery) confirm(ctx context.Context, servers []Server) []bool {
	ok := make([]bool, len(servers))
	byHost := map[string][]int{}
	var hosts []string
	for i, s := range servers {
		if _, seen := byHost[s.Host]; !seen {
			hosts = append(hosts, s.Host)
		}
		byHost[s.Host] = append(byHost[s.Host], i)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	for _, h := range hosts {
		idx := byHost[h]
		list := make([]Server, len(idx))
		for j, i := range idx {
			list[j] = servers[i]
		}
		wg.Go(func() {
			got := d.o.Confirm(ctx, h, list)
			mu.Lock()
			defer mu.Unlock()
			for j, i := range idx {
				ok[i] = j < len(got) && got[j]
			}
		})
	}
	wg.Wait()
	return ok
}

// guess tries the names most providers use on the standard encrypted ports and keeps what
// the live check confirms.
func (d *discovery) guess(ctx context.Context) (Result, bool) {
	imapSSL := Server{Kind: IMAP, Port: 993, Security: SSL}
	imapTLS := Server{Kind: IMAP, Port: 143, Security: STARTTLS}
	sub := Server{Kind: SMTP, Port: 587, Security: STARTTLS}
	subSSL := Server{Kind: SMTP, Port: 465, Security: SSL}
	var cands []Server
	for _, g := range []struct {
		prefix string
		list   []Server
	}{
		{"imap.", []Server{imapSSL, imapTLS}},
		{"mail.", []Server{imapSSL, imapTLS, sub, subSSL}},
		{"smtp.", []Server{sub, subSSL}},
	} {
		for _, s := range g.list {
			s.Host = g.prefix + d.domain
			cands = append(cands, s)
		}
	}
	ok := d.confirm(ctx, cands)
	r := d.res
	r.Source = Source{Kind: Guessed, Domain: d.domain}
	r.LiveChecked = true
	var out []Server
	for i, s := range cands {
		if !ok[i] {
			continue
		}
		s.Checked = true
		if s.Kind.Incoming() {
			r.Incoming = append(r.Incoming, s)
		} else {
			out = append(out, s)
		}
	}
	// smtp. before mail. for sending: a host named for sending is the likelier intent.
	for _, s := range out {
		if strings.HasPrefix(s.Host, "smtp.") {
			r.Outgoing = append(r.Outgoing, s)
		}
	}
	for _, s := range out {
		if !strings.HasPrefix(s.Host, "smtp.") {
			r.Outgoing = append(r.Outgoing, s)
		}
	}
	r.Incoming = preferIncoming(r.Incoming)
	if len(r.Incoming)+len(r.Outgoing) == 0 {
		d.res.Tried = append(d.res.Tried, Attempt{Source: r.Source, Err: ErrNotFound})
		return Result{}, false
	}
	return r, true
}
