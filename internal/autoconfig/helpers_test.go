package autoconfig

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/testkit/dnstest"
)

// webNames are the names the test web server's certificate is good for.
var webNames = func() []string {
	names := []string{"files.elsewhere.test", "ispdb.test"}
	for _, d := range []string{"example.test", "customer.example.test", "shop.example.test", "provider.test",
		"redirect.test", "slow.test", "bad.test", "small.test", "nothing.test", "guess.test", "stack.test"} {
		names = append(names, d, "*."+d)
	}
	return names
}()

// webServer is one HTTPS server answering for every name in webNames: tests route each
// host and path to a handler, and Options send every connection to it.
type webServer struct {
	srv   *httptest.Server
	roots *x509.CertPool
	mu    sync.Mutex
	pages map[string]http.HandlerFunc // "host/path" (path without the query)
	asked []string                    // "host/path?query" in the order asked
}

func newWebServer(t *testing.T) *webServer {
	t.Helper()
	w := &webServer{pages: map[string]http.HandlerFunc{}}
	cert, roots := testCert(t, webNames)
	w.roots = roots
	w.srv = httptest.NewUnstartedServer(http.HandlerFunc(w.serve))
	w.srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	w.srv.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are what some tests are about
	w.srv.StartTLS()
	t.Cleanup(w.srv.Close)
	return w
}

func (w *webServer) serve(rw http.ResponseWriter, r *http.Request) {
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	key := host + r.URL.Path
	w.mu.Lock()
	w.asked = append(w.asked, key+"?"+r.URL.RawQuery)
	h := w.pages[key]
	w.mu.Unlock()
	if h == nil {
		http.NotFound(rw, r)
		return
	}
	h(rw, r)
}

func (w *webServer) handle(hostPath string, h http.HandlerFunc) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pages[hostPath] = h
}

func (w *webServer) file(hostPath string, body []byte) {
	w.handle(hostPath, func(rw http.ResponseWriter, _ *http.Request) {
		rw.Header().Set("Content-Type", "text/xml")
		rw.Write(body)
	})
}

func (w *webServer) requests() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.asked...)
}

// options send every fetch to the test server, trust its CA only, and ask the test DNS.
func (w *webServer) options(dns *dnstest.Server) Options {
	addr := w.srv.Listener.Addr().String()
	o := Options{
		RootCAs:      w.roots,
		ISPDBURL:     "https://ispdb.test/v1.1/",
		FetchTimeout: 5 * time.Second,
		Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		},
	}
	// Without a test DNS server, look-ups fail at once: tests never ask the real DNS.
	o.Resolver = &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
		return nil, errors.New("no DNS in this test")
	}}
	if dns != nil {
		o.Resolver = &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "udp", dns.Addr)
		}}
	}
	return o
}

// testCert is a throw-away CA and a server certificate for names signed by it.
func testCert(t *testing.T, names []string) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "autoconfig test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: names[0]}, DNSNames: names,
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

// fakeConfirmer says yes to the "host:port" pairs in safe and records what it was asked.
type fakeConfirmer struct {
	mu    sync.Mutex
	safe  map[string]bool
	asked []string
}

func (f *fakeConfirmer) confirm(_ context.Context, host string, servers []Server) []bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]bool, len(servers))
	for i, s := range servers {
		if s.Host != host {
			panic("server " + s.String() + " asked under host " + host)
		}
		key := net.JoinHostPort(s.Host, itoa(s.Port))
		f.asked = append(f.asked, key)
		out[i] = f.safe[key]
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
