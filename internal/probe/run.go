package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Default bounds; each can be set in Options.
const (
	DefaultTimeout  = 20 * time.Second // one port's whole check
	DefaultConnect  = 5 * time.Second
	DefaultGreeting = 10 * time.Second
	DefaultReply    = 10 * time.Second
)

// Options says what to check. Only Host is required.
type Options struct {
	Host  string
	Ports []Target // nil: DefaultTargets()
	// Roots are the trusted authorities; nil means the system's. A private CA goes in with
	// send.LoadCAFile, which adds the file to the system roots, as sending does.
	Roots                    *x509.CertPool
	Timeout                  time.Duration // bound on each port's whole check
	Connect, Greeting, Reply time.Duration // bounds on connecting, the greeting, each answer
	OnResult                 func(Result)  // each port as it finishes; never two calls at once
	Now                      func() time.Time
}

// Why Run could not check anything.
var (
	ErrHostNotFound = errors.New("probe: host name not found")
	ErrLookupFailed = errors.New("probe: could not look the host name up")
)

func (o *Options) defaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.Timeout, DefaultTimeout)
	def(&o.Connect, DefaultConnect)
	def(&o.Greeting, DefaultGreeting)
	def(&o.Reply, DefaultReply)
	if o.Ports == nil {
		o.Ports = DefaultTargets()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// CleanHost checks a host as typed: a name or an address, brackets around IPv6 allowed.
func CleanHost(h string) (string, error) {
	h = strings.TrimSuffix(strings.TrimSpace(h), ".")
	if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		h = h[1 : len(h)-1]
	}
	if h == "" {
		return "", &OptionsError{Field: "host", Err: ErrNoHost}
	}
	if net.ParseIP(h) != nil {
		return h, nil
	}
	if len(h) > 253 {
		return "", &OptionsError{Field: "host", Value: shorten(h), Err: ErrBadHost}
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return "", &OptionsError{Field: "host", Value: shorten(h), Err: ErrBadHost}
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return "", &OptionsError{Field: "host", Value: shorten(h), Err: ErrBadHost}
			}
		}
	}
	return strings.ToLower(h), nil
}

// Run checks every port at once and returns when all have finished. The error is only for
// a check that could not start: a bad host or port list, a name that does not resolve, or
// ctx ending before the look-up did. Everything found on the ports is in the Report.
func Run(ctx context.Context, o Options) (Report, error) {
	o.defaults()
	host, err := CleanHost(o.Host)
	if err != nil {
		return Report{}, err
	}
	if len(o.Ports) == 0 || len(o.Ports) > maxTargets {
		return Report{}, &OptionsError{Field: "ports", Err: ErrTooMany}
	}
	for _, t := range o.Ports {
		if !knownProto(t.Proto) || t.Port < 1 || t.Port > 65535 {
			return Report{}, &OptionsError{Field: "ports", Value: t.String(), Err: ErrBadPort}
		}
	}
	if err := lookup(ctx, host, o.Connect); err != nil {
		return Report{Host: host}, err
	}
	rep := Report{Host: host, Results: make([]Result, len(o.Ports))}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i, t := range o.Ports {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := checkPort(ctx, o, host, t)
			mu.Lock()
			defer mu.Unlock()
			rep.Results[i] = r
			if o.OnResult != nil {
				o.OnResult(r)
			}
		}()
	}
	wg.Wait()
	rep.Recommended = recommend(rep.Results)
	return rep, nil
}

func lookup(ctx context.Context, host string, d time.Duration) error {
	if net.ParseIP(host) != nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	_, err := net.DefaultResolver.LookupHost(ctx, host)
	var de *net.DNSError
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil && !errors.As(err, &de):
		return fmt.Errorf("%w: %w", ErrLookupFailed, ctx.Err())
	case errors.As(err, &de) && de.IsNotFound:
		return fmt.Errorf("%w: %s", ErrHostNotFound, host)
	}
	return fmt.Errorf("%w: %w", ErrLookupFailed, err)
}

// checkPort is one port's whole conversation.
func checkPort(parent context.Context, o Options, host string, t Target) (r Result) {
	start := time.Now()
	r = Result{Target: t, Host: host}
	defer func() {
		r.Elapsed = time.Since(start)
		r.Verdict = verdict(r)
	}()
	ctx, cancel := context.WithTimeout(parent, o.Timeout)
	defer cancel()
	addr := net.JoinHostPort(host, strconv.Itoa(t.Port))
	s := &session{lines: &r.Transcript, reply: o.Reply, ctx: ctx}
	s.deadline, _ = ctx.Deadline()
	s.note("connecting to %s (%s)", addr, t)
	d := net.Dialer{Timeout: o.Connect}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		code := dialProblem(err)
		s.note("%s", noteFor(code))
		r.add(&Problem{Code: code, Severity: SeverityClosed})
		return r
	}
	r.Reachable = true
	s.conn = conn
	s.upgrade(conn)
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	defer s.close()
	s.note("connected in %d ms", time.Since(start).Milliseconds())

	dl := dialectFor(t)
	fail := func(code Code, reply error) Result {
		p := &Problem{Code: code, Severity: SeverityBad}
		var re *replyError
		if errors.As(reply, &re) {
			p.Reply = shortReply(re.text)
		}
		s.note("%s", noteFor(code))
		r.add(p)
		return r
	}
	if t.Implicit() {
		cs, err := s.handshake(ctx, host, &r)
		if err != nil {
			return fail(tlsProblem(err), nil)
		}
		r.certificate(s, cs, host, o)
	}
	greet, err := dl.greet(s, o.Greeting)
	r.Greeting = greetingOf(r.Transcript)
	if err != nil {
		return fail(stepProblem(err, CodeSilent, CodeRejected), err)
	}
	if !t.Implicit() {
		before, err := dl.capabilities(s)
		if err != nil {
			return fail(stepProblem(err, CodeNoReply, CodeNotMail), err)
		}
		if !before.known {
			before = greet
		}
		r.StartTLSOffered = before.startTLS
		r.AuthBeforeTLS = before.mechs
		r.LoginDisabled = before.loginDisabled
		// POP3 servers without CAPA may still take STLS: try it rather than guess.
		// The main problem goes first: it is the one the sentence names.
		if !before.startTLS && before.known {
			dl.quit(s)
			fail(CodeNoStartTLS, nil)
			r.clearProblems(before, false)
			return r
		}
		if err := dl.startTLS(s); err != nil {
			code := stepProblem(err, CodeNoReply, CodeStartTLSRefused)
			if !before.known {
				code = CodeNoStartTLS
			}
			dl.quit(s)
			fail(code, err)
			r.clearProblems(before, false)
			return r
		}
		r.StartTLSOffered = true
		cs, err := s.handshake(ctx, host, &r)
		if err != nil {
			code := tlsProblem(err)
			if code == CodeNotTLS {
				code = CodeTLSFailed // it said yes to STARTTLS, then did not start TLS
			}
			fail(code, nil)
			r.clearProblems(before, false)
			return r
		}
		r.certificate(s, cs, host, o)
		r.clearProblems(before, true)
	}
	after, err := dl.capabilities(s)
	if err != nil {
		return fail(stepProblem(err, CodeNoReply, CodeNotMail), err)
	}
	r.AuthAfterTLS = after.mechs
	if !t.Incoming() && len(after.mechs) == 0 {
		r.add(&Problem{Code: CodeNoAuthOutgoing, Severity: SeverityWarning})
	}
	dl.quit(s)
	return r
}

func (r *Result) add(p *Problem) {
	p.Port, p.Security, p.Host = r.Port, r.Security(), r.Host
	r.Problems = append(r.Problems, p)
}

// certificate records the TLS facts and the certificate's problems.
func (r *Result) certificate(s *session, cs tls.ConnectionState, host string, o Options) {
	info, probs := inspectCert(cs.PeerCertificates, host, o.Roots, o.Now())
	r.Cert = info
	if info != nil {
		s.note("certificate: %s; issued by %s; valid until %s; trusted: %s; for this host: %s",
			info.Subject, info.Issuer, info.NotAfter.UTC().Format(time.RFC3339), yesNo(info.Trusted), yesNo(info.HostnameOK))
	}
	if cs.Version < tls.VersionTLS12 {
		probs = append(probs, &Problem{Code: CodeOldTLS, Severity: SeverityBad, Version: r.TLSVersion})
	}
	for _, p := range probs {
		r.add(p)
	}
}

// clearProblems judges what the server offered before encryption. With working STARTTLS a
// mail program set up for it is safe, so a sign-in offered in the clear is a warning; with
// no encryption at all it is the whole story and bad.
func (r *Result) clearProblems(before caps, tlsWorks bool) {
	sev := SeverityBad
	if tlsWorks {
		sev = SeverityWarning
	}
	if m := before.inClear(); len(m) > 0 {
		r.add(&Problem{Code: CodeAuthInClear, Severity: sev, Mechs: m})
	}
	if r.family() == IMAP && before.known && !before.loginDisabled {
		r.add(&Problem{Code: CodeLoginInClear, Severity: sev})
	}
}

func verdict(r Result) Verdict {
	worst := Severity(0)
	for _, p := range r.Problems {
		worst = max(worst, p.Severity)
	}
	switch {
	case !r.Reachable || worst == SeverityClosed:
		return Closed
	case worst == SeverityBad:
		return Bad
	case worst == SeverityWarning:
		return Warning
	}
	return Good
}

func dialProblem(err error) Code {
	var de *net.DNSError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return CodeRefused
	case errors.As(err, &de) && de.IsNotFound:
		return CodeHostUnknown
	}
	return CodeNoRoute
}

// stepProblem names a failed step: onTimeout when the server went quiet, onReply when it
// answered no.
func stepProblem(err error, onTimeout, onReply Code) Code {
	var re *replyError
	switch {
	case errors.As(err, &re):
		return onReply
	case isTimeout(err):
		return onTimeout
	case hungUp(err):
		return CodeHungUp
	}
	return CodeNotMail
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) ||
		(errors.As(err, &ne) && ne.Timeout())
}

func hungUp(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.Is(err, net.ErrClosed)
}

func greetingOf(lines []string) string {
	for _, l := range lines {
		if g, ok := strings.CutPrefix(l, "S: "); ok {
			return g
		}
	}
	return ""
}

func shortReply(s string) string { return shorten(s) }

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// noteFor is the transcript's line for a failed step: short technical words for the IT
// provider, not Go's error text.
func noteFor(c Code) string {
	switch c {
	case CodeRefused:
		return "connection refused: nothing listens on this port"
	case CodeNoRoute:
		return "no connection: timed out or no route to the host"
	case CodeHostUnknown:
		return "host name not found"
	case CodeSilent:
		return "connected, but the server sent nothing in time"
	case CodeHungUp:
		return "the server closed the connection"
	case CodeNoReply:
		return "the server stopped answering"
	case CodeNotMail:
		return "the answer is not in this protocol"
	case CodeNotTLS:
		return "the server answered in plain text, not TLS"
	case CodeOldTLS:
		return "the server offers only TLS versions older than 1.2"
	}
	return string(c)
}
