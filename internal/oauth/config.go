// Package oauth signs a person in with Microsoft 365 or Google (OAuth 2.0 for native apps,
// RFC 8252) so that Report Mail can send reports and read the mailbox without a mail
// password: the authorization code grant with PKCE S256 (RFC 7636) through the system
// browser and a loopback redirect on 127.0.0.1, or the device authorization grant
// (RFC 8628) where no browser can be opened.
//
// The refresh token is kept in the keychain (internal/secret) and nowhere else; access
// tokens live in memory only and are refreshed shortly before they expire. A refused
// refresh token is ErrSignInAgain, and the keychain entry goes with it.
package oauth

import (
	"context"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/secret"
)

// Defaults for Config.
const (
	// DefaultMargin: an access token this close to expiry is refreshed first, so that it
	// cannot run out between the check and the server's reading it.
	DefaultMargin = 5 * time.Minute
	// DefaultHTTPTimeout bounds each request to the sign-in service.
	DefaultHTTPTimeout = 30 * time.Second
	// DefaultSignInTimeout is how long a browser or device sign-in may take.
	DefaultSignInTimeout = 10 * time.Minute
)

// Config is one sign-in service (from the provider profile) and how to reach the person.
type Config struct {
	Service provider.OAuth
	// Store keeps refresh tokens; nil means no keeping (the session lasts the process).
	Store secret.Store
	// Open shows a URL in the system browser; nil or an error means ErrNoBrowser.
	Open func(url string) error
	// HTTP makes the requests to the service; nil is a client with DefaultHTTPTimeout.
	HTTP *http.Client
	// LoginHint pre-fills the account in the service's sign-in page.
	LoginHint string
	// Margin, SignInTimeout: 0 means the defaults.
	Margin, SignInTimeout time.Duration
	// now and sleep are the clock, replaced by tests.
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
}

func (c Config) oauth2() *oauth2.Config {
	auth, token, device := c.Service.Endpoints()
	return &oauth2.Config{
		ClientID:     strings.TrimSpace(c.Service.ClientID),
		ClientSecret: c.Service.ClientSecret,
		Scopes:       append([]string(nil), c.Service.Scopes...),
		// Public clients send client_id in the form; Basic auth with an empty secret is
		// refused by Microsoft ("AADSTS7000218") for some registrations.
		Endpoint: oauth2.Endpoint{AuthURL: auth, TokenURL: token, DeviceAuthURL: device,
			AuthStyle: oauth2.AuthStyleInParams},
	}
}

func (c Config) client() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return &http.Client{Timeout: DefaultHTTPTimeout}
}

// ctx gives x/oauth2 our HTTP client: it takes it from the context.
func (c Config) ctx(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, c.client())
}

func (c Config) clock() time.Time {
	if c.now != nil {
		return c.now()
	}
	return time.Now()
}

func (c Config) margin() time.Duration {
	if c.Margin > 0 {
		return c.Margin
	}
	return DefaultMargin
}

func (c Config) signInTimeout() time.Duration {
	if c.SignInTimeout > 0 {
		return c.SignInTimeout
	}
	return DefaultSignInTimeout
}

func (c Config) wait(ctx context.Context, d time.Duration) error {
	if c.sleep != nil {
		return c.sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// keychainAccount is the refresh token's entry: one per service and mail account.
func (c Config) keychainAccount(account string) string {
	return "OAuth refresh token " + c.Service.ID + " " + strings.ToLower(strings.TrimSpace(account))
}

func (c Config) registered(op string) error {
	if !c.Service.Registered() {
		return &Error{Op: op, Kind: ErrNotRegistered}
	}
	return nil
}
