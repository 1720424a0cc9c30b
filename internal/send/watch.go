package send

import (
	"context"
	"crypto/tls"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultGreetingTimeout is how long a server has, from the TCP connect, to finish its
// greeting (and, on an implicit-TLS port, the TLS handshake before it). RFC 5321 section
// 4.5.3.2.1 lets a client wait 5 minutes; a person in front of a window will not, and a
// server that needs more than 30 seconds to say hello is not going to take a report.
const DefaultGreetingTimeout = 30 * time.Second

// DefaultSetupTimeout bounds everything before the message itself: greeting, EHLO,
// STARTTLS, sign-in, MAIL and RCPT. Each step also has Timeout; this stops a server that
// answers every step just in time from keeping the attempt going for ever.
const DefaultSetupTimeout = 2 * time.Minute

// probeAfter is how long a STARTTLS connection may stay silent before a second connection
// checks whether the port speaks TLS from the first byte: real servers greet within a
// second or two, and a TLS port never greets at all.
const probeAfter = 3 * time.Second

// Slow-connection notices for Config.Waiting.
const (
	slowAfter      = 3 * time.Second
	stillSlowAfter = 10 * time.Second
)

// Stage is a moment of a slow connection worth telling the person who waits.
type Stage int

const (
	// Connecting: the server has not finished greeting a few seconds after the connect.
	Connecting Stage = iota + 1
	// StillWaiting: still no greeting, well after that; the attempt ends at Limit.
	StillWaiting
)

// Waiting is what Config.Waiting is told. Limit is when Report Mail gives up waiting.
type Waiting struct {
	Stage Stage
	Host  string
	Port  int
	Limit time.Duration
}

func (c Config) greetingTimeout() time.Duration {
	if c.GreetingTimeout <= 0 {
		return DefaultGreetingTimeout
	}
	return c.GreetingTimeout
}

func (c Config) setupTimeout() time.Duration {
	if c.SetupTimeout <= 0 {
		return DefaultSetupTimeout
	}
	return c.SetupTimeout
}

// watch is the part of a session that bounds the waits go-mail's per-step deadlines do not
// (a greeting counted from the connect, the whole set-up) and notices a TLS port used with
// STARTTLS. When it gives up it closes the connection; the pending call then fails and
// classify reports the verdict instead of "connection closed".
type watch struct {
	mu        sync.Mutex
	timers    []*time.Timer
	greeted   bool // the greeting is in (the client has written its EHLO)
	setupOver bool // DATA has begun: the data and reply deadlines take over
	verdict   *Error
	stopProbe context.CancelFunc
	stopped   bool
	notifying sync.WaitGroup // Waiting calls in flight: Send does not return before they do
	readAny   atomic.Bool    // the server has sent at least one byte on the main connection
	handshook atomic.Bool    // implicit TLS: the handshake is over, writes now are SMTP
}

// startWatch begins the clocks for a fresh TCP connection and returns the connection the
// SMTP client should use, which tells the watch when the greeting is over.
func (s *session) startWatch(raw net.Conn, addr string) net.Conn {
	c := s.cfg
	w := &s.w
	limit := c.greetingTimeout()
	pctx, cancel := context.WithCancel(s.ctx)
	w.mu.Lock()
	w.stopProbe = cancel
	after := func(d time.Duration, f func()) { w.timers = append(w.timers, time.AfterFunc(d, f)) }
	after(limit, func() {
		s.giveUp(&Error{Kind: NoAnswer, Op: "connect", Host: c.Host, Port: c.port(), Temporary: true, Waited: limit}, true)
	})
	setup := c.setupTimeout()
	after(setup, func() {
		s.giveUp(&Error{Kind: NoAnswer, Host: c.Host, Port: c.port(), Temporary: true, Waited: setup}, false)
	})
	if c.Waiting != nil {
		for _, st := range []struct {
			at    time.Duration
			part  time.Duration // a short limit (tests) scales the notices down with it
			stage Stage
		}{{slowAfter, 5, Connecting}, {stillSlowAfter, 2, StillWaiting}} {
			after(min(st.at, limit/st.part), func() { s.notify(st.stage, limit) })
		}
	}
	if c.security() != Implicit {
		after(min(probeAfter, limit/4), func() { go s.probe(pctx, addr, limit) })
	}
	w.mu.Unlock()
	return &watchedConn{Conn: raw, s: s}
}

func (s *session) notify(st Stage, limit time.Duration) {
	w := &s.w
	w.mu.Lock()
	if w.greeted || w.verdict != nil || w.stopped {
		w.mu.Unlock()
		return
	}
	w.notifying.Add(1)
	w.mu.Unlock()
	defer w.notifying.Done()
	s.cfg.Waiting(Waiting{Stage: st, Host: s.cfg.Host, Port: s.cfg.port(), Limit: limit})
}

// giveUp records why the connection is being closed and closes it. A greeting verdict
// comes too late once the greeting is in, a set-up one once DATA has begun.
func (s *session) giveUp(e *Error, greeting bool) {
	w := &s.w
	w.mu.Lock()
	late := w.verdict != nil || w.stopped || w.setupOver || (greeting && w.greeted)
	if !late {
		w.verdict = e
	}
	w.mu.Unlock()
	if !late {
		s.abort()
	}
}

func (s *session) greetingDone() {
	s.w.mu.Lock()
	s.w.greeted = true
	s.w.mu.Unlock()
}

// setupDone hands the connection over to the data-transfer deadlines.
func (s *session) setupDone() {
	s.w.mu.Lock()
	s.w.greeted, s.w.setupOver = true, true
	s.w.mu.Unlock()
}

func (s *session) stopWatch() {
	w := &s.w
	w.mu.Lock()
	w.stopped = true
	for _, t := range w.timers {
		t.Stop()
	}
	if w.stopProbe != nil {
		w.stopProbe()
	}
	w.mu.Unlock()
	w.notifying.Wait()
}

func (s *session) verdict() *Error {
	s.w.mu.Lock()
	defer s.w.mu.Unlock()
	return s.w.verdict
}

// probe opens a second connection and starts a TLS handshake on it. A TLS port answers a
// ClientHello with a TLS record (a ServerHello or an alert) even when the certificate would
// not be trusted; a plain SMTP port answers with "220 …" or not at all. Nothing but a
// ClientHello is ever sent on this connection.
func (s *session) probe(ctx context.Context, addr string, limit time.Duration) {
	if s.w.readAny.Load() {
		return
	}
	d := net.Dialer{}
	if s.cfg.Dialer != nil {
		d = *s.cfg.Dialer
		if a, ok := d.LocalAddr.(*net.TCPAddr); ok && a.Port != 0 {
			// The main connection holds that port.
			d.LocalAddr = &net.TCPAddr{IP: a.IP, Zone: a.Zone}
		}
	}
	ctx, cancel := context.WithTimeout(ctx, min(10*time.Second, limit))
	defer cancel()
	raw, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return
	}
	defer raw.Close()
	stop := context.AfterFunc(ctx, func() { raw.Close() })
	defer stop()
	fb := &firstBytes{Conn: raw}
	_ = tls.Client(fb, s.tlsConfig()).HandshakeContext(ctx)
	if fb.tls() && !s.w.readAny.Load() {
		c := s.cfg
		s.giveUp(&Error{Kind: WantsImplicitTLS, Op: "connect", Host: c.Host, Port: c.port()}, true)
	}
}

// watchedConn is the TCP connection as the SMTP client sees it.
type watchedConn struct {
	net.Conn
	s *session
}

func (c *watchedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.s.w.readAny.Store(true)
	}
	return n, err
}

// Write: the client writes nothing before the greeting is complete except, with implicit
// TLS, its handshake; so the first write after that is the EHLO.
func (c *watchedConn) Write(p []byte) (int, error) {
	if c.s.cfg.security() != Implicit || c.s.w.handshook.Load() {
		c.s.greetingDone()
	}
	return c.Conn.Write(p)
}

// firstBytes keeps the first two bytes the server sent.
type firstBytes struct {
	net.Conn
	mu   sync.Mutex
	head []byte
}

func (f *firstBytes) Read(p []byte) (int, error) {
	n, err := f.Conn.Read(p)
	f.mu.Lock()
	if len(f.head) < 2 {
		f.head = append(f.head, p[:min(n, 2-len(f.head))]...)
	}
	f.mu.Unlock()
	return n, err
}

// tls says the server answered with a TLS record: content type handshake (22) or alert
// (21), then major version 3 (RFC 8446 section 5.1).
func (f *firstBytes) tls() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.head) == 2 && (f.head[0] == 22 || f.head[0] == 21) && f.head[1] == 3
}
