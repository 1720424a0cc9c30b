package send_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/mailmsg"
	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/testkit/smtpfake"
)

const from = "reporter@example.test"

var to = []string{"emailsupport@smxemail.com"}

// message is a small report-like message with what trips naive senders: 8-bit bytes, a
// line that starts with a dot, a lone dot line inside the body.
func message() []byte {
	return []byte("From: <reporter@example.test>\r\nTo: <emailsupport@smxemail.com>\r\n" +
		"Subject: False Negative: test\r\nMessage-ID: <t1@example.test>\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=iso-8859-1\r\n" +
		"Content-Transfer-Encoding: 8bit\r\n\r\n" +
		"caf\xe9 au lait\r\n.starts with a dot\r\n.\r\nend\r\n")
}

func config(s *smtpfake.Server) send.Config {
	return send.Config{
		Host: s.Host, Port: s.Port, Security: send.StartTLS,
		Username: "reporter", Password: "secret",
		RootCAs: s.PKI.Pool, Timeout: 5 * time.Second,
	}
}

func TestSendDeliversExactBytes(t *testing.T) {
	for _, implicit := range []bool{false, true} {
		t.Run(fmt.Sprintf("implicit=%v", implicit), func(t *testing.T) {
			srv := smtpfake.Start(t, smtpfake.Options{Implicit: implicit, Users: map[string]string{"reporter": "secret"}})
			cfg := config(srv)
			if implicit {
				cfg.Security = send.Implicit
			}
			msg := message()
			var last, total int64
			err := cfg.Send(context.Background(), from, to, msg, func(d, n int64) { last, total = d, n })
			if err != nil {
				t.Fatalf("Send: %v", err)
			}
			if last != int64(len(msg)) || total != int64(len(msg)) {
				t.Errorf("progress ended at %d/%d, want %d", last, total, len(msg))
			}
			got := srv.Delivered()
			if len(got) != 1 || !bytes.Equal(got[0].Data, msg) {
				t.Fatalf("delivered %d messages; bytes equal: %v", len(got), len(got) == 1 && bytes.Equal(got[0].Data, msg))
			}
			if !strings.Contains(got[0].From, "BODY=8BITMIME") {
				t.Errorf("MAIL FROM %q lacks BODY=8BITMIME", got[0].From)
			}
			s := srv.Sessions()[0]
			if !s.TLS || s.AuthInClear || s.User != "reporter" {
				t.Errorf("session TLS=%v authInClear=%v user=%q", s.TLS, s.AuthInClear, s.User)
			}
		})
	}
}

// Every fault the issue names ends with the right Kind, and temporary ones say so.
func TestSendFaults(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd\r\n"), 1024)
	cases := []struct {
		name      string
		opt       smtpfake.Options
		msg       []byte
		kind      send.Kind
		temporary bool
		code      int
		reply     string
	}{
		{"421 greeting", smtpfake.Options{Greeting: "421 4.3.2 Service not available, closing"}, nil, send.Temporary, true, 421, "Service not available"},
		{"451 rcpt", smtpfake.Options{RcptReply: "451 4.3.0 Temporary lookup failure"}, nil, send.Temporary, true, 451, "Temporary lookup failure"},
		{"452 rcpt", smtpfake.Options{RcptReply: "452 4.5.3 Too many recipients"}, nil, send.Temporary, true, 452, ""},
		{"550 mail", smtpfake.Options{MailReply: "550 5.7.1 Sender address rejected: not owned by user"}, nil, send.Refused, false, 550, "Sender address rejected: not owned by user"},
		{"550 rcpt", smtpfake.Options{RcptReply: "550 5.1.1 <emailsupport@smxemail.com>: Recipient address rejected"}, nil, send.Refused, false, 550, "Recipient address rejected"},
		{"552 dot", smtpfake.Options{DotReply: "552 5.3.4 Message size exceeds fixed limit"}, nil, send.TooLarge, false, 552, ""},
		{"554 dot", smtpfake.Options{DotReply: "554 5.7.1 Rejected by policy"}, nil, send.Refused, false, 554, "Rejected by policy"},
		{"451 dot", smtpfake.Options{DotReply: "451 4.3.0 Queue file write error"}, nil, send.Temporary, true, 451, ""},
		{"535 auth", smtpfake.Options{AuthReply: "535 5.7.8 Error: authentication failed"}, nil, send.AuthFailed, false, 535, ""},
		{"454 auth", smtpfake.Options{AuthReply: "454 4.7.0 Temporary authentication failure"}, nil, send.Temporary, true, 454, ""},
		{"530 mail", smtpfake.Options{MailReply: "530 5.7.0 Authentication required"}, nil, send.AuthRequired, false, 530, ""},
		{"drop mid-DATA", smtpfake.Options{DropAfter: 1000}, big, send.ConnectionLost, true, 0, ""},
		{"no STARTTLS", smtpfake.Options{NoStartTLS: true}, nil, send.NoStartTLS, false, 0, ""},
		{"no 8BITMIME", smtpfake.Options{No8BitMIME: true}, nil, send.Needs8BitMIME, false, 0, ""},
		{"SIZE too small", smtpfake.Options{SizeLimit: 100}, nil, send.TooLarge, false, 552, ""},
		{"expired certificate", smtpfake.Options{Cert: smtpfake.CertExpired}, nil, send.CertExpired, false, 0, ""},
		{"wrong-host certificate", smtpfake.Options{Cert: smtpfake.CertWrongHost}, nil, send.CertWrongHost, false, 0, ""},
		{"untrusted certificate", smtpfake.Options{Cert: smtpfake.CertUntrusted}, nil, send.CertUntrusted, false, 0, ""},
		{"implicit expired", smtpfake.Options{Implicit: true, Cert: smtpfake.CertExpired}, nil, send.CertExpired, false, 0, ""},
		{"implicit wrong host", smtpfake.Options{Implicit: true, Cert: smtpfake.CertWrongHost}, nil, send.CertWrongHost, false, 0, ""},
		{"implicit untrusted", smtpfake.Options{Implicit: true, Cert: smtpfake.CertUntrusted}, nil, send.CertUntrusted, false, 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv := smtpfake.Start(t, c.opt)
			cfg := config(srv)
			if c.opt.Implicit {
				cfg.Security = send.Implicit
			}
			msg := c.msg
			if msg == nil {
				msg = message()
			}
			err := cfg.Send(context.Background(), from, to, msg, nil)
			var e *send.Error
			if !errors.As(err, &e) {
				t.Fatalf("Send = %v, want *send.Error", err)
			}
			if e.Kind != c.kind || e.Temporary != c.temporary || send.IsTemporary(err) != c.temporary {
				t.Errorf("Kind=%s Temporary=%v, want %s %v (%v)", e.Kind, e.Temporary, c.kind, c.temporary, err)
			}
			if e.Code != c.code {
				t.Errorf("Code=%d, want %d", e.Code, c.code)
			}
			if !strings.Contains(e.Reply, c.reply) {
				t.Errorf("Reply=%q, want it to hold %q", e.Reply, c.reply)
			}
			if !errors.Is(err, &send.Error{Kind: c.kind}) {
				t.Errorf("errors.Is by kind failed for %v", err)
			}
			if len(srv.Delivered()) != 0 {
				t.Errorf("a refused message was recorded as delivered")
			}
			if c.kind == send.NoStartTLS || c.kind == send.Needs8BitMIME || strings.HasPrefix(string(c.kind), "cert") {
				if srv.AuthAttempted() {
					t.Errorf("AUTH was sent although the connection was refused")
				}
			}
			if c.kind == send.Needs8BitMIME {
				for _, s := range srv.Sessions() {
					for _, cmd := range s.Commands {
						if cmd == "MAIL" {
							t.Errorf("MAIL sent before finding out the server cannot take 8-bit")
						}
					}
				}
			}
		})
	}
}

func TestEnhancedCodeParsed(t *testing.T) {
	srv := smtpfake.Start(t, smtpfake.Options{DotReply: "552 5.3.4 Message size exceeds fixed limit"})
	err := config(srv).Send(context.Background(), from, to, message(), nil)
	var e *send.Error
	if !errors.As(err, &e) || e.Enhanced != "5.3.4" || e.Reply != "Message size exceeds fixed limit" {
		t.Fatalf("got %#v", e)
	}
	if !errors.Is(err, send.ErrTooLarge) {
		t.Errorf("errors.Is(err, ErrTooLarge) = false")
	}
}

func TestSevenBitGoesToServerWithout8BitMIME(t *testing.T) {
	srv := smtpfake.Start(t, smtpfake.Options{No8BitMIME: true})
	msg := bytes.ReplaceAll(message(), []byte("\xe9"), []byte("e"))
	if mailmsg.Has8Bit(msg) {
		t.Fatal("test message still 8-bit")
	}
	if err := config(srv).Send(context.Background(), from, to, msg, nil); err != nil {
		t.Fatalf("Send: %v", err)
	}
	d := srv.Delivered()
	if len(d) != 1 || strings.Contains(d[0].From, "BODY=") {
		t.Fatalf("delivered %d: %+v", len(d), d)
	}
}

// A temporary failure followed by success: the second attempt, a new connection, goes through.
func TestRetryAfterTemporary(t *testing.T) {
	srv := smtpfake.Start(t, smtpfake.Options{RcptReply: "451 4.3.0 try later"}, smtpfake.Options{})
	cfg := config(srv)
	err := cfg.Send(context.Background(), from, to, message(), nil)
	if !send.IsTemporary(err) {
		t.Fatalf("first attempt: %v, want temporary", err)
	}
	if err := cfg.Send(context.Background(), from, to, message(), nil); err != nil {
		t.Fatalf("second attempt: %v", err)
	}
}

func TestCannotConnect(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cfg := send.Config{Host: "127.0.0.1", Port: port, Timeout: 2 * time.Second}
	err = cfg.Send(context.Background(), from, to, message(), nil)
	if send.KindOf(err) != send.CannotConnect || !send.IsTemporary(err) {
		t.Fatalf("got %v", err)
	}
}

// A plain-text server on the implicit-TLS port is a settings mistake, not a hang or a
// failure to retry.
func TestImplicitAgainstPlainServer(t *testing.T) {
	srv := smtpfake.Start(t, smtpfake.Options{})
	cfg := config(srv)
	cfg.Security = send.Implicit
	err := cfg.Send(context.Background(), from, to, message(), nil)
	if k := send.KindOf(err); k != send.WantsStartTLS || send.IsTemporary(err) {
		t.Fatalf("got %v", err)
	}
}

func TestBadAddress(t *testing.T) {
	srv := smtpfake.Start(t, smtpfake.Options{})
	err := config(srv).Send(context.Background(), "not an address", to, message(), nil)
	if send.KindOf(err) != send.BadAddress {
		t.Fatalf("got %v", err)
	}
	if len(srv.Sessions()) != 0 {
		t.Errorf("connected although the sender address was broken")
	}
}
