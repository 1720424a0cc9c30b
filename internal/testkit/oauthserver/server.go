// Package oauthserver is a local OAuth 2.0 authorization server for tests. It behaves as
// Microsoft's and Google's do on the points Report Mail depends on: the authorization
// endpoint checks the client, the loopback redirect, state and a PKCE S256 challenge
// (RFC 7636) and redirects back; the token endpoint takes the authorization_code,
// refresh_token and device_code grants and answers errors in the RFC 6749 shape; the device
// endpoint (RFC 8628) answers authorization_pending and slow_down; access tokens expire and
// refresh tokens can be revoked. /introspect (RFC 7662) lets a real Dovecot check tokens.
//
// The browser step is an HTTP GET of the authorization URL: the server approves as
// Options.User at once (or refuses, with Deny) and redirects to the app's loopback address.
package oauthserver

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"
)

// Defaults for Options.
const (
	DefaultClientID = "reportmail-test-client"
	DefaultUser     = "reporter@example.test"
)

// Options configure a Server. The zero value listens on a free loopback port.
type Options struct {
	// Addr to listen on; "" is 127.0.0.1:0. A real Dovecot asks a fixed port.
	Addr         string
	ClientID     string // the one registered client; "" is DefaultClientID
	ClientSecret string // when set, the token endpoint requires it (Google's desktop clients)
	User         string // who approves sign-ins; "" is DefaultUser
	AccessTTL    time.Duration
	// Deny makes the browser step refuse (error=access_denied), as a user pressing "No".
	Deny bool
	// RotateRefresh gives a new refresh token at every refresh, as Microsoft does; the old
	// one stays valid, as there.
	RotateRefresh bool
	// DeviceScript is answered, one per poll, before the device sign-in is looked at:
	// "authorization_pending", "slow_down", "access_denied", "expired_token".
	DeviceScript []string
	// DeviceAutoApprove approves a device sign-in once the script is done, as a user who
	// typed the code in; otherwise Approve does it.
	DeviceAutoApprove bool
	DeviceInterval    int // seconds announced; 0 announces none (clients then use 5)
}

// Server is a running authorization server.
type Server struct {
	URL string // http://127.0.0.1:PORT
	o   Options
	srv *http.Server

	mu      sync.Mutex
	codes   map[string]*grant // authorization codes, single use
	access  map[string]*token
	refresh map[string]*token
	devices map[string]*device
	counts  map[string]int // requests per grant type, and "introspect"
}

type grant struct {
	redirect, challenge, scope string
	expires                    time.Time
}

type token struct {
	user, scope string
	expires     time.Time // zero for refresh tokens
	revoked     bool
}

type device struct {
	userCode, scope string
	approved        bool
	expires         time.Time
	polls           int
}

// Start runs a server until the test ends.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	if o.Addr == "" {
		o.Addr = "127.0.0.1:0"
	}
	if o.ClientID == "" {
		o.ClientID = DefaultClientID
	}
	if o.User == "" {
		o.User = DefaultUser
	}
	if o.AccessTTL == 0 {
		o.AccessTTL = time.Hour
	}
	if _, port, err := net.SplitHostPort(o.Addr); err == nil && port != "0" {
		lockFixedPort(t) // the mail stack's port: one test package at a time
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		t.Fatalf("oauthserver: cannot listen on %s (is another test package's server running there?): %v", o.Addr, err)
	}
	s := &Server{URL: "http://" + ln.Addr().String(), o: o,
		codes: map[string]*grant{}, access: map[string]*token{}, refresh: map[string]*token{},
		devices: map[string]*device{}, counts: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/authorize", s.authorize)
	mux.HandleFunc("/token", s.token)
	mux.HandleFunc("/devicecode", s.deviceCode)
	mux.HandleFunc("/introspect", s.introspect)
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("oauthserver: %v", err)
		}
	}()
	t.Cleanup(func() { s.srv.Close() })
	return s
}

// Endpoint URLs.
func (s *Server) AuthURL() string   { return s.URL + "/authorize" }
func (s *Server) TokenURL() string  { return s.URL + "/token" }
func (s *Server) DeviceURL() string { return s.URL + "/devicecode" }

// ClientID is the registered client.
func (s *Server) ClientID() string { return s.o.ClientID }

// Count returns how many token requests of a grant type ("authorization_code",
// "refresh_token", "device_code") or introspections ("introspect") were answered.
func (s *Server) Count(kind string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[kind]
}

// ExpireAccessTokens makes every access token issued so far expired, as an hour passing.
func (s *Server) ExpireAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	past := time.Now().Add(-time.Second)
	for _, t := range s.access {
		t.expires = past
	}
}

// RevokeRefreshTokens revokes every refresh token issued so far, as a password change or
// an administrator's "revoke sessions" does, and the access tokens with them.
func (s *Server) RevokeRefreshTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.refresh {
		t.revoked = true
	}
	for _, t := range s.access {
		t.revoked = true
	}
}

// Approve approves the device sign-in with this user code, as the user typing it in.
func (s *Server) Approve(userCode string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.devices {
		if d.userCode == userCode {
			d.approved = true
			return true
		}
	}
	return false
}

// Active reports whether an access token would pass introspection now.
func (s *Server) Active(access string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.access[access]
	return t != nil && !t.revoked && time.Now().Before(t.expires)
}

// issue makes a fresh access token (and refresh token when withRefresh) for scope.
func (s *Server) issue(scope string, withRefresh bool) map[string]any {
	a := random()
	s.access[a] = &token{user: s.o.User, scope: scope, expires: time.Now().Add(s.o.AccessTTL)}
	out := map[string]any{"access_token": a, "token_type": "Bearer",
		"expires_in": int(s.o.AccessTTL / time.Second), "scope": scope}
	if withRefresh {
		r := random()
		s.refresh[r] = &token{user: s.o.User, scope: scope}
		out["refresh_token"] = r
	}
	return out
}

func random() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
