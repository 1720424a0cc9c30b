package smtpfake

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"time"
)

// CertKind picks the certificate the fake server presents, so TLS refusals can be tested
// without the real mail stack.
type CertKind int

const (
	CertGood      CertKind = iota // for localhost and 127.0.0.1, signed by the test CA
	CertExpired                   // same names, expired yesterday
	CertWrongHost                 // valid, but only for other-host.example.test
	CertUntrusted                 // good names, signed by a CA nobody was told about
)

// PKI is a throw-away certificate authority and the server certificates it signed.
type PKI struct {
	CAPEM []byte         // the trusted test CA, for --ca-file
	Pool  *x509.CertPool // the same CA as a pool (without the system roots)
	certs map[CertKind]tls.Certificate
}

// NewPKI makes a CA and one certificate of each kind. ECDSA P-256 keeps it fast.
func NewPKI() (*PKI, error) {
	ca, caKey, caDER, err := newCA("Report Mail test CA")
	if err != nil {
		return nil, err
	}
	other, otherKey, _, err := newCA("Someone else's CA")
	if err != nil {
		return nil, err
	}
	p := &PKI{
		CAPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		Pool:  x509.NewCertPool(),
		certs: map[CertKind]tls.Certificate{},
	}
	p.Pool.AddCert(ca)
	now := time.Now()
	good := []string{"localhost"}
	goodIPs := []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
	specs := []struct {
		kind      CertKind
		names     []string
		ips       []net.IP
		from, to  time.Time
		issuer    *x509.Certificate
		issuerKey *ecdsa.PrivateKey
	}{
		{CertGood, good, goodIPs, now.Add(-time.Hour), now.Add(24 * time.Hour), ca, caKey},
		{CertExpired, good, goodIPs, now.Add(-48 * time.Hour), now.Add(-24 * time.Hour), ca, caKey},
		{CertWrongHost, []string{"other-host.example.test"}, nil, now.Add(-time.Hour), now.Add(24 * time.Hour), ca, caKey},
		{CertUntrusted, good, goodIPs, now.Add(-time.Hour), now.Add(24 * time.Hour), other, otherKey},
	}
	for i, s := range specs {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, err
		}
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(int64(100 + i)),
			Subject:      pkix.Name{CommonName: fmt.Sprintf("smtpfake %d", s.kind)},
			DNSNames:     s.names,
			IPAddresses:  s.ips,
			NotBefore:    s.from,
			NotAfter:     s.to,
			KeyUsage:     x509.KeyUsageDigitalSignature,
			ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, s.issuer, &key.PublicKey, s.issuerKey)
		if err != nil {
			return nil, err
		}
		p.certs[s.kind] = tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	}
	if err := p.addWeak(ca, caKey); err != nil {
		return nil, err
	}
	return p, nil
}

// ServerConfig is the server side TLS configuration presenting the given certificate.
func (p *PKI) ServerConfig(kind CertKind) *tls.Config {
	return &tls.Config{Certificates: []tls.Certificate{p.certs[kind]}, MinVersion: tls.VersionTLS12}
}

func newCA(name string) (*x509.Certificate, *ecdsa.PrivateKey, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-72 * time.Hour),
		NotAfter:              time.Now().Add(72 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, nil, err
	}
	return cert, key, der, nil
}
