package autoconfig

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/testkit/dnstest"
)

func discover(t *testing.T, addr string, o Options) (Result, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return Discover(ctx, addr, o)
}

// triedErr is the error Discover noted for a source kind and host.
func triedErr(r Result, kind SourceKind, host string) error {
	for _, a := range r.Tried {
		if a.Source.Kind == kind && (host == "" || a.Source.Host == host) {
			return a.Err
		}
	}
	return nil
}

func TestDiscoverAutoconfigHost(t *testing.T) {
	w := newWebServer(t)
	w.file("autoconfig.example.test/mail/config-v1.1.xml", readTestdata(t, "ispdb-shape.xml"))
	r, err := discover(t, "kate@example.test", w.options(nil))
	if err != nil {
		t.Fatal(err)
	}
	if r.Source != (Source{Kind: FromAutoconfig, Host: "autoconfig.example.test", Domain: "example.test"}) {
		t.Errorf("source = %+v", r.Source)
	}
	in, _ := r.BestIncoming()
	out, _ := r.BestOutgoing()
	if in.String() != "imap imap.example.test:993 SSL" || out.String() != "smtp smtp.example.test:587 STARTTLS" {
		t.Errorf("best = %v / %v", in, out)
	}
	// The domain's own server is told the address (it may answer per user); Thunderbird
	// does the same.
	if !slices.Contains(w.requests(), "autoconfig.example.test/mail/config-v1.1.xml?emailaddress=kate%40example.test") {
		t.Errorf("requests = %q", w.requests())
	}
}

func TestDiscoverWellKnown(t *testing.T) {
	w := newWebServer(t)
	w.file("example.test/.well-known/autoconfig/mail/config-v1.1.xml", readTestdata(t, "ispdb-shape.xml"))
	r, err := discover(t, "kate@example.test", w.options(nil))
	if err != nil {
		t.Fatal(err)
	}
	if r.Source.Kind != FromWellKnown || r.Source.Host != "example.test" {
		t.Errorf("source = %+v", r.Source)
	}
	if err := triedErr(r, FromAutoconfig, ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("autoconfig host: %v, want ErrNotFound (a 404)", err)
	}
}

func TestDiscoverPrefersAutoconfigHostOverWellKnown(t *testing.T) {
	w := newWebServer(t)
	w.file("autoconfig.example.test/mail/config-v1.1.xml", readTestdata(t, "ispdb-shape.xml"))
	w.file("example.test/.well-known/autoconfig/mail/config-v1.1.xml", readTestdata(t, "plain-mixed.xml"))
	r, err := discover(t, "kate@example.test", w.options(nil))
	if err != nil || r.Source.Kind != FromAutoconfig {
		t.Fatalf("source = %+v, err %v", r.Source, err)
	}
}

func TestDiscoverRedirects(t *testing.T) {
	for _, tc := range []struct {
		name    string
		to      string
		chained bool
		wantErr error
	}{
		{name: "one hop inside https", to: "https://files.elsewhere.test/cfg.xml"},
		{name: "two hops", to: "https://files.elsewhere.test/hop.xml", chained: true, wantErr: ErrRedirect},
		{name: "to plain http", to: "http://files.elsewhere.test/cfg.xml", wantErr: ErrRedirect},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWebServer(t)
			w.file("files.elsewhere.test/cfg.xml", readTestdata(t, "ispdb-shape.xml"))
			w.handle("files.elsewhere.test/hop.xml", func(rw http.ResponseWriter, r *http.Request) {
				http.Redirect(rw, r, "https://files.elsewhere.test/cfg.xml", http.StatusFound)
			})
			w.handle("autoconfig.redirect.test/mail/config-v1.1.xml", func(rw http.ResponseWriter, r *http.Request) {
				http.Redirect(rw, r, tc.to, http.StatusMovedPermanently)
			})
			r, err := discover(t, "kate@redirect.test", w.options(nil))
			if tc.wantErr == nil {
				if err != nil || r.Source.Kind != FromAutoconfig {
					t.Fatalf("source %+v, err %v; tried %v", r.Source, err, r.Tried)
				}
				return
			}
			if !errors.Is(err, ErrNothingFound) {
				t.Fatalf("err = %v, want ErrNothingFound", err)
			}
			if got := triedErr(r, FromAutoconfig, ""); !errors.Is(got, tc.wantErr) {
				t.Errorf("autoconfig host: %v, want %v", got, tc.wantErr)
			}
		})
	}
}

func TestDiscoverBadAnswers(t *testing.T) {
	for _, tc := range []struct {
		name    string
		handler http.HandlerFunc
		want    error
	}{
		{"not found", http.NotFound, ErrNotFound},
		{"huge body", func(rw http.ResponseWriter, _ *http.Request) {
			rw.Write(bytes.Repeat([]byte("<clientConfig>"), 1<<16)) // 896 KiB, no length header
		}, ErrTooLarge},
		{"huge body announced", func(rw http.ResponseWriter, _ *http.Request) {
			rw.Header().Set("Content-Length", "10000000")
			rw.Write([]byte("<clientConfig/>"))
		}, ErrTooLarge},
		{"slow server", func(rw http.ResponseWriter, r *http.Request) {
			select { // answers only after the client gave up
			case <-r.Context().Done():
			case <-time.After(20 * time.Second):
			}
		}, ErrTimeout},
		{"slow body", func(rw http.ResponseWriter, r *http.Request) {
			rw.Write([]byte("<?xml version=\"1.0\"?>\n<clientConfig>"))
			rw.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-time.After(20 * time.Second):
			}
		}, ErrTimeout},
		{"bad xml", func(rw http.ResponseWriter, _ *http.Request) {
			rw.Write(readTestdata(t, "truncated.xml"))
		}, ErrBadFile},
		{"web page", func(rw http.ResponseWriter, _ *http.Request) {
			rw.Write(readTestdata(t, "html-page.xml"))
		}, ErrBadFile},
		{"only plain", func(rw http.ResponseWriter, _ *http.Request) {
			rw.Write(readTestdata(t, "only-plain.xml"))
		}, ErrIncomplete},
		{"server error", func(rw http.ResponseWriter, _ *http.Request) {
			http.Error(rw, "oops", http.StatusInternalServerError)
		}, ErrUnreachable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWebServer(t)
			w.handle("autoconfig.bad.test/mail/config-v1.1.xml", tc.handler)
			o := w.options(nil)
			if tc.want == ErrTimeout {
				o.FetchTimeout = 300 * time.Millisecond // short, so the slow server's case ends soon
			}
			o.MaxBody = 64 << 10
			r, err := discover(t, "kate@bad.test", o)
			if !errors.Is(err, ErrNothingFound) {
				t.Fatalf("err = %v, want ErrNothingFound", err)
			}
			got := triedErr(r, FromAutoconfig, "autoconfig.bad.test")
			if !errors.Is(got, tc.want) {
				t.Errorf("autoconfig host: %v, want %v", got, tc.want)
			}
			var fe *FetchError
			var fi *FileError
			if !errors.As(got, &fe) && !errors.As(got, &fi) {
				t.Errorf("untyped %T", got)
			}
			if tc.want == ErrIncomplete && len(r.Unsafe) != 2 {
				t.Errorf("the unencrypted servers should be reported as left out: %v", r.Unsafe)
			}
		})
	}
}

func TestDiscoverPlainServersLeftOut(t *testing.T) {
	w := newWebServer(t)
	w.file("autoconfig.small.test/mail/config-v1.1.xml", readTestdata(t, "plain-mixed.xml"))
	r, err := discover(t, "bob@small.test", w.options(nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range append(r.Incoming, r.Outgoing...) {
		if s.Security == Plain {
			t.Errorf("plain server offered: %v", s)
		}
	}
	if len(r.Unsafe) != 2 {
		t.Errorf("unsafe = %v", r.Unsafe)
	}
	a, err := r.Account("")
	if err != nil {
		t.Fatal(err)
	}
	if a.Incoming.Port != 143 || a.Outgoing.Port != 465 || a.Username != "bob" {
		t.Errorf("account = %+v", a)
	}
}

func TestDiscoverThroughMX(t *testing.T) {
	w := newWebServer(t)
	dns := dnstest.Start(t, dnstest.Options{MX: map[string][]string{
		"customer.example.test": {"mx1.mail.provider.test", "mx2.mail.provider.test"},
	}})
	w.file("autoconfig.provider.test/mail/config-v1.1.xml", readTestdata(t, "ispdb-shape.xml"))
	r, err := discover(t, "kate@customer.example.test", w.options(dns))
	if err != nil {
		t.Fatalf("%v; tried %v", err, r.Tried)
	}
	if r.Source != (Source{Kind: FromMX, Host: "autoconfig.provider.test", Domain: "provider.test"}) {
		t.Errorf("source = %+v", r.Source)
	}
	// The domain's own places were asked first, and the exchanger's owner was not told
	// the address.
	asked := w.requests()
	for _, want := range []string{
		"autoconfig.customer.example.test/mail/config-v1.1.xml?emailaddress=kate%40customer.example.test",
		"customer.example.test/.well-known/autoconfig/mail/config-v1.1.xml?",
		"ispdb.test/v1.1/customer.example.test?",
		"autoconfig.provider.test/mail/config-v1.1.xml?",
	} {
		if !slices.Contains(asked, want) {
			t.Errorf("not asked %q; asked %q", want, asked)
		}
	}
	// Placeholders are filled for the user's address, not the provider's domain.
	if in, _ := r.BestIncoming(); in.Username != "kate@customer.example.test" {
		t.Errorf("username = %q", in.Username)
	}
}

func TestDiscoverISPDBForMXDomain(t *testing.T) {
	w := newWebServer(t)
	dns := dnstest.Start(t, dnstest.Options{MX: map[string][]string{"shop.example.test": {"aspmx.l.provider.test"}}})
	w.file("ispdb.test/v1.1/provider.test", readTestdata(t, "ispdb-shape.xml"))
	r, err := discover(t, "kate@shop.example.test", w.options(dns))
	if err != nil {
		t.Fatal(err)
	}
	if r.Source != (Source{Kind: FromMX, Host: "ispdb.test", Domain: "provider.test"}) {
		t.Errorf("source = %+v", r.Source)
	}
}

func TestDiscoverISPDBForDomain(t *testing.T) {
	w := newWebServer(t)
	w.file("ispdb.test/v1.1/example.test", readTestdata(t, "ispdb-shape.xml"))
	r, err := discover(t, "kate@example.test", w.options(nil))
	if err != nil || r.Source != (Source{Kind: FromISPDB, Host: "ispdb.test", Domain: "example.test"}) {
		t.Fatalf("source = %+v, err %v", r.Source, err)
	}
}

func TestDiscoverGuessesAndConfirms(t *testing.T) {
	w := newWebServer(t)
	fc := &fakeConfirmer{safe: map[string]bool{"imap.guess.test:993": true, "smtp.guess.test:587": true, "mail.guess.test:587": true}}
	o := w.options(nil)
	o.Confirm = fc.confirm
	r, err := discover(t, "kate@guess.test", o)
	if err != nil {
		t.Fatal(err)
	}
	if r.Source.Kind != Guessed {
		t.Errorf("source = %+v", r.Source)
	}
	if got := serverList(r.Incoming); !slices.Equal(got, []string{"imap imap.guess.test:993 SSL user="}) {
		t.Errorf("incoming = %q", got)
	}
	if got := serverList(r.Outgoing); !slices.Equal(got, []string{"smtp smtp.guess.test:587 STARTTLS user=", "smtp mail.guess.test:587 STARTTLS user="}) {
		t.Errorf("outgoing = %q", got)
	}
	if !r.Checked() {
		t.Error("guessed servers are checked by definition")
	}
	for _, h := range []string{"imap.guess.test:143", "mail.guess.test:993", "smtp.guess.test:465"} {
		if !slices.Contains(fc.asked, h) {
			t.Errorf("%s not tried; asked %q", h, fc.asked)
		}
	}
}

func TestDiscoverWithoutConfirmerDoesNotGuess(t *testing.T) {
	w := newWebServer(t)
	r, err := discover(t, "kate@nothing.test", w.options(nil))
	if !errors.Is(err, ErrNothingFound) {
		t.Fatalf("err = %v, want ErrNothingFound", err)
	}
	kinds := map[SourceKind]bool{}
	for _, a := range r.Tried {
		kinds[a.Source.Kind] = true
	}
	for _, k := range []SourceKind{FromAutoconfig, FromWellKnown, FromISPDB, FromMX} {
		if !kinds[k] {
			t.Errorf("no attempt of kind %d noted: %v", k, r.Tried)
		}
	}
	if kinds[Guessed] {
		t.Error("guessed without a live check")
	}
}

func TestDiscoverMarksFoundServersChecked(t *testing.T) {
	w := newWebServer(t)
	w.file("autoconfig.example.test/mail/config-v1.1.xml", readTestdata(t, "ispdb-shape.xml"))
	fc := &fakeConfirmer{safe: map[string]bool{"pop.example.test:995": true, "smtp.example.test:587": true}}
	o := w.options(nil)
	o.Confirm = fc.confirm
	r, err := discover(t, "kate@example.test", o)
	if err != nil {
		t.Fatal(err)
	}
	// The file puts IMAP first, but only POP answered safely: the live check wins.
	in, _ := r.BestIncoming()
	if in.Kind != POP3 || !in.Checked || !r.Checked() {
		t.Errorf("best incoming = %+v, checked %v", in, r.Checked())
	}
}

func TestDiscoverFromProfile(t *testing.T) {
	p := provider.Default()
	p.MailServers = provider.MailServers{Incoming: "mail.{domain}", Outgoing: "smtp.itco.test"}
	w := newWebServer(t)
	o := w.options(nil)
	o.Profile = p
	r, err := discover(t, "kate@example.test", o)
	if err != nil {
		t.Fatal(err)
	}
	if r.Source.Kind != FromProfile || len(w.requests()) != 0 {
		t.Errorf("source %+v, asked the web %q", r.Source, w.requests())
	}
	if got := serverList(r.Incoming); !slices.Equal(got, []string{"imap mail.example.test:993 SSL user=", "pop3 mail.example.test:995 SSL user="}) {
		t.Errorf("incoming = %q", got)
	}
	if got := serverList(r.Outgoing); !slices.Equal(got, []string{"smtp smtp.itco.test:587 STARTTLS user="}) {
		t.Errorf("outgoing = %q", got)
	}
}

func TestDiscoverRefusesBadAddressAndEndsWithContext(t *testing.T) {
	if _, err := Discover(context.Background(), "not an address", Options{}); !errors.As(err, new(*AddressError)) {
		t.Errorf("err = %v", err)
	}
	w := newWebServer(t)
	w.handle("autoconfig.slow.test/mail/config-v1.1.xml", func(rw http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Discover(ctx, "kate@slow.test", w.options(nil)); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestAccountFromResult(t *testing.T) {
	r := Result{Address: "kate@example.test",
		Incoming: []Server{{Kind: IMAP, Host: "imap.example.test", Port: 993, Security: SSL, Username: "kate@example.test"},
			{Kind: POP3, Host: "pop.example.test", Port: 995, Security: SSL, Username: "kate"}},
		Outgoing: []Server{{Kind: SMTP, Host: "smtp.example.test", Port: 465, Security: SSL}}}
	a, err := r.Account("")
	if err != nil {
		t.Fatal(err)
	}
	if a.Protocol != "IMAP" || a.Incoming.Host != "imap.example.test" || a.Outgoing.Port != 465 || a.Outgoing.Security != "SSL" || a.Username != "" {
		t.Errorf("account = %+v", a)
	}
	a, err = r.Account(POP3)
	if err != nil || a.Protocol != "POP" || a.Incoming.Port != 995 || a.Username != "kate" {
		t.Errorf("POP account = %+v, %v", a, err)
	}
	if _, err := (Result{Address: "k@example.test", Incoming: r.Incoming}).Account(""); !errors.Is(err, ErrIncomplete) {
		t.Errorf("err = %v, want ErrIncomplete", err)
	}
	if !strings.Contains(r.Incoming[0].String(), "993") {
		t.Error("String")
	}
}

func TestDiscoverChecksCertificates(t *testing.T) {
	for _, tc := range []struct {
		name, addr string
		roots      bool
	}{
		{"name not on the certificate", "kate@uncovered.test", true},
		{"certificate from an unknown authority", "kate@example.test", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWebServer(t)
			w.file("autoconfig.uncovered.test/mail/config-v1.1.xml", readTestdata(t, "ispdb-shape.xml"))
			w.file("autoconfig.example.test/mail/config-v1.1.xml", readTestdata(t, "ispdb-shape.xml"))
			o := w.options(nil)
			if !tc.roots {
				o.RootCAs = x509.NewCertPool()
			}
			r, err := discover(t, tc.addr, o)
			if !errors.Is(err, ErrNothingFound) {
				t.Fatalf("err = %v, source %+v: settings taken from a server that failed its certificate check", err, r.Source)
			}
			if got := triedErr(r, FromAutoconfig, ""); !errors.Is(got, ErrUnreachable) {
				t.Errorf("autoconfig host: %v, want ErrUnreachable", got)
			}
		})
	}
}

func TestExportsUseDiscoveredServers(t *testing.T) {
	w := newWebServer(t)
	w.file("autoconfig.example.test/mail/config-v1.1.xml", readTestdata(t, "ispdb-shape.xml"))
	r, err := discover(t, "kate@example.test", w.options(nil))
	if err != nil {
		t.Fatal(err)
	}
	checkExports(t, r, "imap.example.test", 993, 587)
}
