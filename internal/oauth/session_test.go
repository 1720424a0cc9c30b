package oauth

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/secret"
	"github.com/reportmail/reportmail/internal/testkit/oauthserver"
)

// clock is a test clock that only moves when told.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestRefreshBeforeExpiry(t *testing.T) {
	srv := oauthserver.Start(t, oauthserver.Options{AccessTTL: time.Hour})
	clk := &clock{time.Now()}
	c := newConfig(srv, secret.NewMemory())
	c.now = clk.now
	s := signIn(t, c)
	ctx := context.Background()
	first, _ := s.Token(ctx)
	if again, _ := s.Token(ctx); again != first || srv.Count("refresh_token") != 0 {
		t.Fatalf("a fresh token was refreshed")
	}
	// Inside the margin: refreshed although not yet expired.
	clk.t = clk.t.Add(time.Hour - DefaultMargin + time.Second)
	second, err := s.Token(ctx)
	if err != nil || second == first || !srv.Active(second) || srv.Count("refresh_token") != 1 {
		t.Fatalf("near expiry: %q, %v, %d refreshes", second, err, srv.Count("refresh_token"))
	}
	// Expired at the server, and past it here: refreshed again.
	srv.ExpireAccessTokens()
	clk.t = clk.t.Add(2 * time.Hour)
	third, err := s.Token(ctx)
	if err != nil || third == second || !srv.Active(third) {
		t.Fatalf("after expiry: %q, %v", third, err)
	}
	// Invalidate makes the next call refresh, whatever the clock says.
	s.Invalidate()
	if fourth, err := s.Token(ctx); err != nil || fourth == third {
		t.Fatalf("after Invalidate: %q, %v", fourth, err)
	}
}

func TestRefusedRefreshMeansSignInAgain(t *testing.T) {
	srv := oauthserver.Start(t, oauthserver.Options{})
	store := secret.NewMemory()
	clk := &clock{time.Now()}
	c := newConfig(srv, store)
	c.now = clk.now
	s := signIn(t, c)
	if _, err := store.Get(c.keychainAccount(account)); err != nil {
		t.Fatalf("refresh token not in the keychain: %v", err)
	}
	srv.RevokeRefreshTokens()
	clk.t = clk.t.Add(2 * time.Hour)
	_, err := s.Token(context.Background())
	var oe *Error
	if !errors.Is(err, ErrSignInAgain) || !errors.As(err, &oe) || oe.Code != "invalid_grant" {
		t.Fatalf("got %v, want ErrSignInAgain from invalid_grant", err)
	}
	if _, err := store.Get(c.keychainAccount(account)); !errors.Is(err, secret.ErrNotFound) {
		t.Errorf("the refused refresh token is still kept: %v", err)
	}
	if _, err := s.Token(context.Background()); !errors.Is(err, ErrSignInAgain) {
		t.Errorf("second call: %v", err)
	}
	if _, err := c.Resume(account); !errors.Is(err, ErrNotSignedIn) {
		t.Errorf("Resume after the refusal: %v", err)
	}
}

func TestResumeAndRotation(t *testing.T) {
	srv := oauthserver.Start(t, oauthserver.Options{RotateRefresh: true})
	store := secret.NewMemory()
	c := newConfig(srv, store)
	signIn(t, c)
	kept, _ := store.Get(c.keychainAccount(account))

	// The next run of the app: only the keychain is left.
	s, err := c.Resume(account)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s.Token(context.Background())
	if err != nil || !srv.Active(tok) {
		t.Fatalf("resumed: %q, %v", tok, err)
	}
	if now, _ := store.Get(c.keychainAccount(account)); now == kept || now == "" {
		t.Errorf("the rotated refresh token was not kept")
	}
	if err := c.SignOut(account); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Resume(account); !errors.Is(err, ErrNotSignedIn) {
		t.Errorf("after sign-out: %v", err)
	}
}

// The keychain key is per service and account, and an account differing only in case is
// the same account.
func TestKeychainAccount(t *testing.T) {
	a := Config{}
	a.Service.ID = "microsoft"
	b := a
	b.Service.ID = "google"
	if a.keychainAccount("Kate@Example.com") != a.keychainAccount("kate@example.com ") ||
		a.keychainAccount("kate@example.com") == b.keychainAccount("kate@example.com") {
		t.Error("keychain keys mix up accounts or services")
	}
}

func TestKeychainFailureKeepsSessionInMemory(t *testing.T) {
	srv := oauthserver.Start(t, oauthserver.Options{})
	c := newConfig(srv, failingStore{})
	s := signIn(t, c)
	if !errors.Is(s.KeepErr(), secret.ErrTimeout) {
		t.Errorf("KeepErr = %v", s.KeepErr())
	}
	if tok, err := s.Token(context.Background()); err != nil || !srv.Active(tok) {
		t.Errorf("token: %v", err)
	}
}

type failingStore struct{}

func (failingStore) Get(string) (string, error) {
	return "", &secret.Error{Op: "get", Kind: secret.ErrTimeout}
}
func (failingStore) Set(string, string) error {
	return &secret.Error{Op: "set", Kind: secret.ErrTimeout}
}
func (failingStore) Delete(string) error { return &secret.Error{Op: "delete", Kind: secret.ErrTimeout} }
