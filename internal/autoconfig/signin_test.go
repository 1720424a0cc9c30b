package autoconfig

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/testkit/dnstest"
)

func TestSignInFor(t *testing.T) {
	dns := dnstest.Start(t, dnstest.Options{MX: map[string][]string{
		"contoso.example":   {"contoso-example.mail.protection.outlook.com"},
		"filtered.example":  {"mx1.smxemail.com", "filtered-example.mail.protection.outlook.com"},
		"workspace.example": {"aspmx.l.google.com", "alt1.aspmx.l.google.com"},
		"plain.example":     {"mx.plain.example"},
		// Not a suffix match: the name only ends with the same letters.
		"lookalike.example": {"mx.evilgoogle.com"},
	}})
	o := Options{Profile: provider.Default(), FetchTimeout: 5 * time.Second, Resolver: &net.Resolver{PreferGo: true,
		Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "udp", dns.Addr)
		}}}
	for _, tc := range []struct{ addr, want string }{
		{"kate@contoso.example", "microsoft"},
		{"kate@filtered.example", "microsoft"},
		{"kate@workspace.example", "google"},
		{"kate@gmail.com", "google"},
		{"kate@GoogleMail.com", "google"},
		{"kate@plain.example", ""},
		{"kate@lookalike.example", ""},
		{"kate@nowhere.example", ""}, // no MX at all
		{"not an address", ""},
	} {
		s, ok := SignInFor(context.Background(), tc.addr, o)
		if ok != (tc.want != "") || s.ID != tc.want {
			t.Errorf("%s: got %q, %v; want %q", tc.addr, s.ID, ok, tc.want)
		}
	}
}
