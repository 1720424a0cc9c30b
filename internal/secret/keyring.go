package secret

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"

	"github.com/zalando/go-keyring"
)

// Service is the name entries are filed under in the keychain; users see it in Keychain
// Access, Credential Manager and Seahorse.
const Service = "Report Mail"

// DefaultTimeout bounds every keychain call. The Secret Service and macOS Keychain can show
// an unlock prompt and wait for it for ever; after this long the app stops waiting and says
// so, rather than hanging the settings screen or the send.
const DefaultTimeout = 5 * time.Second

// probeAccount is looked up by Probe. It is never stored, so "not found" is the healthy
// answer.
const probeAccount = "Report Mail keychain check"

// backend is the part of go-keyring we use, so tests can put a keychain that hangs or fails
// in its place.
type backend interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

type osKeyring struct{}

func (osKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (osKeyring) Set(service, user, pw string) error       { return keyring.Set(service, user, pw) }
func (osKeyring) Delete(service, user string) error        { return keyring.Delete(service, user) }

// osGate lets one call at a time reach the OS keychain, process-wide. A call stuck behind an
// unanswered unlock prompt keeps the gate, so later calls time out at once instead of each
// leaving one more goroutine (and, on Linux, one more prompt) waiting behind it.
var osGate = make(chan struct{}, 1)

// Keyring is the Store backed by the operating system's keychain. Every call runs in its own
// goroutine and gives up after the timeout; the caller gets ErrTimeout and the abandoned call
// finishes (or not) in the background.
type Keyring struct {
	service string
	timeout time.Duration
	backend backend
	gate    chan struct{}
}

// NewKeyring returns the OS keychain store with the given timeout per call (DefaultTimeout
// when zero or negative).
func NewKeyring(timeout time.Duration) *Keyring {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &Keyring{service: Service, timeout: timeout, backend: osKeyring{}, gate: osGate}
}

// Get reads the password for account.
func (k *Keyring) Get(account string) (string, error) {
	return k.get(context.Background(), "get", account)
}

// Set saves the password for account, replacing any earlier one.
func (k *Keyring) Set(account, password string) error {
	if err := checkArgs("set", account, password); err != nil {
		return err
	}
	return k.call(context.Background(), "set", func() error {
		return k.backend.Set(k.service, account, password)
	})
}

// Delete removes the password for account; one that is not there counts as removed.
func (k *Keyring) Delete(account string) error {
	if err := checkArgs("delete", account, ""); err != nil {
		return err
	}
	err := k.call(context.Background(), "delete", func() error {
		return k.backend.Delete(k.service, account)
	})
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// Probe asks the keychain a harmless question and reports why it cannot be used, or nil
// when it can. On Linux the question may raise the unlock prompt, which is the same prompt
// the first real Get would raise. ctx can shorten the wait below the timeout.
func (k *Keyring) Probe(ctx context.Context) error {
	_, err := k.get(ctx, "get", probeAccount)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// Available reports whether the keychain answers at all.
func (k *Keyring) Available(ctx context.Context) bool { return k.Probe(ctx) == nil }

func (k *Keyring) get(ctx context.Context, op, account string) (string, error) {
	if err := checkArgs(op, account, ""); err != nil {
		return "", err
	}
	var pw string
	err := k.call(ctx, op, func() error {
		var err error
		pw, err = k.backend.Get(k.service, account)
		return err
	})
	if err != nil {
		return "", err
	}
	return pw, nil
}

// call runs fn off the caller's goroutine and waits at most the timeout for it. fn's result
// travels over a channel, so a late answer is simply dropped.
func (k *Keyring) call(ctx context.Context, op string, fn func() error) error {
	ctx, cancel := context.WithTimeout(ctx, k.timeout)
	defer cancel()
	select {
	case k.gate <- struct{}{}:
	case <-ctx.Done():
		return &Error{Op: op, Kind: ErrTimeout, Err: errors.New("an earlier keychain request is still waiting for an answer")}
	}
	done := make(chan error, 1)
	go func() {
		defer func() { <-k.gate }()
		// go-keyring's D-Bus code type-asserts replies; a panic here would kill the whole
		// app from a goroutine nobody can recover in, losing the user's work.
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("keychain library panicked: %v", r)
			}
		}()
		done <- fn()
	}()
	select {
	case err := <-done:
		if err == nil {
			return nil
		}
		return &Error{Op: op, Kind: kindOf(runtime.GOOS, err), Err: err}
	case <-ctx.Done():
		return &Error{Op: op, Kind: ErrTimeout, Err: ctx.Err()}
	}
}

// Choose picks where passwords go on this computer: the keychain when it answers, otherwise
// a Memory store. When persistent is false, why says what went wrong: ErrUnavailable, or
// ErrDenied / ErrTimeout (the keychain exists but was not unlocked). Words(persistent, why)
// is what to tell the person either way.
func Choose(ctx context.Context) (s Store, persistent bool, why error) {
	k := NewKeyring(0)
	if err := k.Probe(ctx); err != nil {
		return NewMemory(), false, err
	}
	return k, true, nil
}
