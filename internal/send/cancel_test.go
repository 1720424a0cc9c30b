package send_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/testkit/smtpfake"
)

// Cancelling must stop a transfer the server stopped reading (the client blocks in write)
// and one where the server never answers the final dot (the client blocks in read).
func TestCancelStopsStalledTransfer(t *testing.T) {
	// 32 MB is far more than loopback socket buffers hold, so the writer really blocks.
	big := bytes.Repeat([]byte("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd\r\n"), 512<<10)
	cases := []struct {
		name string
		opt  smtpfake.Options
		msg  []byte
	}{
		{"server stops reading", smtpfake.Options{StallAfter: 64 << 10}, big},
		{"no answer to the dot", smtpfake.Options{StallAtDot: true}, message()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := smtpfake.Start(t, c.opt)
			cfg := config(srv)
			cfg.Timeout = time.Minute // only the cancel may end it
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- cfg.Send(ctx, from, to, c.msg, nil) }()
			select {
			case <-srv.Stalled():
			case err := <-done:
				t.Fatalf("Send returned before the stall: %v", err)
			case <-time.After(20 * time.Second):
				t.Fatal("server never stalled")
			}
			time.Sleep(200 * time.Millisecond) // let the client block for real
			start := time.Now()
			cancel()
			select {
			case err := <-done:
				// Cancelled after the final dot, the outcome is not known: the server has it.
				want := send.Canceled
				if c.opt.StallAtDot {
					want = send.Unknown
				}
				if send.KindOf(err) != want || !errors.Is(err, context.Canceled) || send.IsTemporary(err) != (want == send.Canceled) {
					t.Errorf("got %v, want %s wrapping context.Canceled", err, want)
				}
				if d := time.Since(start); d > 2*time.Second {
					t.Errorf("cancel took %v", d)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Send did not return after cancel")
			}
		})
	}
}

// A server silent after the final dot is waited for ReplyTimeout (not the per-step Timeout),
// and then the outcome is unknown: the server has the whole report and may have taken it, so
// it must not count as temporary (which the outbox would retry by itself).
func TestSilentAfterDotIsUnknown(t *testing.T) {
	srv := smtpfake.Start(t, smtpfake.Options{StallAtDot: true})
	cfg := config(srv)
	cfg.Timeout = time.Minute
	cfg.ReplyTimeout = 700 * time.Millisecond
	err := cfg.Send(context.Background(), from, to, message(), nil)
	if send.KindOf(err) != send.Unknown || send.IsTemporary(err) || !errors.Is(err, send.ErrUnknown) {
		t.Fatalf("got %v, want Unknown, not temporary", err)
	}
}

// A context deadline that runs out after the final dot is an unknown outcome too.
func TestContextDeadline(t *testing.T) {
	srv := smtpfake.Start(t, smtpfake.Options{StallAtDot: true})
	cfg := config(srv)
	cfg.Timeout = time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
	defer cancel()
	err := cfg.Send(ctx, from, to, message(), nil)
	if send.KindOf(err) != send.Unknown || send.IsTemporary(err) {
		t.Fatalf("got %v", err)
	}
}
