// Package mailstacktest gives tests a real Postfix and Dovecot on loopback, as started by
// scripts/mailstack.sh (see the comment at its top for ports and layout).
//
// A test calls Require to get the running Stack. When the stack is not running the test
// is skipped, except in CI (CI=true) or with REPORTMAIL_REQUIRE_MAILSTACK=1, where it
// fails: real-server tests must never be skipped silently there.
//
// Delivered mail lands in one Maildir whatever the recipient; delivery happens after the
// server's "250 queued", so use WaitDelivered. What is stored is what was sent plus four
// headers on top and with CRLF turned into LF; StripDelivery undoes both so that a test
// can compare bytes.
package mailstacktest

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// DefaultDir is where scripts/mailstack.sh keeps the stack unless MAILSTACK_DIR says
// otherwise.
const DefaultDir = "/tmp/reportmail-mailstack"

// TrapSyslogName is the syslog name of the trap listener (no TLS, AUTH offered in clear).
// Its lines in the maillog look like
//
//	... postfix/trap/smtpd[123]: disconnect from localhost[127.0.0.1]:45678 ehlo=1 auth=0/1 quit=1 commands=2/3
//
// An "auth=" field in the disconnect line means the client sent AUTH, that is, leaked its
// credentials.
const TrapSyslogName = "postfix/trap"

// Stack describes a running mail stack, as read from $MAILSTACK_DIR/env.
type Stack struct {
	Dir        string // the stack's directory
	CAFile     string // PEM file of the test CA that signed every server certificate
	User       string // the one account, for SMTP AUTH, IMAP and POP3
	Password   string
	Maildir    string // where all mail is delivered (new/ and cur/)
	Log        string // Postfix's maillog
	DovecotLog string // Dovecot's log

	// SMTP ports, the same on every host.
	SMTPStartTLS   int // port-25 style: STARTTLS offered, AUTH only after TLS
	SMTPSubmission int // 587 style: STARTTLS required, AUTH required
	SMTPImplicit   int // 465 style: implicit TLS, AUTH required
	SMTPTrap       int // HostGood only: no TLS, AUTH offered in clear (see TrapSyslogName)
	SMTPSmall      int // HostGood only: like SMTPSubmission but SmallLimit: 552 above it
	SmallLimit     int64
	SizeLimit      int64 // message_size_limit of every other SMTP port

	// Dovecot ports (ssl = required), the same on every host.
	IMAP, IMAPS, POP3, POP3S int
	// HostGood only, implicit TLS: IMAPSNoMove does not advertise MOVE, IMAPSBare neither
	// MOVE nor UIDPLUS. 0 when the running stack was started by an older script.
	IMAPSNoMove, IMAPSBare int
	// OAuthIntrospectAddr is where Dovecot's oauth2 passdb posts bearer tokens (RFC 7662,
	// path /introspect) for XOAUTH2 and OAUTHBEARER; the stack does not serve it, a test
	// listens there itself. Empty when the running stack predates token sign-in.
	OAuthIntrospectAddr string

	HostGood    string // 127.0.0.1: certificate for localhost and 127.0.0.1
	HostExpired string // 127.0.0.2: expired certificate (names are right)
	HostWrong   string // 127.0.0.3: valid certificate, but for another host name

	caPEM []byte
}

// Required reports whether tests must fail rather than skip when the stack is missing:
// CI=true or REPORTMAIL_REQUIRE_MAILSTACK=1.
func Required() bool {
	for _, k := range []string{"CI", "REPORTMAIL_REQUIRE_MAILSTACK"} {
		if v, err := strconv.ParseBool(strings.TrimSpace(os.Getenv(k))); err == nil && v {
			return true
		}
	}
	return false
}

// Dir is the stack directory the tests use: $MAILSTACK_DIR or DefaultDir.
func Dir() string {
	if d := os.Getenv("MAILSTACK_DIR"); d != "" {
		return d
	}
	return DefaultDir
}

// Require returns the running stack. When it is not running it skips the test, or fails
// it when Required.
func Require(t testing.TB) *Stack {
	t.Helper()
	s, err := Load(Dir())
	if err == nil {
		err = s.ping()
	}
	if err != nil {
		msg := fmt.Sprintf("real mail stack not running: run `make mailstack` "+
			"(scripts/mailstack.sh install && scripts/mailstack.sh start): %v", err)
		if Required() {
			t.Fatal(msg + " — CI=true or REPORTMAIL_REQUIRE_MAILSTACK=1: the real-server tests must not be skipped")
		}
		t.Skip(msg)
	}
	return s
}

// ping checks that the submission port answers, so that a stale env file is noticed.
func (s *Stack) ping() error {
	addr := s.Addr(s.HostGood, s.SMTPSubmission)
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		return fmt.Errorf("%s/env exists but %s does not answer: %w", s.Dir, addr, err)
	}
	return c.Close()
}

// Load reads DIR/env as written by scripts/mailstack.sh start, without checking that the
// servers answer.
func Load(dir string) (*Stack, error) {
	path := filepath.Join(dir, "env")
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	env := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("%s: bad line %q", path, line)
		}
		if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
			v = v[1 : len(v)-1]
		}
		env[strings.TrimPrefix(strings.TrimSpace(k), "export ")] = v
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}

	var errs []error
	str := func(k string) string {
		v := env[k]
		if v == "" {
			errs = append(errs, fmt.Errorf("%s: %s missing", path, k))
		}
		return v
	}
	num := func(k string) int64 {
		v := str(k)
		if v == "" {
			return 0
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %s=%q is not a number", path, k, v))
		}
		return n
	}
	port := func(k string) int { return int(num(k)) }
	s := &Stack{
		Dir:            str("MAILSTACK_DIR"),
		CAFile:         str("MAILSTACK_CA"),
		User:           str("MAILSTACK_USER"),
		Password:       str("MAILSTACK_PASSWORD"),
		Maildir:        str("MAILSTACK_MAILDIR"),
		Log:            str("MAILSTACK_LOG"),
		DovecotLog:     env["MAILSTACK_DOVECOT_LOG"],
		SMTPStartTLS:   port("MAILSTACK_SMTP_STARTTLS"),
		SMTPSubmission: port("MAILSTACK_SMTP_SUBMISSION"),
		SMTPImplicit:   port("MAILSTACK_SMTP_IMPLICIT"),
		SMTPTrap:       port("MAILSTACK_SMTP_TRAP"),
		SMTPSmall:      port("MAILSTACK_SMTP_SMALL"),
		SmallLimit:     num("MAILSTACK_SMALL_LIMIT"),
		SizeLimit:      num("MAILSTACK_SIZE_LIMIT"),
		IMAP:           port("MAILSTACK_IMAP"),
		IMAPS:          port("MAILSTACK_IMAPS"),
		POP3:           port("MAILSTACK_POP3"),
		POP3S:          port("MAILSTACK_POP3S"),
		HostGood:       str("MAILSTACK_HOST_GOOD"),
		HostExpired:    str("MAILSTACK_HOST_EXPIRED"),
		HostWrong:      str("MAILSTACK_HOST_WRONG"),
	}
	// Added later: optional, so that tests still load a stack started by an older script.
	for k, p := range map[string]*int{"MAILSTACK_IMAPS_NOMOVE": &s.IMAPSNoMove, "MAILSTACK_IMAPS_BARE": &s.IMAPSBare} {
		if v := env[k]; v != "" {
			*p = port(k)
		}
	}
	if v := env["MAILSTACK_OAUTH_PORT"]; v != "" {
		s.OAuthIntrospectAddr = net.JoinHostPort(s.HostGood, strconv.Itoa(port("MAILSTACK_OAUTH_PORT")))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	s.caPEM, err = os.ReadFile(s.CAFile)
	if err != nil {
		return nil, err
	}
	if !x509.NewCertPool().AppendCertsFromPEM(s.caPEM) {
		return nil, fmt.Errorf("%s: no certificate in it", s.CAFile)
	}
	return s, nil
}

// CertPool returns a new pool holding only the test CA.
func (s *Stack) CertPool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AppendCertsFromPEM(s.caPEM)
	return p
}

// TLSConfig returns a client configuration that trusts only the test CA and verifies
// serverName (a host name or an IP address).
func (s *Stack) TLSConfig(serverName string) *tls.Config {
	return &tls.Config{RootCAs: s.CertPool(), ServerName: serverName, MinVersion: tls.VersionTLS12}
}

// Addr joins host and port.
func (s *Stack) Addr(host string, port int) string {
	return net.JoinHostPort(host, strconv.Itoa(port))
}

// NewMessageID returns a unique Message-ID, angle brackets included, so that tests
// running at the same time can tell their messages apart.
func NewMessageID() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return fmt.Sprintf("<%d.%s@mailstacktest.reportmail.test>", time.Now().UnixNano(), hex.EncodeToString(b))
}

// maildirFile is one message file; key is its name without the ":2,flags" suffix, which
// stays the same when Dovecot moves it from new/ to cur/.
type maildirFile struct {
	key, path string
}

func filesIn(maildir, sub string) []maildirFile {
	entries, err := os.ReadDir(filepath.Join(maildir, sub))
	if err != nil {
		return nil
	}
	var out []maildirFile
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		key, _, _ := strings.Cut(e.Name(), ":")
		out = append(out, maildirFile{key, filepath.Join(maildir, sub, e.Name())})
	}
	return out
}

// scan reads every message not in skip, new/ before cur/, so that a message that an IMAP
// or POP3 session moves meanwhile is still found. It calls visit with each and stops when
// visit returns true.
func (s *Stack) scan(skip map[string]bool, visit func(key string, raw []byte) bool) {
	scanDir(s.Maildir, skip, visit)
}

func scanDir(maildir string, skip map[string]bool, visit func(key string, raw []byte) bool) {
	seen := map[string]bool{}
	for _, sub := range []string{"new", "cur"} {
		files := filesIn(maildir, sub)
		sort.Slice(files, func(i, j int) bool { return files[i].key < files[j].key })
		for _, f := range files {
			if seen[f.key] || skip[f.key] {
				continue
			}
			raw, err := os.ReadFile(f.path)
			if err != nil {
				continue // moved to cur/ meanwhile: read it there
			}
			seen[f.key] = true
			if visit(f.key, raw) {
				return
			}
		}
	}
}

// Delivered returns every message now in the Maildir, as stored, oldest first.
func (s *Stack) Delivered() [][]byte {
	type msg struct {
		key string
		raw []byte
	}
	var all []msg
	s.scan(nil, func(key string, raw []byte) bool {
		all = append(all, msg{key, raw})
		return false
	})
	sort.Slice(all, func(i, j int) bool { return all[i].key < all[j].key })
	out := make([][]byte, len(all))
	for i, m := range all {
		out[i] = m.raw
	}
	return out
}

// WaitDelivered polls the Maildir until a message for which match returns true arrives,
// and returns it as stored (see StripDelivery). It fails the test after timeout. Each
// message is read at most once per call.
func (s *Stack) WaitDelivered(t testing.TB, match func(raw []byte) bool, timeout time.Duration) []byte {
	t.Helper()
	deadline := time.Now().Add(timeout)
	checked := map[string]bool{}
	for {
		var found []byte
		s.scan(checked, func(key string, raw []byte) bool {
			if match(raw) {
				found = raw
				return true
			}
			checked[key] = true
			return false
		})
		if found != nil {
			return found
		}
		if time.Now().After(deadline) {
			t.Fatalf("no matching message delivered to %s within %v (%d others there; see %s)",
				s.Maildir, timeout, len(checked), s.Log)
			return nil
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// HasMessageID returns a match function for WaitDelivered that looks for a Message-ID
// header with id (angle brackets included).
func HasMessageID(id string) func(raw []byte) bool {
	want := []byte(strings.ToLower("\nMessage-ID: " + id))
	return func(raw []byte) bool {
		head, _, _ := bytes.Cut(raw, []byte("\n\n"))
		return bytes.Contains(bytes.ToLower(append([]byte("\n"), head...)), want)
	}
}

// StripDelivery turns a delivered message back into what the client sent: it removes the
// Return-Path, X-Original-To and Delivered-To headers that delivery put on top and the one
// Received header that Postfix added, and turns LF back into CRLF. (The dot-stuffing of
// the SMTP DATA phase is already undone in the stored file.)
func StripDelivery(raw []byte) []byte {
	rest := raw
	name := func(line []byte) string {
		n, _, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return ""
		}
		return strings.ToLower(string(n))
	}
	// nextHeader splits off one header field, continuation lines included.
	nextHeader := func(b []byte) (field, after []byte) {
		i := 0
		for {
			nl := bytes.IndexByte(b[i:], '\n')
			if nl < 0 {
				return b, nil
			}
			i += nl + 1
			if i >= len(b) || (b[i] != ' ' && b[i] != '\t') {
				return b[:i], b[i:]
			}
		}
	}
	for {
		switch name(firstLine(rest)) {
		case "return-path", "x-original-to", "delivered-to":
			_, rest = nextHeader(rest)
			continue
		}
		break
	}
	if name(firstLine(rest)) == "received" {
		_, rest = nextHeader(rest)
	}
	return bytes.ReplaceAll(rest, []byte("\n"), []byte("\r\n"))
}

func firstLine(b []byte) []byte {
	line, _, _ := bytes.Cut(b, []byte("\n"))
	return line
}

// LogLines returns the maillog lines that contain every one of substrs.
func (s *Stack) LogLines(substrs ...string) []string {
	b, err := os.ReadFile(s.Log)
	if err != nil {
		return nil
	}
	var out []string
lines:
	for _, line := range strings.Split(string(b), "\n") {
		for _, sub := range substrs {
			if !strings.Contains(line, sub) {
				continue lines
			}
		}
		out = append(out, line)
	}
	return out
}

// WaitLog waits until a maillog line contains every one of substrs and returns the first
// such line; it fails the test after timeout.
func (s *Stack) WaitLog(t testing.TB, timeout time.Duration, substrs ...string) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if lines := s.LogLines(substrs...); len(lines) > 0 {
			return lines[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("no line with %q in %s within %v", substrs, s.Log, timeout)
			return ""
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// TrapDisconnect waits for the trap listener's disconnect line of the session whose
// client side used localPort (Postfix logs client ports) and returns it; an "auth=" in it
// means the client sent AUTH in clear.
func (s *Stack) TrapDisconnect(t testing.TB, localPort int, timeout time.Duration) string {
	t.Helper()
	return s.WaitLog(t, timeout, TrapSyslogName+"/smtpd[",
		fmt.Sprintf("disconnect from localhost[%s]:%d ", s.HostGood, localPort))
}
