package ui

import (
	"context"
	"crypto/x509"
	"sync"

	"fyne.io/fyne/v2"

	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/secret"
	"github.com/reportmail/reportmail/internal/send"
)

// sentence is an error whose text is already a plain sentence for the user (form checks).
type sentence string

func (s sentence) Error() string { return string(s) }
func (s sentence) Plain() string { return string(s) }

// state is what the screens share. Fields are touched on the UI goroutine only, except the
// password store, which is chosen once off it (probing the keychain can take seconds), and
// what pwMu and caMu guard, which sending reads from any goroutine.
type state struct {
	prof provider.Profile

	storeOnce sync.Once
	store     *passwordStore
	// probe finds out where passwords can go (secret.Choose); tests replace it to stand
	// for a computer without a keychain.
	probe func(context.Context) (secret.Store, bool, error)

	pwMu    sync.Mutex
	words   secret.Words // what to say about the keychain, once it is known
	probed  bool
	pending map[string]pendingPassword // typed in the prompt, waiting for the server's word
	refused map[string]bool            // the server refused the last password for this key

	caMu     sync.Mutex
	caOnce   sync.Once
	ca       *privateCA     // the private server's certificate the user loaded; nil: none
	caPool   *x509.CertPool // the roots with ca added; nil when there is no ca
	caDir    string         // where ca is kept; "" is the app's storage folder
	caLoaded error          // why the kept certificate could not be read at start, if it could not
}

// profile is the provider the reports go to.
func (u *UI) profile() provider.Profile { return u.prof }

// setProfile switches provider and remembers the choice; path "" means the built-in one.
func (u *UI) setProfile(p provider.Profile, path string) {
	u.prof = p
	u.app.Preferences().SetString(prefProfilePath, path)
	if u.support != nil {
		u.support.rebuild()
	}
	if u.mailSetup != nil {
		u.mailSetup.rebuild()
	}
}

// loadSavedProfile reads the provider file chosen earlier, off the UI goroutine.
func (u *UI) loadSavedProfile(done func(provider.Profile)) {
	path := u.app.Preferences().String(prefProfilePath)
	if path == "" {
		return
	}
	u.goSafe(func() {
		p, err := provider.Load(path)
		if err != nil {
			return // the built-in profile stays; Settings shows which one is in use
		}
		done(p)
	})
}

// passwords returns where passwords are kept. It may block while the keychain is probed:
// call it from a goroutine, never from a UI callback. The probe runs once per run, so every
// screen tells the same story about the keychain (keychainWords).
func (u *UI) passwords() secret.Store { return u.passwordStore() }

func (u *UI) passwordStore() *passwordStore {
	u.storeOnce.Do(func() {
		probe := u.probe
		if probe == nil && u.storeOverride != nil {
			probe = func(context.Context) (secret.Store, bool, error) { return u.storeOverride, true, nil }
		}
		if probe == nil {
			probe = secret.Choose
		}
		keep, persistent, why := probe(context.Background())
		u.store = &passwordStore{run: secret.NewMemory(), keep: keep}
		u.pwMu.Lock()
		u.words, u.probed = secret.WordsFor(persistent, why), true
		u.pwMu.Unlock()
	})
	return u.store
}

// keychainWords is what to say about the keychain, and false while the probe has not
// finished. Safe on any goroutine.
func (u *UI) keychainWords() (secret.Words, bool) {
	u.pwMu.Lock()
	defer u.pwMu.Unlock()
	return u.words, u.probed
}

// whenKeychainKnown runs f on the UI goroutine with the keychain's words: at once when the
// probe is done, otherwise when it is. Call it on the UI goroutine.
func (u *UI) whenKeychainKnown(f func(secret.Words)) {
	if w, ok := u.keychainWords(); ok {
		f(w)
		return
	}
	u.run(func() {
		u.passwords()
		w, _ := u.keychainWords()
		fyne.Do(func() { f(w) })
	})
}

// passwordStore is the keychain (or, without one, memory) with a second layer for passwords
// the person chose not to remember: those last until the app quits, so a queued report can
// still go out in the background, and never reach the keychain.
type passwordStore struct {
	run  *secret.Memory
	keep secret.Store
}

func (p *passwordStore) Get(key string) (string, error) {
	if pw, err := p.run.Get(key); err == nil {
		return pw, nil
	}
	return p.keep.Get(key)
}

func (p *passwordStore) Set(key, pw string) error {
	_ = p.run.Delete(key)
	return p.keep.Set(key, pw)
}

func (p *passwordStore) Delete(key string) error {
	_ = p.run.Delete(key)
	return p.keep.Delete(key)
}

// forThisRun keeps pw until the app quits and takes any remembered one out of the keychain:
// the person said "do not remember".
func (p *passwordStore) forThisRun(key, pw string) error {
	if err := p.run.Set(key, pw); err != nil {
		return err
	}
	return p.keep.Delete(key)
}

// pendingPassword is one typed in the prompt: it is kept only once the server has not
// refused it, so a mistyped password is never remembered.
type pendingPassword struct {
	pw       string
	remember bool
}

// stagePassword holds pw for acc until the next attempt with it settles.
func (u *UI) stagePassword(acc account, pw string, remember bool) {
	u.pwMu.Lock()
	defer u.pwMu.Unlock()
	if u.pending == nil {
		u.pending = map[string]pendingPassword{}
	}
	u.pending[acc.keychainKey()] = pendingPassword{pw: pw, remember: remember}
}

// wasRefused says whether the server refused the last password tried for acc.
func (u *UI) wasRefused(acc account) bool {
	u.pwMu.Lock()
	defer u.pwMu.Unlock()
	return u.refused[acc.keychainKey()]
}

// settlePassword learns from one attempt with pw, off the UI goroutine. A password the
// server refused is forgotten wherever it was kept, so the next try asks for it again; any
// other outcome keeps a staged password as the person chose.
func (u *UI) settlePassword(key, pw string, err error) {
	if pw == "" {
		return
	}
	store := u.passwordStore()
	u.pwMu.Lock()
	p, staged := u.pending[key]
	if staged && p.pw == pw {
		delete(u.pending, key)
	} else {
		staged = false
	}
	refused := send.KindOf(err) == send.AuthFailed
	if refused {
		if u.refused == nil {
			u.refused = map[string]bool{}
		}
		u.refused[key] = true
	} else if err == nil {
		delete(u.refused, key)
	}
	u.pwMu.Unlock()
	if refused {
		// Only this password: a different one typed just for a test must not cost the
		// saved one.
		if saved, gerr := store.Get(key); gerr == nil && saved == pw {
			_ = store.Delete(key)
		}
		return
	}
	if !staged {
		return
	}
	if p.remember {
		_ = store.Set(key, pw)
	} else {
		_ = store.forThisRun(key, pw)
	}
}

// sendConfig is how every send and test reaches acc's server: with the private server's
// certificate when one is loaded, and the outcome settling the password (settlePassword),
// or for a signed-in account with its token (withToken).
func (u *UI) sendConfig(a account, password string) accountSender {
	cfg := send.Config{Host: a.Host, Port: a.Port, Security: a.Security, Username: usernameOf(a), Password: password, RootCAs: u.serverRoots()}
	if a.SignIn != "" {
		settle := u.withToken(&cfg, a)
		return accountSender{Config: cfg, settle: settle}
	}
	key := a.keychainKey()
	return accountSender{Config: cfg, settle: func(err error) { u.settlePassword(key, password, err) }}
}

// accountSender is a send.Config that reports each outcome, so no caller can forget to
// forget a refused password.
type accountSender struct {
	send.Config
	settle func(error)
}

func (s accountSender) SendWith(ctx context.Context, from string, to []string, msg []byte, h send.Hooks) error {
	err := s.Config.SendWith(ctx, from, to, msg, h)
	s.settle(err)
	return err
}

func (s accountSender) Send(ctx context.Context, from string, to []string, msg []byte, progress func(done, total int64)) error {
	return s.SendWith(ctx, from, to, msg, send.Hooks{Progress: progress})
}

func (s accountSender) Probe(ctx context.Context) error {
	err := s.Config.Probe(ctx)
	s.settle(err)
	return err
}

func usernameOf(a account) string {
	if a.Username != "" {
		return a.Username
	}
	return a.Address
}
