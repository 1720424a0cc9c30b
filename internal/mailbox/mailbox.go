// Package mailbox reads the original of a message straight from the person's IMAP mailbox:
// implicit TLS (993) or STARTTLS (143) only, certificates always verified, no credential
// before TLS; folders with their RFC 6154 roles; read-only browsing (EXAMINE), newest first;
// the exact bytes with BODY.PEEK[] (never marks a message read), streamed to a file; and a
// move that never expunges anyone else's \Deleted messages.
//
// It is built on github.com/emersion/go-imap v1 (client package). Where v1 falls short the
// package does the part itself: MOVE without the extension would EXPUNGE the whole folder
// (here: UID EXPUNGE of the one message, RFC 4315), LIST RETURN (SPECIAL-USE), a bound on
// what a server can make the client hold (literals are read whole into memory by v1: the
// body is fetched in bounded pieces), per-read deadlines, and NO replies without codes.
package mailbox

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log"
	"net"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/emersion/go-imap/client"
	"github.com/emersion/go-sasl"

	"github.com/reportmail/reportmail/internal/oauth/tokenauth"
	"github.com/reportmail/reportmail/internal/send"
)

// Config is one incoming (IMAP) account.
type Config struct {
	Host string
	// Port 0 means 993 with Implicit or Auto security and 143 with StartTLS.
	Port int
	// Security: Auto is Implicit on port 993 and StartTLS on any other. There is no
	// plaintext mode.
	Security send.Security
	Username string
	Password string
	// SASL, when set, signs in instead of the password (the token sign-in's XOAUTH2 or
	// OAUTHBEARER). It is called only once TLS is up, with the mechanisms the server offers
	// (AUTH=... capabilities, upper case, without "AUTH="); an error wrapping ErrNoMechanism
	// means none fits.
	SASL func(offered []string) (sasl.Client, error)
	// RootCAs verifies the server; nil means the system's roots (send.LoadCAFile adds a
	// private CA on top of them).
	RootCAs *x509.CertPool
	// Timeout bounds each wait on the network (connect, handshake, every read and write):
	// a server silent for longer is a lost connection. 0 means DefaultTimeout.
	Timeout time.Duration
	// MaxSize is the largest message Fetch reads; 0 means DefaultMaxSize.
	MaxSize int64
	// Dialer makes the TCP connection; nil is a plain net.Dialer.
	Dialer *net.Dialer
}

// DefaultTimeout is long enough for a slow server and short enough that a dead one is
// noticed before the person gives up.
const DefaultTimeout = 30 * time.Second

// DefaultMaxSize matches intake.MaxMessageSize: a bigger message could not be reported
// from a file either.
const DefaultMaxSize = 100 << 20

func (c Config) security() send.Security {
	if c.Security != send.Auto {
		return c.Security
	}
	if c.Port == 0 || c.Port == 993 {
		return send.Implicit
	}
	return send.StartTLS
}

func (c Config) port() int {
	if c.Port != 0 {
		return c.Port
	}
	if c.security() == send.StartTLS {
		return 143
	}
	return 993
}

func (c Config) timeout() time.Duration {
	if c.Timeout <= 0 {
		return DefaultTimeout
	}
	return c.Timeout
}

func (c Config) maxSize() int64 {
	if c.MaxSize <= 0 {
		return DefaultMaxSize
	}
	return c.MaxSize
}

// Client is one signed-in IMAP session. It is not safe for use by several goroutines.
type Client struct {
	cfg  Config
	imap *client.Client
	conn *idleConn
	stop func() bool // ends the context watch
}

// Dial connects, secures the connection, verifies the certificate and signs in. ctx
// cancels the whole session (the connection is closed), not only the dial.
func Dial(ctx context.Context, cfg Config) (*Client, error) {
	m := &Client{cfg: cfg}
	fail := func(op string, err error) (*Client, error) {
		e := m.classify(op, err)
		if ctx.Err() != nil {
			e.Kind = Canceled
		}
		m.Close()
		return nil, e
	}
	d := cfg.Dialer
	if d == nil {
		d = &net.Dialer{}
	}
	dctx, cancel := context.WithTimeout(ctx, cfg.timeout())
	raw, err := d.DialContext(dctx, "tcp", net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.port())))
	cancel()
	if err != nil {
		e := &Error{Kind: CannotConnect, Op: "connect", Host: cfg.Host, Port: cfg.port(), Err: err}
		if ctx.Err() != nil {
			e.Kind = Canceled
		}
		return nil, e
	}
	m.conn = &idleConn{Conn: raw}
	m.conn.timeout.Store(int64(cfg.timeout()))
	m.stop = context.AfterFunc(ctx, func() { m.conn.Close() })

	// Sending's TLS rules, and a flag sign-in checks: whatever go-imap does, no credential
	// leaves before a verified handshake finished on this very connection.
	tcfg := send.ClientTLS(cfg.Host, cfg.RootCAs)
	strong := tcfg.VerifyConnection
	tcfg.VerifyConnection = func(cs tls.ConnectionState) error {
		if err := strong(cs); err != nil {
			return err
		}
		m.conn.secured.Store(true)
		return nil
	}
	if cfg.security() == send.Implicit {
		tc := tls.Client(m.conn, tcfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			return fail("tls", err)
		}
		if m.imap, err = newClient(tc); err != nil {
			return fail("connect", err)
		}
	} else {
		if m.imap, err = newClient(m.conn); err != nil {
			return fail("connect", err)
		}
		ok, err := m.imap.SupportStartTLS()
		if err != nil {
			return fail("connect", err)
		}
		if !ok {
			return fail("tls", &Error{Kind: NoStartTLS})
		}
		if err := m.imap.StartTLS(tcfg); err != nil {
			return fail("tls", err)
		}
	}
	if err := m.login(); err != nil {
		return fail("login", err)
	}
	return m, nil
}

// newClient reads the greeting. go-imap v1 logs reader errors to stderr; they are ours to
// report, so they are silenced (SetOutput is safe while its reader runs).
func newClient(conn net.Conn) (*client.Client, error) {
	c, err := client.New(conn)
	if c != nil {
		if l, ok := c.ErrorLog.(*log.Logger); ok {
			l.SetOutput(io.Discard)
		}
	}
	return c, err
}

func (m *Client) login() error {
	if !m.conn.secured.Load() {
		return &Error{Kind: NoStartTLS}
	}
	caps, err := m.imap.Capability()
	if err != nil {
		return err
	}
	var offered []string
	for c := range caps {
		if mech, ok := strings.CutPrefix(strings.ToUpper(c), "AUTH="); ok {
			offered = append(offered, mech)
		}
	}
	if m.cfg.SASL != nil {
		sc, err := m.cfg.SASL(offered)
		if err != nil {
			return &Error{Kind: AuthUnavailable, Err: err}
		}
		return tokenErr(sc, authErr(m.imap.Authenticate(sc)))
	}
	if caps["AUTH=PLAIN"] {
		return authErr(m.imap.Authenticate(sasl.NewPlainClient("", m.cfg.Username, m.cfg.Password)))
	}
	if caps["LOGINDISABLED"] {
		return &Error{Kind: AuthUnavailable}
	}
	return authErr(m.imap.Login(m.cfg.Username, m.cfg.Password))
}

// authErr: any NO or BAD to LOGIN or AUTHENTICATE is a refusal of what was given.
func authErr(err error) error {
	if err == nil || isNetwork(err) {
		return err
	}
	return &Error{Kind: AuthFailed, Reply: err.Error()}
}

// tokenErr marks a refused token sign-in as one, so it reads "sign in again", not "check
// the password": a token client that failed the exchange had its token refused, whether the
// server said why in a challenge (RFC 7628) or only answered NO.
func tokenErr(sc sasl.Client, err error) error {
	var e *Error
	tc, ok := sc.(interface {
		Refused() *tokenauth.RefusedError
	})
	if !ok || !errors.As(err, &e) || e.Kind != AuthFailed {
		return err
	}
	r := tc.Refused()
	if r == nil {
		r = &tokenauth.RefusedError{} // a bare NO: the token is all a token client sent
	}
	e.Err = r
	return e
}

// logoutGrace is how long Close waits for the server to acknowledge LOGOUT.
const logoutGrace = 2 * time.Second

// Close logs out (briefly) and closes the connection.
func (m *Client) Close() error {
	if m.stop != nil {
		m.stop()
	}
	if m.imap != nil {
		// A polite LOGOUT, but never a wait on it: go-imap v1 can sit in a command whose
		// reader already stopped.
		done := make(chan struct{})
		go func() { _ = m.imap.Logout(); close(done) }()
		select {
		case <-done:
		case <-time.After(logoutGrace):
		}
	}
	if m.conn != nil {
		return m.conn.Close()
	}
	return nil
}

// Capabilities returns what the server says it can do after sign-in.
func (m *Client) Capabilities() (map[string]bool, error) {
	caps, err := m.imap.Capability()
	if err != nil {
		return nil, m.classify("capability", err)
	}
	return caps, nil
}

func (m *Client) has(capability string) bool {
	ok, err := m.imap.Support(capability)
	return err == nil && ok
}

// classify turns any failure into an *Error carrying the host, port and op.
func (m *Client) classify(op string, err error) *Error {
	e := &Error{Op: op, Host: m.cfg.Host, Port: m.cfg.port()}
	var me *Error
	if errors.As(err, &me) {
		c := *me
		if c.Op == "" {
			c.Op = op
		}
		c.Host, c.Port = e.Host, e.Port
		return &c
	}
	e.Err = err
	if k, ok := send.TLSProblem(err); ok {
		e.Kind = Kind(k) // the same words for the same certificate faults
		return e
	}
	switch {
	case m.conn != nil && m.conn.timedOut.Load():
		e.Kind = ConnectionLost
	case isNetwork(err):
		e.Kind = ConnectionLost
	case op == "tls" && isTLSFailure(err):
		e.Kind = TLSFailed
	default:
		e.Kind = Refused
		e.Reply = err.Error()
		e.Err = nil
	}
	return e
}

// idleConn gives every read and write its own deadline. go-imap v1 sets one deadline per
// command (or none at all, its default), which either cuts off a 25 MB fetch on a slow
// line or waits forever on a silent server; its SetDeadline calls are therefore ignored.
type idleConn struct {
	net.Conn
	timeout  atomic.Int64 // nanoseconds
	secured  atomic.Bool
	timedOut atomic.Bool
}

func (c *idleConn) Read(b []byte) (int, error) {
	if err := c.Conn.SetReadDeadline(time.Now().Add(time.Duration(c.timeout.Load()))); err != nil {
		return 0, err
	}
	n, err := c.Conn.Read(b)
	c.noteTimeout(err)
	return n, err
}

func (c *idleConn) Write(b []byte) (int, error) {
	if err := c.Conn.SetWriteDeadline(time.Now().Add(time.Duration(c.timeout.Load()))); err != nil {
		return 0, err
	}
	n, err := c.Conn.Write(b)
	c.noteTimeout(err)
	return n, err
}

func (c *idleConn) noteTimeout(err error) {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		c.timedOut.Store(true)
	}
}

func (c *idleConn) SetDeadline(time.Time) error      { return nil }
func (c *idleConn) SetReadDeadline(time.Time) error  { return nil }
func (c *idleConn) SetWriteDeadline(time.Time) error { return nil }
