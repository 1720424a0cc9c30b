// Package smtpfake is a scripted SMTP server for fault tests: it listens on 127.0.0.1:0,
// speaks STARTTLS or implicit TLS with a throw-away CA, and misbehaves on request (4xx/5xx
// at any step, a dropped or stalled DATA, no STARTTLS, no 8BITMIME). It records what the
// client did, in particular whether it ever tried AUTH. The happy paths are tested against
// the real Postfix; this server exists for what a real one will not do on demand.
package smtpfake

import (
	"bufio"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Options script one connection. Replies are full SMTP reply lines ("451 4.3.0 Try later").
type Options struct {
	Cert       CertKind
	Implicit   bool  // TLS from the first byte, like port 465
	NoStartTLS bool  // offer no STARTTLS but AUTH in clear: a client that signs in leaks
	No8BitMIME bool  // do not announce 8BITMIME
	SizeLimit  int64 // announce SIZE with this limit (not enforced: use DotReply)

	Silent          bool          // accept, then never say a word until the client hangs up
	GreetingDelay   time.Duration // say nothing this long, then greet: slow, but plain SMTP
	TrickleGreeting time.Duration // send the greeting one byte at a time, this far apart
	TLSMaxVersion   uint16        // offer TLS only up to this (tls.VersionTLS11: an old server)

	Greeting  string // instead of "220 …"; a 4xx/5xx greeting hangs up afterwards
	AuthReply string // instead of "235 2.7.0 Authentication successful"
	MailReply string // instead of 250 to MAIL FROM
	RcptReply string // instead of 250 to RCPT TO
	DataReply string // instead of 354 to DATA
	DotReply  string // instead of 250 after the final dot

	DropAfter  int  // hang up once this many message bytes arrived
	StallAfter int  // stop reading once this many message bytes arrived, until Close
	StallAtDot bool // read the whole message, then never answer

	// After the final dot (dotfault.go): the moment when the client cannot know whether
	// the message was delivered.
	SilentAtDot time.Duration // read the whole message, say nothing this long, then hang up
	ResetAtDot  bool          // read the whole message, then reset the connection unanswered
	DotDelay    time.Duration // answer the final dot only after this long

	Users map[string]string // when set, AUTH must match one of these user → password
}

// Message is one mail transaction the server saw to its end (or to the fault).
type Message struct {
	From     string   // MAIL FROM argument, with any parameters
	To       []string // RCPT TO arguments
	Data     []byte   // the message, dot-unstuffed, CRLF as received
	Accepted bool     // the server answered 250 to the final dot
}

// Session is one connection's record.
type Session struct {
	TLS           bool     // the connection was (or became) encrypted
	AuthAttempted bool     // the client sent AUTH (at all)
	AuthInClear   bool     // the client sent AUTH before TLS: credentials leaked
	User          string   // the user name from AUTH, when it could be decoded
	Commands      []string // command verbs in order ("EHLO", "STARTTLS", …); AUTH data never
	Messages      []Message
}

// Server is a running fake. Host and Port are where to connect; CAFile trusts its CA.
type Server struct {
	Host   string
	Port   int
	PKI    *PKI
	CAFile string // PEM of the CA that signed every certificate but CertUntrusted

	ln       net.Listener
	done     chan struct{}
	wg       sync.WaitGroup
	mu       sync.Mutex
	opts     []Options
	accepted int
	sessions []*Session
	conns    map[net.Conn]struct{}
	stalled  chan struct{}
	data     chan struct{}
	once     [2]sync.Once
	closing  sync.Once
}

// Start runs a server until the test ends. Connection i follows opts[i], and the last
// Options for every later connection: Start(t, Options{RcptReply: "451 …"}, Options{})
// fails once, then accepts.
func Start(t testing.TB, opts ...Options) *Server {
	t.Helper()
	pki, err := NewPKI()
	if err != nil {
		t.Fatalf("smtpfake: certificates: %v", err)
	}
	s, err := Listen(pki, filepath.Join(t.TempDir(), "fake-ca.pem"), opts...)
	if err != nil {
		t.Fatalf("smtpfake: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// Listen starts a server without a testing.TB (e.g. in a helper process). caFile is where
// the CA's PEM is written.
func Listen(pki *PKI, caFile string, opts ...Options) (*Server, error) {
	if len(opts) == 0 {
		opts = []Options{{}}
	}
	if err := os.WriteFile(caFile, pki.CAPEM, 0o600); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().(*net.TCPAddr)
	s := &Server{
		Host: "127.0.0.1", Port: addr.Port, PKI: pki, CAFile: caFile,
		ln: ln, done: make(chan struct{}), opts: opts,
		conns: map[net.Conn]struct{}{}, stalled: make(chan struct{}), data: make(chan struct{}),
	}
	s.wg.Add(1)
	go s.serve()
	return s, nil
}

// Addr is host:port.
func (s *Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// Close stops the server and every connection, including stalled ones.
func (s *Server) Close() {
	s.closing.Do(func() {
		close(s.done)
		s.ln.Close()
		s.mu.Lock()
		for c := range s.conns {
			c.Close()
		}
		s.mu.Unlock()
		s.wg.Wait()
	})
}

// Stalled is closed when a connection first stalls (StallAfter or StallAtDot).
func (s *Server) Stalled() <-chan struct{} { return s.stalled }

// Sessions returns a copy of every connection's record so far.
func (s *Server) Sessions() []Session {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Session, len(s.sessions))
	for i, ss := range s.sessions {
		out[i] = *ss
		out[i].Commands = append([]string(nil), ss.Commands...)
		out[i].Messages = append([]Message(nil), ss.Messages...)
	}
	return out
}

// Delivered returns the messages answered with 250 after the final dot.
func (s *Server) Delivered() []Message {
	var out []Message
	for _, ss := range s.Sessions() {
		for _, m := range ss.Messages {
			if m.Accepted {
				out = append(out, m)
			}
		}
	}
	return out
}

// AuthAttempted says whether any client ever sent AUTH.
func (s *Server) AuthAttempted() bool {
	for _, ss := range s.Sessions() {
		if ss.AuthAttempted {
			return true
		}
	}
	return false
}

func (s *Server) serve() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		o := s.opts[min(s.accepted, len(s.opts)-1)]
		s.accepted++
		sess := &Session{}
		s.sessions = append(s.sessions, sess)
		s.conns[c] = struct{}{}
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer func() {
				c.Close()
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
			}()
			// A forgotten client must not keep a test waiting forever.
			_ = c.SetDeadline(time.Now().Add(2 * time.Minute))
			cs := &conn{srv: s, o: o, sess: sess, c: c}
			cs.run()
		}()
	}
}

// record runs f under the server's lock, for changes to a Session.
func (s *Server) record(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f()
}

func (s *Server) signal(i int, ch chan struct{}) {
	s.once[i].Do(func() { close(ch) })
}

func newReader(c net.Conn) *bufio.Reader { return bufio.NewReaderSize(c, 64<<10) }
