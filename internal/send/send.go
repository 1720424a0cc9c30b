package send

import (
	"context"
	"crypto/tls"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// chunk is how much is written between progress calls: small enough for a smooth bar,
// large enough not to matter for speed.
const chunk = 64 << 10

// Send delivers msg, exactly as stored (CRLF line ends), from one address to the given
// recipients. It returns nil only after the server's 250 to the final dot. progress (may be
// nil) is called with the bytes written so far and the total. Cancelling ctx stops even a
// stalled transfer: the connection is closed under it.
//
// A msg with 8-bit bytes and a server without 8BITMIME gives ErrNeeds8BitMIME before
// anything is sent: the caller rebuilds the report for 7-bit and calls Send again.
//
// Once the final dot is written Send waits ReplyTimeout for the answer; a connection that
// ends in that wait gives Unknown (the report may have been delivered), never a retryable
// error. SendWith also tells the caller when that moment comes.
func (c Config) Send(ctx context.Context, from string, to []string, msg []byte, progress func(done, total int64)) error {
	return c.send(ctx, from, to, msg, Hooks{Progress: progress})
}

func (c Config) send(ctx context.Context, from string, to []string, msg []byte, h Hooks) error {
	progress := h.Progress
	s := &session{cfg: c, ctx: ctx}
	fromAddr, rcpts, err := envelope(from, to)
	if err != nil {
		return err
	}
	client, err := s.dial()
	if err != nil {
		return err
	}
	defer s.close(client)

	if max, ok := sizeLimit(client); ok && int64(len(msg)) > max {
		// RFC 1870: the server told us its limit; no point uploading megabytes to hear it.
		// The server's words are its EHLO line, kept as Limit; there is no reply to quote.
		return &Error{Kind: TooLarge, Op: "mail", Host: c.Host, Port: c.port(), Code: 552, Enhanced: "5.3.4",
			Limit: max, Size: int64(len(msg))}
	}
	eight := mailmsg.Has8Bit(msg)
	if has, _ := client.Extension("8BITMIME"); eight && !has {
		return &Error{Kind: Needs8BitMIME, Op: "mail", Host: c.Host, Port: c.port()}
	}
	if err := s.auth(client); err != nil {
		return err
	}
	// Mail adds BODY=8BITMIME whenever the server offers it, which is right for 7-bit
	// content too (RFC 6152 section 3). SMTPUTF8 only when an address needs it.
	client.SkipSMTPUTF8(isASCII(from) && allASCII(to))
	if err := client.Mail(fromAddr); err != nil {
		return s.classify("mail", err)
	}
	for _, r := range rcpts {
		if err := client.Rcpt(r); err != nil {
			return s.classify("rcpt", err)
		}
	}
	s.setupDone()
	if err := client.UpdateDeadline(c.dataTimeout(len(msg))); err != nil {
		return s.classify("data", err)
	}
	w, err := client.Data()
	if err != nil {
		return s.classify("data", err)
	}
	total := int64(len(msg))
	if canBulkStuff(msg) {
		// All but the final CRLF in bulk; that CRLF goes through the dot-writer so it knows
		// the data ended at a line start and closes with just ".".
		bulk := msg[:len(msg)-2]
		err := writeStuffed(client.Text.W, bulk, func(done int) {
			if progress != nil {
				progress(int64(done), total)
			}
		})
		if err == nil {
			_, err = w.Write(msg[len(msg)-2:])
		}
		if err != nil {
			return s.classify("data", err)
		}
		if progress != nil {
			progress(total, total)
		}
	} else {
		for done := 0; done < len(msg); {
			n := min(chunk, len(msg)-done)
			if _, err := w.Write(msg[done : done+n]); err != nil {
				return s.classify("data", err)
			}
			done += n
			if progress != nil {
				progress(int64(done), total)
			}
		}
	}
	if len(msg) == 0 && progress != nil {
		progress(0, 0)
	}
	// The final dot, then the answer: only a 2xx to it means accepted.
	if err := s.endData(client, w, h); err != nil {
		return err
	}
	s.accepted = true
	return nil
}

// Probe is "Test connection": connect, secure the connection, sign in, say goodbye.
func (c Config) Probe(ctx context.Context) error {
	s := &session{cfg: c, ctx: ctx}
	client, err := s.dial()
	if err != nil {
		return err
	}
	defer s.close(client)
	if err := s.auth(client); err != nil {
		return err
	}
	s.accepted = true
	return nil
}

// session is one connection's state: what the dialler saw and how to stop it.
type session struct {
	cfg      Config
	ctx      context.Context
	mu       sync.Mutex
	raw      net.Conn // the TCP connection under any TLS, closed to abort
	stop     func() bool
	accepted bool
	w        watch
}

func (s *session) connected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.raw != nil
}

func (s *session) tlsConfig() *tls.Config {
	return ClientTLS(s.cfg.Host, s.cfg.RootCAs)
}

// dial connects through go-mail with mandatory STARTTLS or implicit TLS and no AUTH: AUTH
// is ours, after checking that the connection really is encrypted.
func (s *session) dial() (*smtp.Client, error) {
	c := s.cfg
	if c.Host == "" {
		return nil, &Error{Kind: CannotConnect, Op: "connect", Port: c.port()}
	}
	opts := []gomail.Option{
		gomail.WithPort(c.port()),
		gomail.WithTimeout(c.timeout()),
		gomail.WithTLSConfig(s.tlsConfig()),
		gomail.WithSMTPAuth(gomail.SMTPAuthNoAuth),
		gomail.WithDialContextFunc(s.dialContext),
	}
	if c.security() == Implicit {
		opts = append(opts, gomail.WithSSL())
	} else {
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if c.HelloName != "" {
		opts = append(opts, gomail.WithHELO(c.HelloName))
	}
	gm, err := gomail.NewClient(c.Host, opts...)
	if err != nil {
		return nil, s.classify("connect", err)
	}
	client, err := gm.DialToSMTPClientWithContext(s.ctx)
	if err != nil {
		s.abort()
		return nil, s.classify("connect", err)
	}
	// Belt and braces: whatever go-mail did, nothing goes further on a clear connection.
	if st, err := client.GetTLSConnectionState(); err != nil || !st.HandshakeComplete {
		s.abort()
		return nil, &Error{Kind: NoStartTLS, Op: "tls", Host: c.Host, Port: c.port(), Err: err}
	}
	return client, nil
}

// dialContext is handed to go-mail so that we own the raw connection: the session's context
// closes it, which is the only way to stop a write that the server stopped reading. With a
// custom dialler go-mail leaves implicit TLS to us (client.go, DialToSMTPClientWithContext).
func (s *session) dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	d := s.cfg.Dialer
	if d == nil {
		d = &net.Dialer{}
	}
	raw, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.raw = raw
	s.stop = context.AfterFunc(s.ctx, func() { raw.Close() })
	s.mu.Unlock()
	watched := s.startWatch(raw, addr)
	if s.cfg.security() != Implicit {
		return watched, nil
	}
	// smtp.NewClient recognises TLS by the *tls.Conn type, so return exactly that.
	conn := tls.Client(watched, s.tlsConfig())
	if err := conn.HandshakeContext(ctx); err != nil {
		return nil, err
	}
	s.w.handshook.Store(true)
	return conn, nil
}

// abort drops the connection without a goodbye.
func (s *session) abort() {
	s.stopWatch()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stop != nil {
		s.stop()
	}
	if s.raw != nil {
		s.raw.Close()
	}
}

// close says QUIT after success (a short wait, its answer does not matter: the report is
// accepted) and simply hangs up after a failure.
func (s *session) close(client *smtp.Client) {
	if s.accepted && s.ctx.Err() == nil {
		_ = client.UpdateDeadline(5 * time.Second)
		_ = client.Quit()
	}
	s.abort()
}

// envelope checks the addresses and formats them as go-mail does ("<a@b>").
func envelope(from string, to []string) (string, []string, error) {
	bad := func(a string) error {
		return &Error{Kind: BadAddress, Op: "mail", Reply: a}
	}
	f, err := mailmsg.ParseTypedAddress(from)
	if err != nil || strings.ContainsAny(from, "\r\n") {
		return "", nil, bad(from)
	}
	if len(to) == 0 {
		return "", nil, bad("")
	}
	rcpts := make([]string, 0, len(to))
	for _, t := range to {
		a, err := mailmsg.ParseTypedAddress(t)
		if err != nil || strings.ContainsAny(t, "\r\n") {
			return "", nil, bad(t)
		}
		rcpts = append(rcpts, (&mail.Address{Address: a.Address}).String())
	}
	return (&mail.Address{Address: f.Address}).String(), rcpts, nil
}

// sizeLimit reads the SIZE extension's announced maximum (0 means no limit).
func sizeLimit(client *smtp.Client) (int64, bool) {
	ok, param := client.Extension("SIZE")
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(param), 10, 64)
	if err != nil || n <= 0 {
		return 0, false
	}
	return n, true
}

func isASCII(s string) bool {
	return !mailmsg.Has8Bit([]byte(s))
}

func allASCII(ss []string) bool {
	return isASCII(strings.Join(ss, ""))
}
