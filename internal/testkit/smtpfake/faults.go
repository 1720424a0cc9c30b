package smtpfake

import (
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	"strings"
	"time"
)

// Certificates a careful client must refuse although they are valid, signed by the test CA
// and name the right host: what is wrong with them is how strong they are.
const (
	CertRSA1024 CertKind = iota + 100 // a 1024-bit RSA key, too small to trust today
	CertSHA1                          // signed with ECDSA-SHA1, which no verifier accepts
)

// addWeak makes the weak certificates. They are made at run time like the others, so no
// key is ever checked in.
func (p *PKI) addWeak(ca *x509.Certificate, caKey *ecdsa.PrivateKey) error {
	now := time.Now()
	tmpl := func(serial int64, name string) *x509.Certificate {
		return &x509.Certificate{
			SerialNumber: big.NewInt(serial),
			Subject:      pkix.Name{CommonName: name},
			DNSNames:     []string{"localhost"},
			IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
			NotBefore:    now.Add(-time.Hour),
			NotAfter:     now.Add(24 * time.Hour),
			KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
			ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		}
	}
	rsaKey, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		return err
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl(200, "smtpfake rsa-1024"), ca, &rsaKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	p.certs[CertRSA1024] = tls.Certificate{Certificate: [][]byte{der}, PrivateKey: rsaKey}

	good, ok := p.certs[CertGood]
	if !ok {
		return nil
	}
	key := good.PrivateKey.(*ecdsa.PrivateKey)
	t := tmpl(201, "smtpfake sha-1")
	t.SignatureAlgorithm = x509.ECDSAWithSHA1
	der, err = x509.CreateCertificate(rand.Reader, t, ca, &key.PublicKey, caKey)
	if err != nil {
		return err
	}
	p.certs[CertSHA1] = tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	return nil
}

// serverTLS is the connection's TLS configuration, with the scripted version limit: a
// server stuck on TLS 1.0 or 1.1 sets MaxVersion and has to allow the old versions too.
func (cs *conn) serverTLS() *tls.Config {
	c := cs.srv.PKI.ServerConfig(cs.o.Cert)
	if cs.o.TLSMaxVersion != 0 {
		c.MinVersion, c.MaxVersion = tls.VersionTLS10, cs.o.TLSMaxVersion
	}
	return c
}

// greet sends the scripted greeting, or none at all; false ends the session.
func (cs *conn) greet() bool {
	g := cs.o.Greeting
	if g == "" {
		g = "220 fake.example.test ESMTP smtpfake"
	}
	if cs.o.GreetingDelay > 0 {
		select {
		case <-cs.srv.done:
			return false
		case <-time.After(cs.o.GreetingDelay):
		}
	}
	switch {
	case cs.o.Silent:
		// Say nothing and read whatever comes (a TLS ClientHello, say) until the client
		// or the server gives up.
		_, _ = io.Copy(io.Discard, cs.c)
		return false
	case cs.o.TrickleGreeting > 0:
		line := g + "\r\n"
		for i := range len(line) {
			if _, err := cs.c.Write([]byte{line[i]}); err != nil {
				return false
			}
			select {
			case <-cs.srv.done:
				return false
			case <-time.After(cs.o.TrickleGreeting):
			}
		}
	default:
		if !cs.reply(g) {
			return false
		}
	}
	return strings.HasPrefix(g, "2")
}
