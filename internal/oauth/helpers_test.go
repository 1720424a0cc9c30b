package oauth

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/secret"
	"github.com/reportmail/reportmail/internal/testkit/oauthserver"
)

const account = oauthserver.DefaultUser

// service describes srv as a provider profile would.
func service(srv *oauthserver.Server) provider.OAuth {
	return provider.OAuth{ID: "test", Name: "Test", ClientID: srv.ClientID(),
		AuthURL: srv.AuthURL(), TokenURL: srv.TokenURL(), DeviceURL: srv.DeviceURL(),
		Scopes:     []string{"mail", "offline_access"},
		AuthParams: map[string]string{"access_type": "offline"}}
}

// follow is the "browser": it opens the authorization URL and follows the redirect to the
// app's loopback listener, as a person pressing "Accept" would make it do.
func follow(t *testing.T, seen *url.URL) func(string) error {
	return func(u string) error {
		p, err := url.Parse(u)
		if err != nil {
			t.Errorf("authorization URL %q: %v", u, err)
			return err
		}
		if seen != nil {
			*seen = *p
		}
		resp, err := (&http.Client{Timeout: 10 * time.Second}).Get(u)
		if err != nil {
			t.Errorf("following %s: %v", u, err)
			return nil // the sign-in then times out, which the test reports
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return nil
	}
}

func newConfig(srv *oauthserver.Server, store secret.Store) Config {
	return Config{Service: service(srv), Store: store, SignInTimeout: 30 * time.Second}
}

func signIn(t *testing.T, c Config) *Session {
	t.Helper()
	if c.Open == nil {
		c.Open = follow(t, nil)
	}
	s, err := c.SignIn(context.Background(), account)
	if err != nil {
		t.Fatalf("sign-in: %v", err)
	}
	return s
}
