package send_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/smtpfake"
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
				if send.KindOf(err) != send.Canceled || !errors.Is(err, context.Canceled) {
					t.Errorf("got %v, want Canceled wrapping context.Canceled", err)
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

// Without a cancel, a silent server ends in a timeout that counts as temporary: go-mail's
// own IsTemp() says false for an i/o timeout, and the outbox must retry it.
func TestStallTimesOutAsTemporary(t *testing.T) {
	srv := smtpfake.Start(t, smtpfake.Options{StallAtDot: true})
	cfg := config(srv)
	cfg.Timeout = 700 * time.Millisecond
	start := time.Now()
	err := cfg.Send(context.Background(), from, to, message(), nil)
	if send.KindOf(err) != send.ConnectionLost || !send.IsTemporary(err) {
		t.Fatalf("got %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("timeout took %v", d)
	}
}

// A context deadline that runs out mid-transfer is a lost connection, not a user cancel.
func TestContextDeadline(t *testing.T) {
	srv := smtpfake.Start(t, smtpfake.Options{StallAtDot: true})
	cfg := config(srv)
	cfg.Timeout = time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
	defer cancel()
	err := cfg.Send(ctx, from, to, message(), nil)
	if send.KindOf(err) != send.ConnectionLost || !send.IsTemporary(err) {
		t.Fatalf("got %v", err)
	}
}
