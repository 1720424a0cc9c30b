package mailbox

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/send"
)

// weakKeyServer is an implicit-TLS server whose certificate is trusted and for the right
// name, but has a 1024-bit RSA key: sending refuses such a server, so reading mail must too.
func weakKeyServer(t *testing.T) (port int, roots *x509.CertPool, sawData *atomic.Bool) {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "weak test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	leafKey, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	leafTmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:   time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, ca, &leafKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	roots = x509.NewCertPool()
	roots.AddCert(ca)
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{MinVersion: tls.VersionTLS12,
		Certificates: []tls.Certificate{{Certificate: [][]byte{leafDER}, PrivateKey: leafKey}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	sawData = new(atomic.Bool)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(10 * time.Second))
				io.WriteString(c, "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] weak\r\n")
				if n, _ := c.Read(make([]byte, 512)); n > 0 {
					sawData.Store(true)
				}
			}()
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port, roots, sawData
}

func TestWeakKeyIsRefusedLikeSending(t *testing.T) {
	port, roots, sawData := weakKeyServer(t)
	_, err := Dial(context.Background(), Config{Host: "127.0.0.1", Port: port, Security: send.Implicit, RootCAs: roots,
		Username: "u", Password: "secret", Timeout: 5 * time.Second})
	if KindOf(err) != CertWeakKey {
		t.Fatalf("Dial: %v (kind %q), want %q", err, KindOf(err), CertWeakKey)
	}
	if sawData.Load() {
		t.Error("the client spoke to a server whose certificate it had refused")
	}
}
