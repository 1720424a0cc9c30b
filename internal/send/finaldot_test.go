package send_test

import (
	"context"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/testkit/smtpfake"
)

// What happens at the final dot decides whether a report may be sent again. The hook
// DataSent marks the moment: once, after the last byte, only when the dot went out.
func TestFinalDotOutcomes(t *testing.T) {
	cases := []struct {
		name     string
		opt      smtpfake.Options
		kind     send.Kind // "" means accepted
		dataSent bool
	}{
		{"accepted", smtpfake.Options{}, "", true},
		// Longer than Timeout below, far shorter than ReplyTimeout: a slow scan is waited for.
		{"late answer", smtpfake.Options{DotDelay: 1500 * time.Millisecond}, "", true},
		{"silent, then hangs up", smtpfake.Options{SilentAtDot: 300 * time.Millisecond}, send.Unknown, true},
		{"reset after the dot", smtpfake.Options{ResetAtDot: true}, send.Unknown, true},
		{"never answers", smtpfake.Options{StallAtDot: true}, send.Unknown, true},
		{"451 to the dot", smtpfake.Options{DotReply: "451 4.3.0 Try later"}, send.Temporary, true},
		{"550 to the dot", smtpfake.Options{DotReply: "550 5.7.1 No"}, send.Refused, true},
		{"dropped mid-data", smtpfake.Options{DropAfter: 10}, send.ConnectionLost, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := smtpfake.Start(t, c.opt)
			cfg := config(srv)
			cfg.Timeout = 500 * time.Millisecond
			cfg.ReplyTimeout = 5 * time.Second
			msg := message()
			var events []string
			err := cfg.SendWith(context.Background(), from, to, msg, send.Hooks{
				Progress: func(done, total int64) {
					if done == total {
						events = append(events, "all written")
					}
				},
				DataSent: func() { events = append(events, "data sent") },
			})
			if send.KindOf(err) != c.kind || (c.kind == "") != (err == nil) {
				t.Fatalf("got %v, want kind %q", err, c.kind)
			}
			if c.kind == send.Unknown && send.IsTemporary(err) {
				t.Error("an unknown outcome counts as temporary: it would be retried by itself")
			}
			n := 0
			for _, e := range events {
				if e == "data sent" {
					n++
				}
			}
			if c.dataSent && (n != 1 || events[len(events)-1] != "data sent") {
				t.Errorf("events %v, want DataSent once, after everything was written", events)
			}
			if !c.dataSent && n != 0 {
				t.Errorf("DataSent called although the message did not get through: %v", events)
			}
			if got := len(srv.Sessions()); got != 1 {
				t.Errorf("%d connections, want 1", got)
			}
		})
	}
}

// A slow answer to the dot is announced through Waiting, as Confirming with the reply
// timeout as its limit; a prompt one is not.
func TestSlowConfirmationIsAnnounced(t *testing.T) {
	for _, c := range []struct {
		opt  smtpfake.Options
		want bool
	}{{smtpfake.Options{}, false}, {smtpfake.Options{DotDelay: 4 * time.Second}, true}} {
		srv := smtpfake.Start(t, c.opt)
		cfg := config(srv)
		cfg.ReplyTimeout = time.Minute
		var got []send.Waiting
		cfg.Waiting = func(w send.Waiting) {
			if w.Stage == send.Confirming {
				got = append(got, w)
			}
		}
		if err := cfg.Send(context.Background(), from, to, message(), nil); err != nil {
			t.Fatal(err)
		}
		if (len(got) == 1) != c.want || (c.want && got[0].Limit != time.Minute) {
			t.Errorf("%+v: Confirming notices %+v", c.opt, got)
		}
	}
}
