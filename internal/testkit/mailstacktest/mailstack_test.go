package mailstacktest

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"strings"
	"testing"
	"time"
)

const ioTimeout = 30 * time.Second

// dialSMTP connects to host:port, with implicit TLS when implicit, and greets.
func dialSMTP(t *testing.T, s *Stack, host string, port int, implicit bool) (*smtp.Client, net.Conn) {
	t.Helper()
	addr := s.Addr(host, port)
	var conn net.Conn
	var err error
	d := &net.Dialer{Timeout: 5 * time.Second}
	if implicit {
		conn, err = tls.DialWithDialer(d, "tcp", addr, s.TLSConfig(host))
	} else {
		conn, err = d.Dial("tcp", addr)
	}
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	conn.SetDeadline(time.Now().Add(ioTimeout))
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		t.Fatalf("greeting from %s: %v", addr, err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Hello("mailstacktest.localhost"); err != nil {
		t.Fatalf("EHLO %s: %v", addr, err)
	}
	return c, conn
}

func testMessage(id string) []byte {
	// Unqualified To, a Bcc, a leading dot and trailing spaces: all must arrive unchanged.
	return []byte(strings.Join([]string{
		"From: Report Mail test <reporter@example.test>",
		"To: bob",
		"Bcc: hidden@example.test",
		"Subject: mailstacktest " + id,
		"Date: Mon, 02 Jan 2006 15:04:05 +0000",
		"Message-ID: " + id,
		"MIME-Version: 1.0",
		"Content-Type: text/plain; charset=utf-8",
		"",
		"Hello from the mail stack self-test.",
		".a line that starts with a dot",
		"..and one with two",
		"trailing spaces   ",
		"",
	}, "\r\n"))
}

func send(t *testing.T, c *smtp.Client, from, to string, msg []byte) error {
	t.Helper()
	if err := c.Mail(from); err != nil {
		return fmt.Errorf("MAIL FROM: %w", err)
	}
	if err := c.Rcpt(to); err != nil {
		return fmt.Errorf("RCPT TO: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("writing data: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("end of data: %w", err)
	}
	return nil
}

func TestSubmitAndDeliverByteIdentical(t *testing.T) {
	s := Require(t)
	for _, tc := range []struct {
		name     string
		port     int
		implicit bool
	}{
		{"submission-starttls", s.SMTPSubmission, false},
		{"implicit-tls", s.SMTPImplicit, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, _ := dialSMTP(t, s, s.HostGood, tc.port, tc.implicit)
			if !tc.implicit {
				if ok, _ := c.Extension("STARTTLS"); !ok {
					t.Fatal("STARTTLS not offered")
				}
				if ok, _ := c.Extension("AUTH"); ok {
					t.Fatal("AUTH offered before TLS")
				}
				if err := c.StartTLS(s.TLSConfig(s.HostGood)); err != nil {
					t.Fatalf("STARTTLS: %v", err)
				}
			}
			if ok, _ := c.Extension("AUTH"); !ok {
				t.Fatal("AUTH not offered over TLS")
			}
			if err := c.Auth(smtp.PlainAuth("", s.User, s.Password, s.HostGood)); err != nil {
				t.Fatalf("AUTH: %v", err)
			}
			id := NewMessageID()
			msg := testMessage(id)
			if err := send(t, c, s.User, "someone@elsewhere.example", msg); err != nil {
				t.Fatal(err)
			}
			if err := c.Quit(); err != nil {
				t.Fatalf("QUIT: %v", err)
			}
			raw := s.WaitDelivered(t, HasMessageID(id), 15*time.Second)
			if got := StripDelivery(raw); !bytes.Equal(got, msg) {
				t.Errorf("delivered message differs after stripping\n--- sent\n%q\n--- delivered (stripped)\n%q\n--- stored\n%s", msg, got, raw)
			}
		})
	}
}

func TestSubmissionRequiresAuth(t *testing.T) {
	s := Require(t)
	c, _ := dialSMTP(t, s, s.HostGood, s.SMTPSubmission, false)
	if err := c.StartTLS(s.TLSConfig(s.HostGood)); err != nil {
		t.Fatalf("STARTTLS: %v", err)
	}
	err := send(t, c, s.User, "someone@example.test", testMessage(NewMessageID()))
	var te *textproto.Error
	if !errors.As(err, &te) || te.Code/100 != 5 {
		t.Fatalf("unauthenticated submission: got %v, want a 5xx refusal", err)
	}
}

func TestBadCertificatesFailVerification(t *testing.T) {
	s := Require(t)
	isExpired := func(err error) bool {
		var e x509.CertificateInvalidError
		return errors.As(err, &e) && e.Reason == x509.Expired
	}
	isWrongHost := func(err error) bool {
		var e x509.HostnameError
		return errors.As(err, &e)
	}
	for _, tc := range []struct {
		name string
		host string
		ok   func(error) bool
	}{
		{"expired", s.HostExpired, isExpired},
		{"wrong-host", s.HostWrong, isWrongHost},
	} {
		t.Run(tc.name+"/implicit", func(t *testing.T) {
			t.Parallel()
			for _, port := range []int{s.SMTPImplicit, s.IMAPS, s.POP3S} {
				d := &net.Dialer{Timeout: 5 * time.Second}
				conn, err := tls.DialWithDialer(d, "tcp", s.Addr(tc.host, port), s.TLSConfig(tc.host))
				if err == nil {
					conn.Close()
					t.Errorf("port %d: TLS verification succeeded, want %s failure", port, tc.name)
				} else if !tc.ok(err) {
					t.Errorf("port %d: got %v, want %s failure", port, err, tc.name)
				}
			}
		})
		t.Run(tc.name+"/starttls", func(t *testing.T) {
			t.Parallel()
			for _, port := range []int{s.SMTPStartTLS, s.SMTPSubmission} {
				c, _ := dialSMTP(t, s, tc.host, port, false)
				err := c.StartTLS(s.TLSConfig(tc.host))
				if err == nil {
					t.Errorf("port %d: TLS verification succeeded, want %s failure", port, tc.name)
				} else if !tc.ok(err) {
					t.Errorf("port %d: got %v, want %s failure", port, err, tc.name)
				}
			}
		})
	}
	t.Run("good/implicit", func(t *testing.T) {
		t.Parallel()
		for _, name := range []string{s.HostGood, "localhost"} {
			for _, port := range []int{s.SMTPImplicit, s.IMAPS, s.POP3S} {
				d := &net.Dialer{Timeout: 5 * time.Second}
				cfg := s.TLSConfig(name)
				conn, err := tls.DialWithDialer(d, "tcp", s.Addr(s.HostGood, port), cfg)
				if err != nil {
					t.Errorf("%s port %d: %v", name, port, err)
					continue
				}
				conn.Close()
			}
		}
	})
}

func TestTrapOffersAuthInClear(t *testing.T) {
	s := Require(t)
	c, conn := dialSMTP(t, s, s.HostGood, s.SMTPTrap, false)
	if ok, _ := c.Extension("STARTTLS"); ok {
		t.Error("trap offers STARTTLS")
	}
	if ok, _ := c.Extension("AUTH"); !ok {
		t.Error("trap does not offer AUTH")
	}
	if err := c.Quit(); err != nil {
		t.Fatalf("QUIT: %v", err)
	}
	port := conn.LocalAddr().(*net.TCPAddr).Port
	line := s.TrapDisconnect(t, port, 10*time.Second)
	if strings.Contains(line, " auth=") {
		t.Errorf("trap logged AUTH for a client that sent none: %s", line)
	}
}

func TestSmallPortRejectsLargeMessage(t *testing.T) {
	s := Require(t)
	c, _ := dialSMTP(t, s, s.HostGood, s.SMTPSmall, false)
	if err := c.StartTLS(s.TLSConfig(s.HostGood)); err != nil {
		t.Fatalf("STARTTLS: %v", err)
	}
	if err := c.Auth(smtp.PlainAuth("", s.User, s.Password, s.HostGood)); err != nil {
		t.Fatalf("AUTH: %v", err)
	}
	msg := testMessage(NewMessageID())
	line := strings.Repeat("x", 76) + "\r\n"
	msg = append(msg, bytes.Repeat([]byte(line), int(s.SmallLimit)/len(line)+100)...)
	err := send(t, c, s.User, "someone@example.test", msg)
	var te *textproto.Error
	if !errors.As(err, &te) || te.Code != 552 {
		t.Fatalf("message of %d bytes on the small port (limit %d): got %v, want 552", len(msg), s.SmallLimit, err)
	}
}

func TestStripDelivery(t *testing.T) {
	stored := "Return-Path: <a@example.test>\n" +
		"X-Original-To: b@example.test\n" +
		"Delivered-To: b@example.test\n" +
		"Received: from x (localhost [127.0.0.1])\n" +
		"\tby mailstack.reportmail.test (Postfix) with ESMTPSA id 1\n" +
		"\tfor <b@example.test>; Mon, 23 Nov 2026 07:05:20 +0000 (UTC)\n" +
		"Received: from earlier.example by x; Mon, 23 Nov 2026 07:00:00 +0000\n" +
		"Subject: hi\n\n.body\n"
	want := "Received: from earlier.example by x; Mon, 23 Nov 2026 07:00:00 +0000\r\n" +
		"Subject: hi\r\n\r\n.body\r\n"
	if got := string(StripDelivery([]byte(stored))); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if !HasMessageID("<x@y>")([]byte("Return-Path: <>\nmessage-id: <x@y>\n\nbody")) {
		t.Error("HasMessageID misses a lower-case header")
	}
	if HasMessageID("<x@y>")([]byte("Subject: a\n\nMessage-ID: <x@y>\n")) {
		t.Error("HasMessageID matches in the body")
	}
}
