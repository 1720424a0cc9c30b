package ui

import (
	"crypto/sha256"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/reportmail/reportmail/internal/testkit/smtpfake"
)

// testConnection presses Test connection with the saved account and returns what it says.
func (h *harness) testConnection(s *settingsScreen, srv *smtpfake.Server) string {
	h.t.Helper()
	h.do(func() {
		s.fill(testAddress, srv.Host, securityChoices[0], strconv.Itoa(srv.Port), testUser, testPassword)
		test.Tap(s.testBtn)
	})
	h.waitFor("the connection test", func() bool { return !s.testBtn.Disabled() })
	var msg string
	h.do(func() { msg = s.testMsg.Text })
	return msg
}

// wantFingerprint is the SHA-256 of the PEM's first certificate, worked out here on its
// own rather than with the code under test.
func wantFingerprint(t *testing.T, pemData []byte) string {
	t.Helper()
	block, _ := pem.Decode(pemData)
	if block == nil {
		t.Fatal("the fake's CA is not PEM")
	}
	sum := sha256.Sum256(block.Bytes)
	var b strings.Builder
	for i, c := range sum {
		if i > 0 && i%2 == 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%02X", c)
	}
	return b.String()
}

// A private server: its certificate authority is unknown to the computer (no RootCAs in the
// options). The advice says where to load the file; loading it in Settings shows what it
// is for and its fingerprint, keeps a copy (the original can go), and sending and testing
// then work, also after a restart; Remove ends the trust.
func TestPrivateServerCertificate(t *testing.T) {
	srv := smtpfake.Start(t, smtpfake.Options{Users: map[string]string{testUser: testPassword}})
	dir := t.TempDir()
	h := newHarness(t, Options{})
	h.u.caDir = dir
	h.useAccount(srv)
	s := openSettings(h)

	msg := h.testConnection(s, srv)
	if !strings.Contains(msg, "ask your IT person for the server's certificate file, then load it in Settings → Private server certificate") {
		t.Fatalf("before loading the certificate, Test connection says %q", msg)
	}

	// The IT person's file, given to the person somewhere they may later tidy away.
	given := filepath.Join(t.TempDir(), "mail-ca.pem")
	if err := os.WriteFile(given, srv.PKI.CAPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	h.do(func() { s.loadCAFrom(given) })
	h.waitFor("the certificate to be read", func() bool { return s.caInfo.Text != "Reading the certificate…" })
	h.do(func() {
		got := screen(s.content)
		assertShows(t, "settings with the certificate", got,
			"Fingerprint (SHA-256): "+wantFingerprint(t, srv.PKI.CAPEM),
			"For: Report Mail test CA", "Issued by: itself", "Valid until: ", "Remove")
		assertPlain(t, "settings with the certificate", got)
	})
	if err := os.Remove(given); err != nil {
		t.Fatal(err)
	}

	if msg := h.testConnection(s, srv); !strings.HasPrefix(msg, "It works") {
		t.Fatalf("with the certificate loaded, Test connection says %q", msg)
	}
	f := h.dropOriginal()
	f.kind.SetSelected(kindChoices[0].label)
	test.Tap(f.sendBtn)
	if d := srv.Delivered(); len(d) != 1 {
		t.Fatalf("with the certificate loaded, %d reports reached the server; the card says:\n%s", len(d), screen(f.c.root))
	}

	// The next start uses the kept copy.
	h2 := newHarnessOn(t, h.app, Options{})
	h2.u.caDir = dir
	s2 := openSettings(h2)
	h2.waitFor("the kept certificate to show", func() bool { return strings.Contains(s2.caInfo.Text, "Fingerprint") })
	if msg := h2.testConnection(s2, srv); !strings.HasPrefix(msg, "It works") {
		t.Fatalf("after a restart, Test connection says %q", msg)
	}

	h2.do(func() { test.Tap(button(t, s2.content, "Remove")) })
	h2.waitFor("the certificate to go", func() bool { return !s2.caRemove.Visible() })
	if _, err := os.Stat(filepath.Join(dir, caFileName)); !os.IsNotExist(err) {
		t.Errorf("the kept copy is still there after Remove (%v)", err)
	}
	if msg := h2.testConnection(s2, srv); !strings.Contains(msg, "not from an authority this computer trusts") {
		t.Errorf("after Remove, Test connection says %q", msg)
	}
}

// Files that are not a certificate get a plain sentence and change nothing; a private key
// sent along with the certificate is not copied.
func TestPrivateServerCertificateFiles(t *testing.T) {
	srv := smtpfake.Start(t)
	key := "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n"
	cases := []struct {
		name, content, want string
	}{
		{"a private key only", key, "holds no certificate"},
		{"text", "hello\n", "holds no certificate"},
		{"a broken certificate", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "could not be read"},
		{"certificate with its key", string(srv.PKI.CAPEM) + key, "Fingerprint (SHA-256): "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			h := newHarness(t, Options{})
			h.u.caDir = dir
			s := openSettings(h)
			path := filepath.Join(t.TempDir(), "server.pem")
			if err := os.WriteFile(path, []byte(c.content), 0o600); err != nil {
				t.Fatal(err)
			}
			h.do(func() { s.loadCAFrom(path) })
			h.waitFor("the file to be read", func() bool { return s.caInfo.Text != "Reading the certificate…" })
			h.do(func() {
				got := screen(s.content)
				assertShows(t, "settings", got, c.want)
				assertPlain(t, "settings", got)
			})
			kept, err := os.ReadFile(filepath.Join(dir, caFileName))
			if strings.HasPrefix(c.want, "Fingerprint") {
				if err != nil || strings.Contains(string(kept), "PRIVATE KEY") {
					t.Errorf("kept copy: %v, holds a key: %v", err, strings.Contains(string(kept), "PRIVATE KEY"))
				}
				return
			}
			if err == nil {
				t.Error("a file without a certificate was kept")
			}
			if h.u.serverRoots() != nil {
				t.Error("a file without a certificate changed the trusted authorities")
			}
		})
	}
}

// The description of a bundle and of an expired certificate.
func TestDescribeCertificate(t *testing.T) {
	srv := smtpfake.Start(t)
	ca, err := parseCA("x.pem", append(append([]byte{}, srv.PKI.CAPEM...), srv.PKI.CAPEM...))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Join(ca.describe(ca.certs[0].NotAfter.AddDate(0, 0, 1)), "\n")
	assertShows(t, "description", lines, "Expired on ", "ask your IT person for a new certificate file", "The file holds 2 certificates")
}

// When the copy cannot be kept, the person is told so and the certificate is not used half
// way: nothing changes.
func TestPrivateServerCertificateThatCannotBeKept(t *testing.T) {
	srv := smtpfake.Start(t)
	notADir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notADir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{})
	h.u.caDir = notADir
	s := openSettings(h)
	h.do(func() { s.loadCAFrom(srv.CAFile) })
	h.waitFor("the file to be read", func() bool { return s.caInfo.Text != "Reading the certificate…" })
	h.do(func() {
		got := screen(s.content)
		assertShows(t, "settings", got, "Report Mail could not keep a copy of the certificate.", "None loaded")
		assertPlain(t, "settings", got)
		if s.caRemove.Visible() {
			t.Error("Remove is offered for a certificate that was not kept")
		}
	})
	if h.u.serverRoots() != nil {
		t.Error("a certificate that could not be kept is used anyway")
	}
}
