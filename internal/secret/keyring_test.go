package secret

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

// These tests swap go-keyring's process-wide provider, so none of them runs in parallel.

func TestKeyringRoundTrip(t *testing.T) {
	keyring.MockInit()
	k := NewKeyring(0)
	if _, err := k.Get("alice@example.co.nz"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get before Set: %v", err)
	}
	if err := k.Set("alice@example.co.nz", "correct horse"); err != nil {
		t.Fatal(err)
	}
	if pw, err := k.Get("alice@example.co.nz"); err != nil || pw != "correct horse" {
		t.Fatalf("Get = %q, %v", pw, err)
	}
	if err := k.Set("alice@example.co.nz", "battery staple"); err != nil {
		t.Fatal(err)
	}
	if pw, _ := k.Get("alice@example.co.nz"); pw != "battery staple" {
		t.Fatalf("Set did not replace: %q", pw)
	}
	if err := k.Delete("alice@example.co.nz"); err != nil {
		t.Fatal(err)
	}
	if err := k.Delete("alice@example.co.nz"); err != nil {
		t.Fatalf("second Delete: %v", err)
	}
	if _, err := k.Get("alice@example.co.nz"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete: %v", err)
	}
	if !k.Available(context.Background()) {
		t.Error("mock keychain not available")
	}
	s, persistent, why := Choose(context.Background())
	if _, ok := s.(*Keyring); !ok || !persistent || why != nil {
		t.Errorf("Choose = %T, %v, %v", s, persistent, why)
	}
}

func TestKeyringErrorsFromLibrary(t *testing.T) {
	t.Cleanup(keyring.MockInit)
	cases := []struct {
		libErr error
		want   error
	}{
		{keyring.ErrSetDataTooBig, ErrTooBig},
		{keyring.ErrUnsupportedPlatform, ErrUnavailable},
		{fmt.Errorf("keyring: %w", exec.ErrNotFound), ErrUnavailable},
	}
	for _, c := range cases {
		keyring.MockInitWithError(c.libErr)
		k := NewKeyring(0)
		err := k.Set("alice", "pw")
		var e *Error
		if !errors.As(err, &e) || e.Op != "set" || !errors.Is(err, c.want) || !errors.Is(err, c.libErr) {
			t.Errorf("%v: got %v", c.libErr, err)
		}
		if _, err := k.Get("alice"); !errors.Is(err, c.want) {
			t.Errorf("%v: Get got %v", c.libErr, err)
		}
		if k.Available(context.Background()) {
			t.Errorf("%v: reported available", c.libErr)
		}
	}
	keyring.MockInitWithError(keyring.ErrUnsupportedPlatform)
	s, persistent, why := Choose(context.Background())
	if _, ok := s.(*Memory); !ok || persistent || !errors.Is(why, ErrUnavailable) {
		t.Errorf("Choose without keychain = %T, %v, %v", s, persistent, why)
	}
	if Explain(why) != "This computer has no password keychain Report Mail can use." {
		t.Errorf("Explain = %q", Explain(why))
	}
}

func TestArgumentChecks(t *testing.T) {
	keyring.MockInit()
	for name, s := range map[string]Store{"keyring": NewKeyring(0), "memory": NewMemory()} {
		if err := s.Set("alice", strings.Repeat("x", MaxPasswordBytes+1)); !errors.Is(err, ErrTooBig) {
			t.Errorf("%s: long password: %v", name, err)
		}
		if err := s.Set("alice", strings.Repeat("x", MaxPasswordBytes)); err != nil {
			t.Errorf("%s: password at the limit: %v", name, err)
		}
		if err := s.Set(" ", "pw"); !errors.Is(err, ErrNoAccount) {
			t.Errorf("%s: empty account: %v", name, err)
		}
		if _, err := s.Get(""); !errors.Is(err, ErrNoAccount) {
			t.Errorf("%s: empty account: %v", name, err)
		}
	}
}

// fake is a keychain whose calls can be made to hang, as an unanswered unlock prompt does.
type fake struct {
	release chan struct{} // calls block until closed; nil means answer at once
	calls   atomic.Int32
	panics  bool
}

func (f *fake) wait() {
	f.calls.Add(1)
	if f.panics {
		panic("interface conversion: interface {} is nil, not bool")
	}
	if f.release != nil {
		<-f.release
	}
}
func (f *fake) Get(string, string) (string, error) { f.wait(); return "", keyring.ErrNotFound }
func (f *fake) Set(string, string, string) error   { f.wait(); return nil }
func (f *fake) Delete(string, string) error        { f.wait(); return nil }

func withFake(f *fake, timeout time.Duration) *Keyring {
	return &Keyring{service: Service, timeout: timeout, backend: f, gate: make(chan struct{}, 1)}
}

func TestKeyringTimeout(t *testing.T) {
	f := &fake{release: make(chan struct{})}
	t.Cleanup(func() { close(f.release) })
	k := withFake(f, 100*time.Millisecond)

	start := time.Now()
	_, err := k.Get("alice")
	if !errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Get on a hung keychain: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("gave up after %v", d)
	}
	// The first call still holds the keychain; later ones must not pile up behind it.
	for _, op := range []func() error{
		func() error { return k.Set("alice", "pw") },
		func() error { return k.Delete("alice") },
		func() error { return k.Probe(context.Background()) },
	} {
		if err := op(); !errors.Is(err, ErrTimeout) {
			t.Errorf("while hung: %v", err)
		}
	}
	if n := f.calls.Load(); n != 1 {
		t.Errorf("%d calls reached the keychain, want 1", n)
	}
	if Explain(err) == "" || strings.Contains(Explain(err), "deadline") {
		t.Errorf("Explain = %q", Explain(err))
	}
}

func TestKeyringRecoversAfterHang(t *testing.T) {
	f := &fake{release: make(chan struct{})}
	k := withFake(f, 50*time.Millisecond)
	if err := k.Set("alice", "pw"); !errors.Is(err, ErrTimeout) {
		t.Fatalf("Set: %v", err)
	}
	close(f.release) // the user finally answers the prompt
	deadline := time.Now().Add(2 * time.Second)
	for {
		err := k.Set("alice", "pw")
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("keychain never usable again: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestProbeHonoursContext(t *testing.T) {
	f := &fake{release: make(chan struct{})}
	t.Cleanup(func() { close(f.release) })
	k := withFake(f, time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	if k.Available(ctx) {
		t.Fatal("hung keychain reported available")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("Available waited %v", d)
	}
}

func TestKeyringSurvivesLibraryPanic(t *testing.T) {
	k := withFake(&fake{panics: true}, time.Second)
	_, err := k.Get("alice")
	if !errors.Is(err, ErrKeychain) {
		t.Fatalf("got %v", err)
	}
	// The gate was released: the next call runs (and panics again, cleanly).
	if err := k.Set("alice", "pw"); !errors.Is(err, ErrKeychain) {
		t.Fatalf("after panic: %v", err)
	}
}

func TestExplain(t *testing.T) {
	if Explain(nil) != "" {
		t.Error("Explain(nil) not empty")
	}
	seen := map[string]bool{}
	for _, kind := range []error{ErrNotFound, ErrUnavailable, ErrTimeout, ErrDenied, ErrTooBig, ErrNoAccount, ErrKeychain} {
		msg := Explain(&Error{Op: "get", Kind: kind, Err: errors.New("org.freedesktop.DBus.Error.Weird: raw text")})
		if msg == "" || strings.Contains(msg, "raw text") || !strings.HasSuffix(msg, ".") {
			t.Errorf("%v: %q", kind, msg)
		}
		if kind != ErrKeychain && seen[msg] {
			t.Errorf("%v shares its message", kind)
		}
		seen[msg] = true
	}
}
