package outbox_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/report"
	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/testkit/smtpfake"
)

// Against the scripted server: each fault ends retried (temporary: still queued, then
// delivered by a later DeliverDue) or explained (permanent: failed, kept, nothing sent).
func TestFaultsEndRetriedOrExplained(t *testing.T) {
	cases := []struct {
		name  string
		fault smtpfake.Options
		state outbox.State
		kind  send.Kind
	}{
		{"421 greeting", smtpfake.Options{Greeting: "421 4.3.2 Service not available"}, outbox.Queued, send.Temporary},
		{"451 rcpt", smtpfake.Options{RcptReply: "451 4.3.0 Try again later"}, outbox.Queued, send.Temporary},
		{"452 rcpt", smtpfake.Options{RcptReply: "452 4.3.1 Insufficient system storage"}, outbox.Queued, send.Temporary},
		{"drop mid-DATA", smtpfake.Options{DropAfter: 10}, outbox.Queued, send.ConnectionLost},
		{"550 rcpt", smtpfake.Options{RcptReply: "550 5.1.1 Recipient address rejected"}, outbox.Failed, send.Refused},
		{"550 mail", smtpfake.Options{MailReply: "550 5.7.1 Sender not allowed"}, outbox.Failed, send.Refused},
		{"552 dot", smtpfake.Options{DotReply: "552 5.3.4 Message size exceeds fixed limit"}, outbox.Failed, send.TooLarge},
		{"535 auth", smtpfake.Options{AuthReply: "535 5.7.8 Authentication failed"}, outbox.Failed, send.AuthFailed},
		{"no STARTTLS", smtpfake.Options{NoStartTLS: true}, outbox.Failed, send.NoStartTLS},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv := smtpfake.Start(t, c.fault, smtpfake.Options{})
			cfg := send.Config{Host: srv.Host, Port: srv.Port, Username: "u", Password: "p", RootCAs: srv.PKI.Pool, Timeout: 5 * time.Second}
			o, now := open(t)
			e := add(t, o)
			got, err := o.Deliver(context.Background(), e.ID, cfg, send.Hooks{})
			if send.KindOf(err) != c.kind || got.State != c.state || got.LastErrorKind != string(c.kind) {
				t.Fatalf("after the fault: %+v %v", got, err)
			}
			if f := got.LastFailure; f == nil || f.Kind != c.kind || got.LastError != "" {
				t.Errorf("failure recorded as %+v, sentence %q", f, got.LastError)
			}
			if c.state == outbox.Failed {
				if srv.AuthAttempted() && c.kind == send.NoStartTLS {
					t.Error("AUTH sent without TLS")
				}
				*now = now.Add(48 * time.Hour)
				if res, _ := o.DeliverDue(context.Background(), cfg, nil); len(res) != 0 {
					t.Errorf("a failed report was retried by itself: %+v", res)
				}
				return
			}
			// Not due before its backoff, delivered after it.
			if res, _ := o.DeliverDue(context.Background(), cfg, nil); len(res) != 0 {
				t.Fatalf("retried before the backoff: %+v", res)
			}
			*now = got.NextAttempt
			res, err := o.DeliverDue(context.Background(), cfg, nil)
			if err != nil || len(res) != 1 || res[0].Err != nil || res[0].Entry.State != outbox.Sent || res[0].Entry.Attempts != 2 {
				t.Fatalf("retry: %+v %v", res, err)
			}
			d := srv.Delivered()
			if len(d) != 1 || !bytes.Equal(d[0].Data, built) {
				t.Fatalf("delivered %d", len(d))
			}
		})
	}
}

// A server without 8BITMIME gets the rebuilt 7-bit report in the same Deliver.
func TestFakeWithout8BitMIME(t *testing.T) {
	srv := smtpfake.Start(t, smtpfake.Options{No8BitMIME: true})
	cfg := send.Config{Host: srv.Host, Port: srv.Port, RootCAs: srv.PKI.Pool, Timeout: 5 * time.Second}
	o, _ := open(t)
	seven := []byte("Subject: False Negative: test\r\n\r\nseven bit\r\n")
	o.Rebuild = func(opts report.Options) (outbox.Message, error) { return outbox.Message{Bytes: seven}, nil }
	e := add(t, o)
	got, err := o.Deliver(context.Background(), e.ID, cfg, send.Hooks{})
	if err != nil || got.State != outbox.Sent {
		t.Fatalf("%+v %v", got, err)
	}
	if d := srv.Delivered(); len(d) != 1 || !bytes.Equal(d[0].Data, seven) {
		t.Fatalf("delivered %+v", d)
	}
}
