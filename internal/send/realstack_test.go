package send_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/testkit/mailstacktest"
)

// realMessage is a message with a fresh Message-ID (to find it in the shared Maildir), 8-bit
// text, dot-leading lines and a long-ish body.
func realMessage(id string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: <reporter@example.test>\r\nTo: <emailsupport@smxemail.com>\r\n"+
		"Subject: False Negative: send test\r\nDate: Mon, 02 Nov 2026 09:00:00 +1300\r\n"+
		"Message-ID: %s\r\nMIME-Version: 1.0\r\n"+
		"Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n", id)
	b.WriteString("Caf\xe9 cr\xe8me br\xfbl\xe9e\r\n.leading dot\r\n..two dots\r\n.\r\n")
	for i := range 2000 {
		fmt.Fprintf(&b, "line %04d of a report that is long enough to need several writes\r\n", i)
	}
	return b.Bytes()
}

func stackConfig(s *mailstacktest.Stack, host string, port int, sec send.Security) send.Config {
	pool, err := send.LoadCAFile(s.CAFile)
	if err != nil {
		panic(err) // Require loaded the same file
	}
	return send.Config{Host: host, Port: port, Security: sec, Username: s.User, Password: s.Password,
		RootCAs: pool, Timeout: 15 * time.Second}
}

func TestRealDelivery(t *testing.T) {
	s := mailstacktest.Require(t)
	for _, c := range []struct {
		name string
		port int
		sec  send.Security
	}{
		{"submission STARTTLS", s.SMTPSubmission, send.StartTLS},
		{"implicit TLS", s.SMTPImplicit, send.Implicit},
		{"port-25 style STARTTLS", s.SMTPStartTLS, send.StartTLS},
	} {
		t.Run(c.name, func(t *testing.T) {
			id := mailstacktest.NewMessageID()
			msg := realMessage(id)
			var last int64
			err := stackConfig(s, s.HostGood, c.port, c.sec).Send(context.Background(),
				s.User, []string{"emailsupport@smxemail.com"}, msg, func(d, _ int64) { last = d })
			if err != nil {
				t.Fatalf("Send: %v", err)
			}
			if last != int64(len(msg)) {
				t.Errorf("progress ended at %d of %d", last, len(msg))
			}
			got := mailstacktest.StripDelivery(s.WaitDelivered(t, mailstacktest.HasMessageID(id), 15*time.Second))
			if !bytes.Equal(got, msg) {
				t.Fatalf("delivered bytes differ from the sent bytes (%d vs %d)", len(got), len(msg))
			}
		})
	}
}

func TestRealProbe(t *testing.T) {
	s := mailstacktest.Require(t)
	if err := stackConfig(s, s.HostGood, s.SMTPSubmission, send.StartTLS).Probe(context.Background()); err != nil {
		t.Fatalf("Probe: %v", err)
	}
}

// The refusals: each with its Kind, nothing delivered.
func TestRealRefusals(t *testing.T) {
	s := mailstacktest.Require(t)
	cases := []struct {
		name string
		cfg  func() send.Config
		kind send.Kind
	}{
		{"expired STARTTLS", func() send.Config { return stackConfig(s, s.HostExpired, s.SMTPSubmission, send.StartTLS) }, send.CertExpired},
		{"expired implicit", func() send.Config { return stackConfig(s, s.HostExpired, s.SMTPImplicit, send.Implicit) }, send.CertExpired},
		{"wrong host STARTTLS", func() send.Config { return stackConfig(s, s.HostWrong, s.SMTPSubmission, send.StartTLS) }, send.CertWrongHost},
		{"wrong host implicit", func() send.Config { return stackConfig(s, s.HostWrong, s.SMTPImplicit, send.Implicit) }, send.CertWrongHost},
		{"untrusted CA", func() send.Config {
			c := stackConfig(s, s.HostGood, s.SMTPSubmission, send.StartTLS)
			c.RootCAs = nil // the system roots only: the test CA is unknown
			return c
		}, send.CertUntrusted},
		{"wrong password", func() send.Config {
			c := stackConfig(s, s.HostGood, s.SMTPSubmission, send.StartTLS)
			c.Password = "not-the-password"
			return c
		}, send.AuthFailed},
		{"over the size limit", func() send.Config { return stackConfig(s, s.HostGood, s.SMTPSmall, send.StartTLS) }, send.TooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			id := mailstacktest.NewMessageID()
			msg := realMessage(id)
			if c.kind == send.TooLarge {
				msg = append(msg, bytes.Repeat([]byte("padding to pass the small listener's limit...\r\n"), int(s.SmallLimit/40))...)
			}
			err := c.cfg().Send(context.Background(), s.User, []string{"emailsupport@smxemail.com"}, msg, nil)
			if send.KindOf(err) != c.kind {
				t.Fatalf("got %v, want %s", err, c.kind)
			}
			if send.IsTemporary(err) {
				t.Errorf("%s counted as temporary", c.kind)
			}
			assertNotDelivered(t, s, id)
		})
	}
}

// The trap listener offers AUTH in clear and no STARTTLS: Send must refuse before AUTH,
// and Postfix's own log must show that no AUTH command arrived.
func TestRealTrapNeverSendsAuth(t *testing.T) {
	s := mailstacktest.Require(t)
	for _, probe := range []bool{false, true} {
		t.Run(fmt.Sprintf("probe=%v", probe), func(t *testing.T) {
			port := freePort(t)
			cfg := stackConfig(s, s.HostGood, s.SMTPTrap, send.StartTLS)
			cfg.Dialer = &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(s.HostGood), Port: port}}
			id := mailstacktest.NewMessageID()
			var err error
			if probe {
				err = cfg.Probe(context.Background())
			} else {
				err = cfg.Send(context.Background(), s.User, []string{"emailsupport@smxemail.com"}, realMessage(id), nil)
			}
			if send.KindOf(err) != send.NoStartTLS {
				t.Fatalf("got %v, want NoStartTLS", err)
			}
			line := s.TrapDisconnect(t, port, 10*time.Second)
			if strings.Contains(line, " auth=") || !strings.Contains(line, " ehlo=") {
				t.Fatalf("trap log: %s", line)
			}
			if strings.Contains(line, " mail=") {
				t.Errorf("MAIL was sent without TLS: %s", line)
			}
			assertNotDelivered(t, s, id)
		})
	}
}

func assertNotDelivered(t *testing.T, s *mailstacktest.Stack, id string) {
	t.Helper()
	time.Sleep(300 * time.Millisecond) // delivery is asynchronous; a refused message never comes
	match := mailstacktest.HasMessageID(id)
	for _, raw := range s.Delivered() {
		if match(raw) {
			t.Fatalf("message %s was delivered", id)
		}
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// The security setting the other way round against real Postfix: STARTTLS on the implicit
// port is found by the probe within seconds, implicit TLS on the submission port by the
// "220" where a TLS record should be. Both are settings mistakes, never retried, no AUTH.
func TestRealWrongSecurityForPort(t *testing.T) {
	s := mailstacktest.Require(t)
	for _, c := range []struct {
		name string
		port int
		sec  send.Security
		kind send.Kind
	}{
		{"STARTTLS on the implicit port", s.SMTPImplicit, send.StartTLS, send.WantsImplicitTLS},
		{"implicit on the submission port", s.SMTPSubmission, send.Implicit, send.WantsStartTLS},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := stackConfig(s, s.HostGood, c.port, c.sec)
			cfg.GreetingTimeout = 20 * time.Second // longer than the probe needs
			id := mailstacktest.NewMessageID()
			err := cfg.Send(context.Background(), s.User, []string{"emailsupport@smxemail.com"}, realMessage(id), nil)
			if send.KindOf(err) != c.kind || send.IsTemporary(err) {
				t.Fatalf("got %v, want %s, not temporary", err, c.kind)
			}
			assertNotDelivered(t, s, id)
		})
	}
}
