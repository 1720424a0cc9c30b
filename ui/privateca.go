package ui

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/reportmail/reportmail/internal/mailmsg"
	"github.com/reportmail/reportmail/internal/safefile"
	"github.com/reportmail/reportmail/internal/send"
)

// A private mail server (an organisation's own) has a certificate from an authority only
// its IT people know. They hand out that authority's certificate file; Report Mail keeps a
// copy in its own folder, so the file can be moved or deleted afterwards, and trusts it on
// top of the usual authorities. Verification itself is never switched off.

// caFileName is the kept copy, in the app's storage folder.
const caFileName = "private-server-certificate.pem"

// maxCAFile bounds the file as send.LoadCAFile does: a bundle of every public root is 200 KB.
const maxCAFile = 1 << 20

// privateCA is a loaded certificate file.
type privateCA struct {
	pem   []byte // only its certificates, re-encoded: a private key sent along is not copied
	certs []*x509.Certificate
}

// parseCA reads the certificates of a PEM file; errors are *send.CAFileError, which
// plain.Sentence words.
func parseCA(path string, data []byte) (*privateCA, error) {
	certs, err := send.ParseCertificates(path, data)
	if err != nil {
		return nil, err
	}
	ca := &privateCA{certs: certs}
	for _, c := range certs {
		ca.pem = append(ca.pem, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	return ca, nil
}

func readCA(path string) (*privateCA, error) {
	data, err := safefile.Read(path, maxCAFile)
	if err != nil {
		return nil, &send.CAFileError{Path: path, Err: err}
	}
	return parseCA(path, data)
}

func (u *UI) caPath() string {
	dir := u.caDir
	if dir == "" {
		dir = u.app.Storage().RootURI().Path()
	}
	return filepath.Join(dir, caFileName)
}

// serverRoots are the authorities mail servers are checked against: the usual ones (or the
// test's) plus the private server's certificate when one is kept. Any goroutine.
func (u *UI) serverRoots() *x509.CertPool {
	u.caOnce.Do(u.loadKeptCA)
	u.caMu.Lock()
	defer u.caMu.Unlock()
	if u.caPool != nil {
		return u.caPool
	}
	return u.rootCAs
}

// keptCA is the certificate in use, or nil. It may read the kept copy: not on the UI
// goroutine.
func (u *UI) keptCA() *privateCA {
	u.caOnce.Do(u.loadKeptCA)
	u.caMu.Lock()
	defer u.caMu.Unlock()
	return u.ca
}

// currentCA is the certificate in use without reading anything: for the UI goroutine.
func (u *UI) currentCA() *privateCA {
	u.caMu.Lock()
	defer u.caMu.Unlock()
	return u.ca
}

func (u *UI) loadKeptCA() {
	ca, err := readCA(u.caPath())
	u.caMu.Lock()
	defer u.caMu.Unlock()
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			u.caLoaded = err
		}
		return
	}
	u.useCALocked(ca)
}

func (u *UI) useCALocked(ca *privateCA) {
	var pool *x509.CertPool
	if u.rootCAs != nil {
		pool = u.rootCAs.Clone()
	} else if sys, err := x509.SystemCertPool(); err == nil && sys != nil {
		pool = sys
	} else {
		pool = x509.NewCertPool() // no system store (a bare container): the file alone
	}
	for _, c := range ca.certs {
		pool.AddCert(c)
	}
	u.ca, u.caPool, u.caLoaded = ca, pool, nil
}

// keepCA reads the certificate file at path, keeps a copy and uses it from now on. Off the
// UI goroutine.
func (u *UI) keepCA(path string) (*privateCA, error) {
	u.caOnce.Do(u.loadKeptCA) // so the old copy is not read over the new one later
	ca, err := readCA(path)
	if err != nil {
		return nil, err
	}
	dest := u.caPath()
	err = os.MkdirAll(filepath.Dir(dest), 0o700)
	if err == nil {
		err = safefile.Replace(dest, ca.pem, 0o600)
	}
	if err != nil {
		return nil, sentence("Report Mail could not keep a copy of the certificate. Check that the disk is not full, then try again.")
	}
	u.caMu.Lock()
	u.useCALocked(ca)
	u.caMu.Unlock()
	return ca, nil
}

// forgetCA stops trusting the private certificate and removes the kept copy.
func (u *UI) forgetCA() error {
	u.caOnce.Do(func() {}) // a copy that is about to go must not be read afterwards
	if err := os.Remove(u.caPath()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return sentence("Report Mail could not remove its copy of the certificate. Try again, or restart the computer if it keeps happening.")
	}
	u.caMu.Lock()
	u.ca, u.caPool, u.caLoaded = nil, nil, nil
	u.caMu.Unlock()
	return nil
}

// fingerprint is the SHA-256 of the certificate in groups of four hex digits, the way an IT
// person reads it out over the phone.
func fingerprint(c *x509.Certificate) string {
	sum := sha256.Sum256(c.Raw)
	h := strings.ToUpper(hex.EncodeToString(sum[:]))
	groups := make([]string, 0, len(h)/4)
	for i := 0; i < len(h); i += 4 {
		groups = append(groups, h[i:i+4])
	}
	return strings.Join(groups, " ")
}

// describe says what the certificate is for, who vouches for it, until when, and its
// fingerprint to compare with what the IT person says.
func (ca *privateCA) describe(now time.Time) []string {
	c := ca.certs[0]
	for_ := nameOf(c.Subject.CommonName, c.Subject.Organization)
	var names []string
	for _, n := range c.DNSNames {
		names = append(names, mailmsg.OneLine(n))
	}
	for _, ip := range c.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) > 0 {
		if len(names) > 5 {
			names = append(names[:5], "and "+strconv.Itoa(len(names)-5)+" more")
		}
		for_ += " (" + strings.Join(names, ", ") + ")"
	}
	lines := []string{"For: " + for_}
	if string(c.RawIssuer) == string(c.RawSubject) {
		lines = append(lines, "Issued by: itself (it is the organisation's own certificate authority)")
	} else {
		lines = append(lines, "Issued by: "+nameOf(c.Issuer.CommonName, c.Issuer.Organization))
	}
	until := c.NotAfter.Local().Format("2 January 2006")
	if now.After(c.NotAfter) {
		lines = append(lines, "Expired on "+until+": ask your IT person for a new certificate file.")
	} else {
		lines = append(lines, "Valid until: "+until)
	}
	lines = append(lines, "Fingerprint (SHA-256): "+fingerprint(c))
	if n := len(ca.certs); n > 1 {
		lines = append(lines, "The file holds "+strconv.Itoa(n)+" certificates; Report Mail trusts all of them.")
	}
	return lines
}

func nameOf(cn string, org []string) string {
	if s := mailmsg.Shorten(mailmsg.OneLine(cn), 80); s != "" {
		return s
	}
	if len(org) > 0 {
		if s := mailmsg.Shorten(mailmsg.OneLine(org[0]), 80); s != "" {
			return s
		}
	}
	return "no name given"
}
