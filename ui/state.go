package ui

import (
	"context"
	"net/url"

	"sync"

	"fyne.io/fyne/v2/storage"

	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/secret"
	"github.com/reportmail/reportmail/internal/send"
)

// sentence is an error whose text is already a plain sentence for the user (form checks).
type sentence string

func (s sentence) Error() string { return string(s) }
func (s sentence) Plain() string { return string(s) }

// state is what the screens share. Fields are touched on the UI goroutine only, except the
// password store, which is chosen once off it (probing the keychain can take seconds).
type state struct {
	prof provider.Profile

	storeOnce          sync.Once
	store              secret.Store
	keychainPersistent bool
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
}

// loadSavedProfile reads the provider file chosen earlier, off the UI goroutine.
func (u *UI) loadSavedProfile(done func(provider.Profile)) {
	path := u.app.Preferences().String(prefProfilePath)
	if path == "" {
		return
	}
	go func() {
		p, err := provider.Load(path)
		if err != nil {
			return // the built-in profile stays; Settings shows which one is in use
		}
		done(p)
	}()
}

// passwords returns where passwords are kept. It may block while the keychain is probed:
// call it from a goroutine, never from a UI callback.
func (u *UI) passwords() secret.Store {
	u.storeOnce.Do(func() {
		if u.storeOverride != nil {
			u.store, u.keychainPersistent = u.storeOverride, true
			return
		}
		u.store, u.keychainPersistent, _ = secret.Choose(context.Background())
	})
	return u.store
}

func (u *UI) sendConfig(a account, password string) send.Config {
	return send.Config{Host: a.Host, Port: a.Port, Security: a.Security, Username: usernameOf(a), Password: password, RootCAs: u.rootCAs}
}

func usernameOf(a account) string {
	if a.Username != "" {
		return a.Username
	}
	return a.Address
}

// openFile opens a file with the system's handler (an .eml opens in the mail program). The
// URI comes from Fyne's storage so that Windows paths become proper file URLs.
func (u *UI) openFile(path string) {
	if link, err := url.Parse(storage.NewFileURI(path).String()); err == nil {
		_ = u.app.OpenURL(link)
	}
}
