package send_test

import (
	"context"
	"crypto/tls"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/testkit/smtpfake"
)

// The TLS and greeting faults of issue 8: each ends in its own Kind, the settings mistakes
// and the refused certificates are not temporary (nothing would change by retrying), and
// no credential is ever sent.
func TestTLSAndGreetingFaults(t *testing.T) {
	cases := []struct {
		name      string
		opt       smtpfake.Options
		sec       send.Security
		greeting  time.Duration // the greeting limit; 0: 10 s (the per-step Timeout is a minute)
		setup     time.Duration
		kind      send.Kind
		temporary bool
	}{
		{"RSA-1024 certificate, STARTTLS", smtpfake.Options{Cert: smtpfake.CertRSA1024}, send.StartTLS, 0, 0, send.CertWeakKey, false},
		{"RSA-1024 certificate, implicit", smtpfake.Options{Implicit: true, Cert: smtpfake.CertRSA1024}, send.Implicit, 0, 0, send.CertWeakKey, false},
		{"SHA-1 certificate, STARTTLS", smtpfake.Options{Cert: smtpfake.CertSHA1}, send.StartTLS, 0, 0, send.CertOldSignature, false},
		{"SHA-1 certificate, implicit", smtpfake.Options{Implicit: true, Cert: smtpfake.CertSHA1}, send.Implicit, 0, 0, send.CertOldSignature, false},
		{"TLS 1.0 only, STARTTLS", smtpfake.Options{TLSMaxVersion: tls.VersionTLS10}, send.StartTLS, 0, 0, send.TLSOldVersion, false},
		{"TLS 1.1 only, implicit", smtpfake.Options{Implicit: true, TLSMaxVersion: tls.VersionTLS11}, send.Implicit, 0, 0, send.TLSOldVersion, false},
		{"TLS 1.0 only, implicit", smtpfake.Options{Implicit: true, TLSMaxVersion: tls.VersionTLS10}, send.Implicit, 0, 0, send.TLSOldVersion, false},
		// A long greeting limit: only the probe can end this before it, with another Kind.
		{"STARTTLS on an implicit-TLS port", smtpfake.Options{Implicit: true}, send.StartTLS, 20 * time.Second, 0, send.WantsImplicitTLS, false},
		{"implicit TLS on a plain port", smtpfake.Options{}, send.Implicit, 0, 0, send.WantsStartTLS, false},
		{"implicit TLS on a plain port, greeting late", smtpfake.Options{GreetingDelay: 300 * time.Millisecond}, send.Implicit, 0, 0, send.WantsStartTLS, false},
		{"silent server, STARTTLS", smtpfake.Options{Silent: true}, send.StartTLS, time.Second, 0, send.NoAnswer, true},
		{"silent server, implicit", smtpfake.Options{Silent: true}, send.Implicit, time.Second, 0, send.NoAnswer, true},
		{"trickling greeting", smtpfake.Options{TrickleGreeting: 200 * time.Millisecond}, send.StartTLS, time.Second, 0, send.NoAnswer, true},
		{"trickling greeting, implicit", smtpfake.Options{Implicit: true, TrickleGreeting: 200 * time.Millisecond}, send.Implicit, time.Second, 0, send.NoAnswer, true},
		// Each byte comes long before the per-step deadline; only the whole set-up is bounded.
		{"trickle past the set-up limit", smtpfake.Options{TrickleGreeting: 100 * time.Millisecond}, send.StartTLS, time.Minute, time.Second, send.NoAnswer, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv := smtpfake.Start(t, c.opt)
			cfg := config(srv)
			cfg.Security = c.sec
			cfg.Timeout = time.Minute
			cfg.GreetingTimeout = 10 * time.Second
			if c.greeting != 0 {
				cfg.GreetingTimeout = c.greeting
			}
			cfg.SetupTimeout = c.setup
			for _, probe := range []bool{false, true} {
				var err error
				if probe {
					err = cfg.Probe(context.Background())
				} else {
					err = cfg.Send(context.Background(), from, to, message(), nil)
				}
				var e *send.Error
				if !errors.As(err, &e) {
					t.Fatalf("probe=%v: %v, want *send.Error", probe, err)
				}
				if e.Kind != c.kind || e.Temporary != c.temporary || send.IsTemporary(err) != c.temporary {
					t.Errorf("probe=%v: Kind=%s Temporary=%v, want %s %v (%v)", probe, e.Kind, e.Temporary, c.kind, c.temporary, err)
				}
				if c.kind == send.NoAnswer {
					want := cfg.GreetingTimeout
					if c.setup != 0 {
						want = c.setup
					}
					if e.Waited != want {
						t.Errorf("Waited=%v, want %v", e.Waited, want)
					}
				}
			}
			if srv.AuthAttempted() {
				t.Error("AUTH was sent")
			}
			if len(srv.Delivered()) != 0 {
				t.Error("a message was delivered")
			}
		})
	}
}

// A plain server that is merely slow to greet is not mistaken for a TLS port by the probe.
func TestSlowGreetingIsNotATLSPort(t *testing.T) {
	srv := smtpfake.Start(t, smtpfake.Options{GreetingDelay: 2 * time.Second, Users: map[string]string{"reporter": "secret"}})
	cfg := config(srv)
	cfg.GreetingTimeout = 8 * time.Second // probe after 2 s, mid-delay
	if err := cfg.Send(context.Background(), from, to, message(), nil); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if len(srv.Delivered()) != 1 {
		t.Fatalf("delivered %d", len(srv.Delivered()))
	}
}

// Whoever waits hears that the server is slow, then that it is still slow, with the limit.
func TestWaitingNotices(t *testing.T) {
	srv := smtpfake.Start(t, smtpfake.Options{Silent: true})
	cfg := config(srv)
	cfg.GreetingTimeout = time.Second
	var mu sync.Mutex
	var got []send.Waiting
	cfg.Waiting = func(w send.Waiting) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, w)
	}
	err := cfg.Send(context.Background(), from, to, message(), nil)
	if send.KindOf(err) != send.NoAnswer {
		t.Fatalf("got %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 || got[0].Stage != send.Connecting || got[1].Stage != send.StillWaiting ||
		got[1].Limit != time.Second || got[0].Host != srv.Host {
		t.Fatalf("notices %+v", got)
	}
}

// A server that greets at once gets no notices.
func TestNoNoticesForAPromptServer(t *testing.T) {
	srv := smtpfake.Start(t, smtpfake.Options{})
	cfg := config(srv)
	called := make(chan send.Waiting, 4)
	cfg.Waiting = func(w send.Waiting) { called <- w }
	if err := cfg.Send(context.Background(), from, to, message(), nil); err != nil {
		t.Fatal(err)
	}
	select {
	case w := <-called:
		t.Fatalf("notice %+v for a prompt server", w)
	default:
	}
}
