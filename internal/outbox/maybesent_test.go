package outbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/report"
	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/testkit/smtpfake"
)

// lostAfterDot sends everything, then loses the connection before the answer, as a
// transport that does not know about unknown outcomes would say it: temporary.
type lostAfterDot struct {
	n     int
	sent  [][]byte
	state []byte // state.json as it was on disk when the wait began
	dir   string
}

func (s *lostAfterDot) SendWith(_ context.Context, _ string, _ []string, msg []byte, h send.Hooks) error {
	s.n++
	s.sent = append(s.sent, msg)
	h.DataSent()
	s.state, _ = os.ReadFile(filepath.Join(s.dir, "queue", s.id(), "state.json"))
	return &send.Error{Kind: send.ConnectionLost, Op: "data", Temporary: true}
}

func (s *lostAfterDot) id() string {
	ents, _ := os.ReadDir(filepath.Join(s.dir, "queue"))
	if len(ents) == 0 {
		return ""
	}
	return ents[0].Name()
}

// A connection lost after the final dot: the report is Unknown, recorded before the wait,
// and nothing sends it again by itself — not DeliverDue, not Retry, not Deliver. Only
// SendAgain does, with the very same bytes (same Message-ID).
func TestLostAfterTheDotIsNeverRetriedByItself(t *testing.T) {
	o, now := open(t)
	e := add(t, o)
	s := &lostAfterDot{dir: o.Dir()}
	got, err := o.Deliver(context.Background(), e.ID, s, send.Hooks{})
	if send.KindOf(err) != send.Unknown || send.IsTemporary(err) || got.State != outbox.Unknown || got.DataSentAt.IsZero() || !got.NextAttempt.IsZero() {
		t.Fatalf("after a loss past the dot: %+v %v", got, err)
	}
	var during outbox.Entry
	if err := json.Unmarshal(s.state, &during); err != nil || during.State != outbox.Sending || during.DataSentAt.IsZero() {
		t.Fatalf("on disk while waiting for the answer: %s (%v)", s.state, err)
	}

	*now = now.Add(72 * time.Hour)
	if res, _ := o.DeliverDue(context.Background(), s, nil); len(res) != 0 || s.n != 1 {
		t.Fatalf("DeliverDue sent it again: %+v (%d sends)", res, s.n)
	}
	if err := o.Retry(e.ID, *now); !errors.Is(err, outbox.ErrMaybeSent) {
		t.Errorf("Retry: %v, want ErrMaybeSent", err)
	}
	if _, err := o.Deliver(context.Background(), e.ID, s, send.Hooks{}); !errors.Is(err, outbox.ErrMaybeSent) || s.n != 1 {
		t.Fatalf("Deliver of an unknown report: %v (%d sends)", err, s.n)
	}
	if l, _ := o.List(); len(l) != 1 || l[0].State != outbox.Unknown {
		t.Fatalf("list %+v", l)
	}

	again, err := o.SendAgain(e.ID, *now)
	if err != nil || again.State != outbox.Queued || again.Repeats != 1 {
		t.Fatalf("SendAgain: %+v %v", again, err)
	}
	if _, err := o.Deliver(context.Background(), e.ID, s, send.Hooks{}); send.KindOf(err) != send.Unknown || s.n != 2 {
		t.Fatalf("second attempt: %v (%d sends)", err, s.n)
	}
	if !bytes.Equal(s.sent[0], s.sent[1]) || !bytes.Equal(s.sent[1], built) {
		t.Error("the repeat is not the stored report byte for byte")
	}

	// The person checks with the desk: it arrived.
	marked, err := o.MarkSent(e.ID)
	if err != nil || marked.State != outbox.Sent || !marked.MarkedSent || !marked.SentAt.Equal(marked.DataSentAt) {
		t.Fatalf("MarkSent: %+v %v", marked, err)
	}
	if h, _ := o.History(); len(h) != 1 || h[0].ID != e.ID {
		t.Fatalf("history %+v", h)
	}
	if l, _ := o.List(); len(l) != 0 {
		t.Fatalf("list after MarkSent %+v", l)
	}
}

// A refusal to the final dot is the server's answer: the report was not taken, and the usual
// rules apply (451 retried later, 550 failed).
func TestAnswerToTheDotIsNotUnknown(t *testing.T) {
	for _, c := range []struct {
		reply string
		state outbox.State
	}{{"451 4.3.0 Try later", outbox.Queued}, {"554 5.7.1 Rejected", outbox.Failed}} {
		srv := smtpfake.Start(t, smtpfake.Options{DotReply: c.reply})
		o, _ := open(t)
		e := add(t, o)
		got, err := o.Deliver(context.Background(), e.ID, fakeConfig(srv), send.Hooks{})
		if got.State != c.state || send.KindOf(err) == send.Unknown {
			t.Errorf("%s: %+v %v", c.reply, got, err)
		}
	}
}

func fakeConfig(srv *smtpfake.Server) send.Config {
	return send.Config{Host: srv.Host, Port: srv.Port, Username: "u", Password: "p", RootCAs: srv.PKI.Pool,
		Timeout: 5 * time.Second, ReplyTimeout: 500 * time.Millisecond}
}

// Against the scripted server: silent after the dot, reset after the dot, and a cancel
// while waiting each end Unknown after exactly one transaction; a stop before the data is
// all out stays queued.
func TestFakeServerEndsAfterTheDot(t *testing.T) {
	cases := []struct {
		name   string
		opt    smtpfake.Options
		cancel bool
		state  outbox.State
	}{
		{"silent after the dot", smtpfake.Options{StallAtDot: true}, false, outbox.Unknown},
		{"silent, then hangs up", smtpfake.Options{SilentAtDot: 200 * time.Millisecond}, false, outbox.Unknown},
		{"reset after the dot", smtpfake.Options{ResetAtDot: true}, false, outbox.Unknown},
		{"cancelled while waiting", smtpfake.Options{StallAtDot: true}, true, outbox.Unknown},
		{"cancelled mid-transfer", smtpfake.Options{StallAfter: 10}, true, outbox.Queued},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := smtpfake.Start(t, c.opt, smtpfake.Options{}) // a second try is accepted
			cfg := fakeConfig(srv)
			if c.cancel {
				cfg.Timeout, cfg.ReplyTimeout = time.Minute, time.Minute
			}
			o, now := open(t)
			msg := built
			if c.opt.StallAfter > 0 {
				msg = bytes.Repeat([]byte("a long line of the report to fill the socket buffers\r\n"), 1<<18)
			}
			e, err := o.Add(outbox.Message{Bytes: msg, Subject: "s", MessageID: "<m@x>"}, testOptions(), "me@example.test", []string{"emailsupport@smxemail.com"})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if c.cancel {
				go func() {
					select {
					case <-srv.Stalled():
					case <-time.After(time.Minute):
					}
					cancel()
				}()
			}
			got, err := o.Deliver(ctx, e.ID, cfg, send.Hooks{})
			if got.State != c.state {
				t.Fatalf("state %s (%v), want %s", got.State, err, c.state)
			}
			if n := len(srv.Sessions()[0].Messages); n != 1 {
				t.Errorf("%d transactions, want 1", n)
			}
			*now = now.Add(72 * time.Hour)
			res, _ := o.DeliverDue(context.Background(), cfg, nil)
			if c.state == outbox.Unknown && (len(res) != 0 || len(srv.Sessions()) != 1) {
				t.Errorf("an unknown outcome was sent again: %+v", res)
			}
			if c.state == outbox.Queued && len(res) != 1 {
				t.Errorf("a report stopped before its data was out is not due: %+v", res)
			}
		})
	}
}

// A process that died waiting for the answer leaves "sending" with data_sent_at and no lock
// holder: that is Unknown, listed, never due, never sent by Deliver.
func TestDiedWaitingForTheAnswerIsUnknown(t *testing.T) {
	o, now := open(t)
	e := add(t, o)
	rec := filepath.Join(o.Dir(), "queue", e.ID, "state.json")
	var onDisk outbox.Entry
	raw, _ := os.ReadFile(rec)
	json.Unmarshal(raw, &onDisk)
	onDisk.State, onDisk.DataSentAt, onDisk.Attempts = outbox.Sending, *now, 1
	raw, _ = json.Marshal(onDisk)
	os.WriteFile(rec, raw, 0o600)

	if l, _ := o.List(); len(l) != 1 || l[0].State != outbox.Unknown {
		t.Fatalf("list %+v", l)
	}
	if g, _ := o.Get(e.ID); g.State != outbox.Unknown {
		t.Fatalf("get %+v", g)
	}
	if d, _ := o.Due(now.Add(time.Hour)); len(d) != 0 {
		t.Fatalf("due %+v", d)
	}
	s := &lostAfterDot{dir: o.Dir()}
	if _, err := o.Deliver(context.Background(), e.ID, s, send.Hooks{}); !errors.Is(err, outbox.ErrMaybeSent) || s.n != 0 {
		t.Fatalf("Deliver: %v, %d sends", err, s.n)
	}
}

func testOptions() report.Options {
	return report.Options{Kind: report.FalseNegative, Note: "spam", From: "me@example.test", To: "emailsupport@smxemail.com",
		Original: original, RejectionNotice: []byte("bounce"), EightBit: true}
}
