package ipowner

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/dnsbl"
	"github.com/reportmail/reportmail/internal/testkit/dnstest"
)

// rdapServer serves the hand-written ARIN, APNIC and RIPE replies as those registries
// shape them. /arin/ redirects RIPE's address to /ripe/, as ARIN does for other
// registries' space.
func rdapServer(t *testing.T) *httptest.Server {
	t.Helper()
	files := map[string]string{"192.0.2.": "arin.json", "203.0.113.": "apnic.json", "198.51.100.": "ripe.json", "2001:db8:": "ripe6.json"}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reg, addr, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/ip/")
		if r.Header.Get("Accept") == "" {
			http.Error(w, "no Accept", http.StatusBadRequest)
			return
		}
		if addr == "192.0.2.200" {
			time.Sleep(2 * time.Second)
		}
		if reg == "arin" && strings.HasPrefix(addr, "198.51.100.") {
			http.Redirect(w, r, "/ripe/ip/"+addr, http.StatusMovedPermanently)
			return
		}
		for prefix, f := range files {
			if strings.HasPrefix(addr, prefix) {
				b, err := os.ReadFile(filepath.Join("testdata", f))
				if err != nil {
					t.Error(err)
				}
				w.Header().Set("Content-Type", "application/rdap+json")
				w.Write(b)
				return
			}
		}
		w.Header().Set("Content-Type", "application/rdap+json")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"errorCode": 404, "title": "Not Found"}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestLookup(t *testing.T) {
	srv := rdapServer(t)
	dns := dnstest.Start(t, dnstest.Options{
		PTR:   map[string]string{"192.0.2.1": "mail.example-telecom.test", "203.0.113.9": "dyn-9.example-networks.test"},
		Hosts: map[string][]string{"mail.example-telecom.test": {"192.0.2.1"}, "dyn-9.example-networks.test": {"203.0.113.10"}},
	})
	r, _ := dnsbl.NewResolver(dns.Addr)
	for _, tc := range []struct {
		path, addr                     string
		network, name, org, abuse, ptr string
		confirmed                      bool
		sentence                       string
	}{
		{"/arin/", "192.0.2.1", "192.0.2.0/24", "EXAMPLE-TELECOM-NET", "Example Telecom", "abuse@example-telecom.test", "mail.example-telecom.test", true,
			"This address belongs to Example Telecom (their abuse desk: abuse@example-telecom.test). Its name is mail.example-telecom.test, which points back to it."},
		{"/apnic/", "203.0.113.9", "203.0.113.0/24", "EXAMPLE-AU", "Example Networks Pty Ltd", "abuse@example-networks.test", "dyn-9.example-networks.test", false,
			"does not point back"},
		{"/arin/", "198.51.100.7", "198.51.100.0/24", "EXAMPLE-NL-NET", "Example Breedband B.V.", "abuse@example-breedband.test", "", false,
			"no reverse DNS name"},
		{"/ripe/", "2001:db8::25", "2001:db8::/32", "EXAMPLE-NL-V6", "Example Breedband B.V.", "abuse@example-breedband.test", "", false, "Example Breedband"},
	} {
		t.Run(tc.addr, func(t *testing.T) {
			b, err := Server(srv.URL + tc.path)
			if err != nil {
				t.Fatal(err)
			}
			c := srv.Client()
			c.CheckRedirect = redirectPolicy
			o := Lookup(context.Background(), Config{Resolver: r, Bootstrap: b, Client: c, Timeout: 5 * time.Second}, netip.MustParseAddr(tc.addr))
			if o.Err != nil || o.Source != "rdap" {
				t.Fatalf("%+v", o)
			}
			if o.Network != tc.network || o.NetworkName != tc.name || o.Organisation != tc.org || o.AbuseEmail != tc.abuse ||
				o.PTR != tc.ptr || o.PTRConfirmed != tc.confirmed {
				t.Errorf("got %+v", o)
			}
			if !strings.Contains(o.Sentence(), tc.sentence) {
				t.Errorf("sentence %q, want %q", o.Sentence(), tc.sentence)
			}
		})
	}
}

func TestLookupFailures(t *testing.T) {
	srv := rdapServer(t)
	dns := dnstest.Start(t, dnstest.Options{})
	r, _ := dnsbl.NewResolver(dns.Addr)
	b, _ := Server(srv.URL + "/arin/")
	for _, tc := range []struct {
		addr string
		cfg  Config
		want error
	}{
		{"100.64.0.1", Config{Client: srv.Client()}, ErrNotFound},
		{"192.0.2.200", Config{Client: srv.Client(), Timeout: 300 * time.Millisecond}, ErrRDAPTimeout},
		{"192.0.2.1", Config{Client: &http.Client{}}, ErrRDAPUnreachable}, // the test certificate is not trusted
	} {
		tc.cfg.Resolver, tc.cfg.Bootstrap = r, b
		o := Lookup(context.Background(), tc.cfg, netip.MustParseAddr(tc.addr))
		if !errors.Is(o.Err, tc.want) || o.Problem == "" || o.Source != "" {
			t.Errorf("%s: %+v, want %v", tc.addr, o, tc.want)
		}
	}
}

func TestBuiltinBootstrap(t *testing.T) {
	b := Builtin()
	for addr, want := range map[string]string{
		"1.1.1.1":      "https://rdap.apnic.net/",
		"81.2.69.142":  "https://rdap.db.ripe.net/",
		"200.160.2.3":  "https://rdap.lacnic.net/rdap/",
		"41.1.1.1":     "https://rdap.afrinic.net/rdap/",
		"8.8.8.8":      "https://rdap.arin.net/registry/",
		"2a00:1450::1": "https://rdap.db.ripe.net/",
		"2001:4860::1": "https://rdap.arin.net/registry/",
	} {
		if got := b.base(netip.MustParseAddr(addr)); got != want {
			t.Errorf("%s: %s, want %s", addr, got, want)
		}
	}
	for _, bad := range []string{"", "ftp://x", "not a url"} {
		if _, err := Server(bad); !errors.Is(err, ErrServerURL) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestRedirectPolicyRefusesDowngrade(t *testing.T) {
	from, _ := http.NewRequest("GET", "https://rdap.arin.net/registry/ip/1.2.3.4", nil)
	to, _ := http.NewRequest("GET", "http://evil.example/ip/1.2.3.4", nil)
	if redirectPolicy(to, []*http.Request{from}) == nil {
		t.Error("a redirect from https to http was followed")
	}
}
