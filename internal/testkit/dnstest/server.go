// Package dnstest gives the blocklist and owner tests DNS servers: an in-process one
// (github.com/miekg/dns) for answers no real list gives on demand (slow, silent, SERVFAIL,
// REFUSED, answers outside 127/8, PTR), and the real rbldnsd started by scripts/rbldnsd.sh.
// Only tests import it.
package dnstest

import (
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// Zone is one blocklist zone the in-process server answers for.
type Zone struct {
	Name   string        // e.g. "slow.fake.test"
	Delay  time.Duration // before every answer
	Silent bool          // never answer
	Rcode  int           // answer with this error code (dns.RcodeServerFailure, …)
	// Listed maps the part before the zone ("2.0.0.127", "test") to the A answers;
	// anything else is NXDOMAIN.
	Listed map[string][]string
	TXT    string // TXT answer for every listed name
}

// Server is a running in-process DNS server on 127.0.0.1 (UDP).
type Server struct {
	Addr     string
	zones    []Zone
	ptr      map[string]string   // reverse name -> host
	hosts    map[string][]string // host -> addresses
	mx       map[string][]string // domain -> exchangers, most preferred first
	upstream string
	srv      *dns.Server
	mu       sync.Mutex
	queries  int
}

// Options add records and a server to ask for everything else.
type Options struct {
	PTR      map[string]string   // "192.0.2.1" -> "mail.example.test"
	Hosts    map[string][]string // "mail.example.test" -> ["192.0.2.1"]
	MX       map[string][]string // "example.test" -> ["mx1.mail.example.net"], most preferred first
	Upstream string              // HOST:PORT asked for names the server does not know
}

// Start starts a server for t; it stops when the test ends.
func Start(t testing.TB, opt Options, zones ...Zone) *Server {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("dnstest: listen: %v", err)
	}
	s := &Server{Addr: pc.LocalAddr().String(), zones: zones, ptr: map[string]string{},
		hosts: map[string][]string{}, mx: map[string][]string{}, upstream: opt.Upstream}
	for ip, host := range opt.PTR {
		rev, err := dns.ReverseAddr(ip)
		if err != nil {
			t.Fatalf("dnstest: PTR %s: %v", ip, err)
		}
		s.ptr[rev] = dns.Fqdn(host)
	}
	for h, ips := range opt.Hosts {
		s.hosts[dns.Fqdn(strings.ToLower(h))] = ips
	}
	for d, hosts := range opt.MX {
		s.mx[dns.Fqdn(strings.ToLower(d))] = hosts
	}
	started := make(chan struct{})
	s.srv = &dns.Server{PacketConn: pc, Handler: s, NotifyStartedFunc: func() { close(started) }}
	go s.srv.ActivateAndServe()
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("dnstest: server did not start")
	}
	t.Cleanup(func() { s.srv.Shutdown() })
	return s
}

// Queries is how many questions the server has been asked.
func (s *Server) Queries() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.queries
}

// ServeDNS answers one question.
func (s *Server) ServeDNS(w dns.ResponseWriter, req *dns.Msg) {
	s.mu.Lock()
	s.queries++
	s.mu.Unlock()
	if len(req.Question) != 1 {
		m := new(dns.Msg)
		m.SetRcode(req, dns.RcodeFormatError)
		w.WriteMsg(m)
		return
	}
	q := req.Question[0]
	name := strings.ToLower(q.Name)
	m := new(dns.Msg)
	m.SetReply(req)
	m.Authoritative = true
	if host, ok := s.ptr[name]; ok {
		if q.Qtype == dns.TypePTR {
			m.Answer = append(m.Answer, &dns.PTR{Hdr: hdr(q.Name, dns.TypePTR), Ptr: host})
		}
		w.WriteMsg(m)
		return
	}
	if hosts, ok := s.mx[name]; ok && q.Qtype == dns.TypeMX {
		for i, h := range hosts {
			m.Answer = append(m.Answer, &dns.MX{Hdr: hdr(q.Name, dns.TypeMX), Preference: uint16(10 * (i + 1)), Mx: dns.Fqdn(h)})
		}
		w.WriteMsg(m)
		return
	}
	if ips, ok := s.hosts[name]; ok {
		for _, ip := range ips {
			a := net.ParseIP(ip)
			switch {
			case q.Qtype == dns.TypeA && a.To4() != nil:
				m.Answer = append(m.Answer, &dns.A{Hdr: hdr(q.Name, dns.TypeA), A: a})
			case q.Qtype == dns.TypeAAAA && a.To4() == nil:
				m.Answer = append(m.Answer, &dns.AAAA{Hdr: hdr(q.Name, dns.TypeAAAA), AAAA: a})
			}
		}
		w.WriteMsg(m)
		return
	}
	for _, z := range s.zones {
		suffix := "." + strings.ToLower(dns.Fqdn(z.Name))
		if !strings.HasSuffix(name, suffix) {
			continue
		}
		if z.Silent {
			return
		}
		if z.Delay > 0 {
			time.Sleep(z.Delay)
		}
		if z.Rcode != 0 {
			m.Rcode = z.Rcode
			w.WriteMsg(m)
			return
		}
		answers, ok := z.Listed[strings.TrimSuffix(name, suffix)]
		if !ok {
			m.Rcode = dns.RcodeNameError
			w.WriteMsg(m)
			return
		}
		for _, a := range answers {
			switch q.Qtype {
			case dns.TypeA:
				m.Answer = append(m.Answer, &dns.A{Hdr: hdr(q.Name, dns.TypeA), A: net.ParseIP(a)})
			case dns.TypeTXT:
				if z.TXT != "" && len(m.Answer) == 0 {
					m.Answer = append(m.Answer, &dns.TXT{Hdr: hdr(q.Name, dns.TypeTXT), Txt: []string{z.TXT}})
				}
			}
		}
		w.WriteMsg(m)
		return
	}
	if s.upstream != "" {
		c := &dns.Client{Timeout: 5 * time.Second}
		if r, _, err := c.Exchange(req, s.upstream); err == nil {
			w.WriteMsg(r)
			return
		}
		m.Rcode = dns.RcodeServerFailure
		w.WriteMsg(m)
		return
	}
	m.Rcode = dns.RcodeRefused
	w.WriteMsg(m)
}

func hdr(name string, t uint16) dns.RR_Header {
	return dns.RR_Header{Name: name, Rrtype: t, Class: dns.ClassINET, Ttl: 60}
}
