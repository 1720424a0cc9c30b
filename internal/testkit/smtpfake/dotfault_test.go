package smtpfake_test

import (
	"errors"
	"io"
	"net"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/testkit/smtpfake"
)

// talk runs one transaction in clear up to the final dot and returns what came back after
// it: the reply line, or the read error.
func talk(t *testing.T, srv *smtpfake.Server) (string, error) {
	t.Helper()
	c, err := net.Dial("tcp", srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Minute)) // only a broken fake hits this
	tc := textproto.NewConn(c)
	if _, _, err := tc.ReadResponse(220); err != nil {
		t.Fatalf("greeting: %v", err)
	}
	for _, step := range []struct {
		cmd  string
		code int
	}{{"EHLO client.test", 250}, {"MAIL FROM:<a@example.test>", 250}, {"RCPT TO:<b@example.test>", 250}, {"DATA", 354}} {
		id, err := tc.Cmd("%s", step.cmd)
		if err != nil {
			t.Fatal(err)
		}
		tc.StartResponse(id)
		_, _, err = tc.ReadResponse(step.code)
		tc.EndResponse(id)
		if err != nil {
			t.Fatalf("%s: %v", step.cmd, err)
		}
	}
	if _, err := io.WriteString(c, "Subject: x\r\n\r\nbody\r\n.\r\n"); err != nil {
		t.Fatal(err)
	}
	line, err := tc.ReadLine()
	return line, err
}

// The faults after the final dot: silent then hang up, reset, and a late but real answer.
// Each records the whole message as received and not accepted (or accepted, for the late one).
func TestFaultsAfterTheFinalDot(t *testing.T) {
	cases := []struct {
		name     string
		opt      smtpfake.Options
		reply    string // "" means no reply, only an end of the connection
		accepted bool
	}{
		{"silent, then hangs up", smtpfake.Options{NoStartTLS: true, SilentAtDot: 300 * time.Millisecond}, "", false},
		{"reset", smtpfake.Options{NoStartTLS: true, ResetAtDot: true}, "", false},
		{"late answer", smtpfake.Options{NoStartTLS: true, DotDelay: 300 * time.Millisecond}, "250 ", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := smtpfake.Start(t, c.opt)
			line, err := talk(t, srv)
			if c.reply == "" {
				var ne net.Error
				if err == nil || (errors.As(err, &ne) && ne.Timeout()) {
					t.Fatalf("got %q %v, want the connection to end without a reply", line, err)
				}
			} else if err != nil || !strings.HasPrefix(line, c.reply) {
				t.Fatalf("got %q %v, want %q…", line, err, c.reply)
			}
			ss := srv.Sessions()
			if len(ss) != 1 || len(ss[0].Messages) != 1 || string(ss[0].Messages[0].Data) != "Subject: x\r\n\r\nbody\r\n" || ss[0].Messages[0].Accepted != c.accepted {
				t.Fatalf("recorded %+v", ss)
			}
			if c.reply == "" {
				select {
				case <-srv.Stalled():
				default:
					t.Error("Stalled not signalled")
				}
			}
		})
	}
}
