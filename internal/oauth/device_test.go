package oauth

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/secret"
	"github.com/reportmail/reportmail/internal/testkit/oauthserver"
)

func TestDeviceSignIn(t *testing.T) {
	for _, tc := range []struct {
		name     string
		opts     oauthserver.Options
		want     error
		waits    []time.Duration
		approved bool
	}{
		{"pending then slow down", oauthserver.Options{DeviceInterval: 2, DeviceAutoApprove: true,
			DeviceScript: []string{"authorization_pending", "slow_down", "authorization_pending"}},
			nil, []time.Duration{2 * time.Second, 2 * time.Second, 7 * time.Second, 7 * time.Second}, true},
		{"no interval means 5 s", oauthserver.Options{DeviceAutoApprove: true},
			nil, []time.Duration{5 * time.Second}, true},
		{"declined", oauthserver.Options{DeviceInterval: 1, DeviceScript: []string{"authorization_pending", "access_denied"}},
			ErrDenied, []time.Duration{time.Second, time.Second}, false},
		{"expired", oauthserver.Options{DeviceInterval: 1, DeviceScript: []string{"expired_token"}},
			ErrExpired, []time.Duration{time.Second}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := oauthserver.Start(t, tc.opts)
			c := newConfig(srv, secret.NewMemory())
			var waits []time.Duration
			c.sleep = func(ctx context.Context, d time.Duration) error {
				waits = append(waits, d)
				if len(waits) > 20 {
					t.Fatal("still polling after 20 tries")
				}
				return ctx.Err()
			}
			var shown DeviceCode
			s, err := c.DeviceSignIn(context.Background(), account, func(d DeviceCode) { shown = d })
			if shown.UserCode == "" || shown.VerificationURI == "" || shown.Expires.IsZero() {
				t.Errorf("shown %+v", shown)
			}
			if tc.want != nil {
				if !errors.Is(err, tc.want) {
					t.Fatalf("got %v, want %v", err, tc.want)
				}
			} else if err != nil {
				t.Fatal(err)
			} else if tok, _ := s.Token(context.Background()); !srv.Active(tok) {
				t.Error("no live token")
			}
			if len(waits) != len(tc.waits) {
				t.Fatalf("waited %v, want %v", waits, tc.waits)
			}
			for i := range waits {
				if waits[i] != tc.waits[i] {
					t.Errorf("waited %v, want %v", waits, tc.waits)
					break
				}
			}
		})
	}
}

// The person approves on another device while the app polls.
func TestDeviceApprovedByPerson(t *testing.T) {
	srv := oauthserver.Start(t, oauthserver.Options{DeviceInterval: 1})
	c := newConfig(srv, nil)
	var code string
	polls := 0
	c.sleep = func(ctx context.Context, d time.Duration) error {
		polls++
		if polls == 3 && !srv.Approve(code) {
			t.Errorf("user code %q not known", code)
		}
		if polls > 10 {
			t.Fatal("approval not noticed")
		}
		return nil
	}
	if _, err := c.DeviceSignIn(context.Background(), account, func(d DeviceCode) { code = d.UserCode }); err != nil {
		t.Fatal(err)
	}
	if polls != 3 {
		t.Errorf("%d polls, want 3", polls)
	}
}

func TestDeviceStoppedByCaller(t *testing.T) {
	srv := oauthserver.Start(t, oauthserver.Options{DeviceInterval: 1})
	c := newConfig(srv, nil)
	ctx, cancel := context.WithCancel(context.Background())
	c.sleep = func(ctx context.Context, d time.Duration) error {
		cancel()
		return ctx.Err()
	}
	if _, err := c.DeviceSignIn(ctx, account, nil); !errors.Is(err, ErrCanceled) {
		t.Fatalf("got %v, want ErrCanceled", err)
	}
	c.Service.DeviceURL = ""
	if _, err := c.DeviceSignIn(context.Background(), account, nil); !errors.Is(err, ErrNoDevice) {
		t.Fatalf("no device endpoint: %v", err)
	}
}
