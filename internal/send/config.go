// Package send delivers a built report through the user's own mail server with go-mail:
// STARTTLS required on 587 and 25, implicit TLS on 465, certificates always verified,
// credentials only inside TLS, and the stored bytes sent exactly as they are.
package send

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/reportmail/reportmail/internal/safefile"
)

// Security is how the connection is secured. There is deliberately no plaintext value.
type Security int

const (
	// Auto picks Implicit on port 465 and StartTLS everywhere else.
	Auto Security = iota
	// StartTLS connects in clear and must upgrade before anything else is said.
	StartTLS
	// Implicit speaks TLS from the first byte (port 465, "SSL/TLS").
	Implicit
)

// ParseSecurity reads the CLI's --tls words; "" means Auto.
func ParseSecurity(s string) (Security, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return Auto, nil
	case "starttls":
		return StartTLS, nil
	case "implicit", "ssl", "tls":
		return Implicit, nil
	}
	return Auto, fmt.Errorf("send: unknown security %q", s)
}

func (s Security) String() string {
	switch s {
	case StartTLS:
		return "starttls"
	case Implicit:
		return "implicit"
	}
	return "auto"
}

// Config is one mail account's submission settings.
type Config struct {
	Host     string
	Port     int // 0 means 587
	Security Security
	Username string // empty: no AUTH (a server that trusts the network)
	Password string
	// Token, when set, signs Username in with an OAuth 2.0 access token instead of Password
	// (auth_token.go). It is asked once per connection, after TLS, so a token source can
	// refresh a token that is about to expire. TokenMech forces "XOAUTH2" or "OAUTHBEARER";
	// empty picks from what the server offers.
	Token     func(ctx context.Context) (string, error)
	TokenMech string
	// RootCAs verifies the server; nil means the system's roots. LoadCAFile adds a private
	// server's CA on top of the system roots, never instead of verification.
	RootCAs *x509.CertPool
	// Timeout bounds each step (connect, greeting, each command); DATA gets more time in
	// proportion to the message size. 0 means DefaultTimeout.
	Timeout time.Duration
	// ReplyTimeout is how long the server has to answer the final dot; 0 means
	// DefaultReplyTimeout (RFC 5321's 10 minutes). Tests use a short one.
	ReplyTimeout time.Duration
	// HelloName is the EHLO name; empty lets go-mail use this machine's host name.
	HelloName string
	// Dialer makes the TCP connection (a local address to bind, a keep-alive); nil is a
	// plain net.Dialer. TLS is always added on top, never configured here.
	Dialer *net.Dialer
	// GreetingTimeout is how long the server has from the connect to finish its greeting
	// (TLS handshake included on an implicit-TLS port); 0 means DefaultGreetingTimeout.
	// SetupTimeout bounds everything before the message is sent; 0 means
	// DefaultSetupTimeout. Tests use short ones.
	GreetingTimeout, SetupTimeout time.Duration
	// Waiting, when set, hears about a connection that is slow to answer, to tell the person
	// waiting. It is called from another goroutine and must not block; Send and Probe do
	// not return while a call is running.
	Waiting func(Waiting)
}

// DefaultTimeout is long enough for a slow server's greeting and short enough that a dead
// one is noticed before the user gives up.
const DefaultTimeout = 30 * time.Second

// minRate is the slowest upload still counted as progress (bytes per second): a 10 MB report
// gets about five minutes on top of the base timeout, a poor hotel link still makes it.
const minRate = 32 << 10

func (c Config) port() int {
	if c.Port == 0 {
		return 587
	}
	return c.Port
}

func (c Config) security() Security {
	if c.Security != Auto {
		return c.Security
	}
	if c.port() == 465 {
		return Implicit
	}
	return StartTLS
}

func (c Config) timeout() time.Duration {
	if c.Timeout <= 0 {
		return DefaultTimeout
	}
	return c.Timeout
}

// dataTimeout grows with the message: go-mail sets one deadline per step, and the whole
// DATA transfer has to fit in it.
func (c Config) dataTimeout(size int) time.Duration {
	return c.timeout() + time.Duration(size/minRate)*time.Second
}

// ErrNoCertificates says a CA file holds no PEM certificate (e.g. a key or a DER file).
var ErrNoCertificates = errors.New("send: no PEM certificate in CA file")

// CAFileError is a CA file that could not be used: unreadable (Err wraps the fs error),
// without certificates (ErrNoCertificates) or with a broken one.
type CAFileError struct {
	Path string
	Err  error
}

func (e *CAFileError) Error() string { return "send: CA file " + e.Path + ": " + e.Err.Error() }
func (e *CAFileError) Unwrap() error { return e.Err }

// maxCAFile bounds a CA file: a bundle of every public root is about 200 KB.
const maxCAFile = 1 << 20

// LoadCAFile returns the system roots plus the certificates in the PEM file at path, for a
// private server whose CA the system does not know. A pipe or device is refused before
// anything can wait on it, and a file over maxCAFile is not read past it
// (safefile.ErrTooBig).
func LoadCAFile(path string) (*x509.CertPool, error) {
	data, err := safefile.Read(path, maxCAFile)
	if err != nil {
		return nil, &CAFileError{Path: path, Err: err}
	}
	certs, err := ParseCertificates(path, data)
	if err != nil {
		return nil, err
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool() // no system store (e.g. a bare container): the file alone
	}
	for _, c := range certs {
		pool.AddCert(c)
	}
	return pool, nil
}

// ParseCertificates reads the certificates of PEM data (anything else in it, such as a key
// sent along by mistake, is passed over). Errors are *CAFileError naming path.
func ParseCertificates(path string, data []byte) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	for rest := data; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, &CAFileError{Path: path, Err: err}
		}
		certs = append(certs, cert)
	}
	if len(certs) == 0 {
		return nil, &CAFileError{Path: path, Err: ErrNoCertificates}
	}
	return certs, nil
}
