package ui

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
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/autoconfig"
	"github.com/reportmail/reportmail/internal/probe"
	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/tlsguide"
)

// exampleConfig is the provider's file for example.co.nz, in the shape Thunderbird's
// providers serve it: IMAP and POP over SSL, submission over SSL, and an unencrypted relay
// port that must be left out.
const exampleConfig = `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example.co.nz">
    <domain>example.co.nz</domain>
    <displayName>Example NZ Mail</displayName>
    <incomingServer type="imap">
      <hostname>imap.example.co.nz</hostname><port>993</port><socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>pop.example.co.nz</hostname><port>995</port><socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>relay.example.co.nz</hostname><port>25</port><socketType>plain</socketType>
      <authentication>none</authentication>
    </outgoingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.example.co.nz</hostname><port>465</port><socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>
`

// autoconfigServer serves exampleConfig at https://autoconfig.example.co.nz/… and returns
// discovery options that reach it (and nothing else) and trust its certificate.
func autoconfigServer(t *testing.T) func() autoconfig.Options {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	now := time.Now()
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "ui test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), DNSNames: []string{"autoconfig.example.co.nz", "example.co.nz"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, leaf, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.Host, "autoconfig.example.co.nz") && r.URL.Path == "/mail/config-v1.1.xml" {
			w.Write([]byte(exampleConfig))
			return
		}
		http.NotFound(w, r)
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	roots := x509.NewCertPool()
	roots.AddCert(ca)
	addr := srv.Listener.Addr().String()
	return func() autoconfig.Options {
		return autoconfig.Options{
			RootCAs:  roots,
			ISPDBURL: autoconfig.NoISPDB,
			Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
				var d net.Dialer
				return d.DialContext(ctx, network, addr)
			},
			Resolver: &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
				return nil, errors.New("no DNS in this test")
			}},
		}
	}
}

// Settings fills itself from the address, served by a local autoconfig server, once the
// person says "Use these settings"; the settings file then carries the found servers.
func TestSettingsFillsItselfFromTheAddress(t *testing.T) {
	h := newHarness(t, Options{})
	h.u.auto.options = autoconfigServer(t)
	h.do(func() {
		u := h.u
		u.showSettings()
		s := u.settings
		if !s.finder.button.Disabled() {
			t.Error("Find my settings is offered before there is an address")
		}
		typeInto(s.address, testAddress)
		if s.finder.button.Disabled() {
			t.Fatal("Find my settings is not offered for a whole address")
		}
		test.Tap(s.finder.button)
	})
	h.waitFor("the settings found", func() bool { return h.u.settings.finder.result != nil })
	h.do(func() {
		u := h.u
		s := u.settings
		shown := screen(u.tabs.Items[tabSettings].Content)
		assertShows(t, "Settings after Find my settings", shown,
			"Found at autoconfig.example.co.nz.",
			"Incoming (IMAP): imap.example.co.nz, port 993, SSL/TLS, user name kate",
			"Outgoing (SMTP): smtp.example.co.nz, port 465, SSL/TLS, user name kate",
			"One server was left out because it would send your password without encryption.",
			"Use these settings")
		assertPlain(t, "Settings", shown)
		if s.host.Text != "" {
			t.Errorf("the form was filled (%q) before the person said so", s.host.Text)
		}
		test.Tap(button(t, u.tabs.Items[tabSettings].Content, "Use these settings"))
		if s.host.Text != "smtp.example.co.nz" || s.port.Text != "465" || s.security.Selected != securityChoice(send.Implicit) || s.username.Text != "kate" {
			t.Errorf("filled: host %q port %q security %q user %q", s.host.Text, s.port.Text, s.security.Selected, s.username.Text)
		}
		assertShows(t, "Settings after Use these settings", screen(u.tabs.Items[tabSettings].Content),
			"Filled in from autoconfig.example.co.nz. Check the settings, then press Save.")
		s.save()
		if a := u.account(); a.Host != "smtp.example.co.nz" || a.Port != 465 || a.Security != send.Implicit || a.Username != "kate" {
			t.Errorf("saved %+v", a)
		}

		// Make a settings file… starts from the servers found, not the profile's bare ports.
		showExport(u)
		dlg := h.overlay()
		entries := map[string]bool{}
		for _, e := range findAll[*widget.Entry](dlg) {
			entries[e.Text] = true
		}
		for _, want := range []string{testAddress, "imap.example.co.nz", "smtp.example.co.nz"} {
			if !entries[want] {
				t.Errorf("the settings-file form lacks %q; it has %v", want, entries)
			}
		}
		assertShows(t, "settings-file form", screen(dlg), "IMAP (993, SSL)", "POP (995, SSL)")
		proto := find[*widget.RadioGroup](dlg, func(r *widget.RadioGroup) bool { return strings.HasPrefix(r.Options[0], "IMAP") })
		proto.SetSelected(proto.Options[1])
		if !hasEntry(dlg, "pop.example.co.nz") {
			t.Error("choosing POP does not switch to the POP server found")
		}
	})
}

// A new address drops what was found for the old one, and an address with nothing to find
// gets one plain sentence.
func TestFindMySettingsNothingFound(t *testing.T) {
	h := newHarness(t, Options{})
	h.u.auto.options = autoconfigServer(t)
	h.do(func() {
		u := h.u
		u.showSettings()
		s := u.settings
		typeInto(s.address, "kate@nowhere.example.org")
		test.Tap(s.finder.button)
	})
	h.waitFor("the answer", func() bool {
		return h.u.settings.finder.msg.Text != "" && !strings.HasPrefix(h.u.settings.finder.msg.Text, "Looking")
	})
	h.do(func() {
		s := h.u.settings
		shown := screen(h.u.tabs.Items[tabSettings].Content)
		assertShows(t, "Settings", shown, "Report Mail could not find safe settings for nowhere.example.org: ask whoever runs your email for the outgoing server's name, or enter it yourself.")
		assertPlain(t, "Settings", shown)
		if strings.Contains(shown, "Use these settings") || s.host.Text != "" {
			t.Error("offered or filled settings although none were found")
		}
	})
}

// findAll returns every widget of type T under o, visible or not.
func findAll[T fyne.CanvasObject](o fyne.CanvasObject) []T {
	var out []T
	find(o, func(w T) bool {
		out = append(out, w)
		return false // keep walking
	})
	return out
}

func hasEntry(o fyne.CanvasObject, text string) bool {
	for _, e := range findAll[*widget.Entry](o) {
		if e.Text == text {
			return true
		}
	}
	return false
}

// A live check from Mail set-up gives the settings file its host and the recommended
// ports; one for another address is not used.
func TestSettingsFileUsesTheCheckedServer(t *testing.T) {
	u := newTestUI(t)
	good := func(p probe.Proto, port int) probe.Result {
		return probe.Result{Target: probe.Target{Proto: p, Port: port}, Verdict: probe.Good, Reachable: true}
	}
	rep := probe.Report{Host: "mail.checked.example", Results: []probe.Result{
		good(probe.IMAPS, 993), good(probe.POP3S, 995), good(probe.Submissions, 465),
		{Target: probe.Target{Proto: probe.SMTP, Port: 25}, Verdict: probe.Bad}}}
	rep.Recommended.Incoming, rep.Recommended.Outgoing = &rep.Results[0], &rep.Results[2]
	u.rememberChecked("", rep)
	imap, pop, smtp, email := u.exportDefaults(u.profile(), testAddress)
	if imap.Host != "mail.checked.example" || imap.Port != 993 || pop.Port != 995 || smtp.Host != "mail.checked.example" ||
		smtp.Port != 465 || smtp.Security != tlsguide.SSL || email != testAddress {
		t.Errorf("defaults: imap %+v pop %+v smtp %+v email %q", imap, pop, smtp, email)
	}
	u.rememberChecked("someone@else.example", rep)
	if imap, _, smtp, _ := u.exportDefaults(u.profile(), testAddress); imap.Host != "" || smtp.Host != "" || smtp.Port != 587 {
		t.Errorf("a check for another address was used: %+v %+v", imap, smtp)
	}
}

// Typing another address takes back the offer made for the old one.
func TestFindMySettingsForgetsTheOldAddress(t *testing.T) {
	h := newHarness(t, Options{})
	h.u.auto.options = autoconfigServer(t)
	h.do(func() {
		h.u.showSettings()
		s := h.u.settings
		typeInto(s.address, testAddress)
		test.Tap(s.finder.button)
	})
	h.waitFor("the settings found", func() bool { return h.u.settings.finder.result != nil })
	h.do(func() {
		s := h.u.settings
		typeInto(s.address, "kate@another.example.org")
		if shown := screen(h.u.tabs.Items[tabSettings].Content); strings.Contains(shown, "Use these settings") || strings.Contains(shown, "imap.example.co.nz") {
			t.Errorf("the old address's settings are still offered:\n%s", shown)
		}
	})
}

// "Use these settings" fills the mailbox (IMAP) form too while nothing is saved there, and
// says where the values came from: the person found them once, for both servers.
func TestUseTheseSettingsFillsTheMailboxForm(t *testing.T) {
	h := newHarness(t, Options{})
	h.u.auto.options = autoconfigServer(t)
	h.do(func() {
		h.u.showSettings()
		typeInto(h.u.settings.address, testAddress)
		test.Tap(h.u.settings.finder.button)
	})
	h.waitFor("the settings found", func() bool { return h.u.settings.finder.result != nil })
	h.do(func() {
		s := h.u.settings
		test.Tap(button(t, h.u.tabs.Items[tabSettings].Content, "Use these settings"))
		p := s.incoming
		if p.host.Text != "imap.example.co.nz" || p.port.Text != "993" || p.security.Selected != incomingSecurityChoice(send.Implicit) || p.username.Text != "kate" {
			t.Errorf("mailbox form: host %q port %q security %q user %q", p.host.Text, p.port.Text, p.security.Selected, p.username.Text)
		}
		assertShows(t, "mailbox form", p.msg.Text, "Filled in from the settings Report Mail found for your address")
	})
}
