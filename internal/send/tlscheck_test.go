package send

import (
	"crypto/dsa" //lint:ignore SA1019 a DSA key must be recognised to be refused
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math/big"
	"net"
	"testing"
)

func TestWeakKey(t *testing.T) {
	ec := func(c elliptic.Curve) *ecdsa.PublicKey { return &ecdsa.PublicKey{Curve: c} }
	bits := func(n int) *rsa.PublicKey {
		return &rsa.PublicKey{N: new(big.Int).Lsh(big.NewInt(1), uint(n-1)), E: 65537}
	}
	edPub, _, _ := ed25519.GenerateKey(rand.Reader)
	cases := []struct {
		key  any
		weak bool
	}{
		{bits(512), true}, {bits(1024), true}, {bits(2047), true},
		{bits(2048), false}, {bits(4096), false},
		{&rsa.PublicKey{}, true},
		{&dsa.PublicKey{}, true},
		{ec(elliptic.P224()), true}, {&ecdsa.PublicKey{}, true},
		{ec(elliptic.P256()), false}, {ec(elliptic.P384()), false}, {ec(elliptic.P521()), false},
		{edPub, false},
	}
	for i, c := range cases {
		if got := weakKey(c.key) != ""; got != c.weak {
			t.Errorf("%d (%T): weak=%v, want %v", i, c.key, got, c.weak)
		}
	}
}

// One strong verified chain is enough; a weak leaf in every chain is not.
func TestVerifyStrongKeys(t *testing.T) {
	strong := &x509.Certificate{PublicKey: &ecdsa.PublicKey{Curve: elliptic.P256()}}
	weak := &x509.Certificate{PublicKey: &rsa.PublicKey{N: big.NewInt(1 << 62), E: 3}}
	if err := verifyStrongKeys(tls.ConnectionState{VerifiedChains: [][]*x509.Certificate{{strong, weak}, {strong, strong}}}); err != nil {
		t.Errorf("a strong chain beside a weak one: %v", err)
	}
	err := verifyStrongKeys(tls.ConnectionState{VerifiedChains: [][]*x509.Certificate{{weak, strong}}})
	var we *WeakKeyError
	if !errors.As(err, &we) {
		t.Errorf("weak leaf: %v", err)
	}
}

// The shapes of errors that the fake server cannot produce (it is Go, and Go refuses
// differently from OpenSSL) are still recognised.
func TestClassifyTLSShapes(t *testing.T) {
	sha1Cert := &x509.Certificate{SignatureAlgorithm: x509.SHA1WithRSA}
	cases := []struct {
		name string
		sec  Security
		err  error
		want Kind
	}{
		{"OpenSSL answers 1.0", StartTLS, errors.Join(errors.New("tls: server selected unsupported protocol version 301"), tls.AlertError(70)), TLSOldVersion},
		{"remote alert 70", Implicit, &net.OpError{Op: "remote error", Err: protocolVersionAlert{}}, TLSOldVersion},
		{"local alert 70 only", Implicit, fmt.Errorf("x: %w", tls.AlertError(70)), TLSOldVersion},
		{"insecure algorithm", StartTLS, x509.InsecureAlgorithmError(x509.SHA1WithRSA), CertOldSignature},
		{"unknown authority, SHA-1", StartTLS, &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{Cert: sha1Cert}}, CertOldSignature},
		{"unknown authority, SHA-256", StartTLS, x509.UnknownAuthorityError{Cert: &x509.Certificate{SignatureAlgorithm: x509.SHA256WithRSA}}, CertUntrusted},
		{"plain 220 on implicit", Implicit, tls.RecordHeaderError{RecordHeader: [5]byte{'2', '2', '0', ' ', 'm'}}, WantsStartTLS},
		{"plain 500 on implicit", Implicit, tls.RecordHeaderError{RecordHeader: [5]byte{'5', '0', '0', '-', 'x'}}, WantsStartTLS},
		{"HTTP on implicit", Implicit, tls.RecordHeaderError{RecordHeader: [5]byte{'H', 'T', 'T', 'P', '/'}}, TLSFailed},
		{"weak key", Implicit, fmt.Errorf("%w", &WeakKeyError{Key: "RSA-1024"}), CertWeakKey},
	}
	for _, c := range cases {
		s := &session{cfg: Config{Host: "h", Security: c.sec}, ctx: t.Context()}
		e := s.classify("connect", c.err)
		if e.Kind != c.want || e.Temporary {
			t.Errorf("%s: %s temporary=%v, want %s, permanent", c.name, e.Kind, e.Temporary, c.want)
		}
	}
}

type protocolVersionAlert struct{}

func (protocolVersionAlert) Error() string { return "tls: protocol version not supported" }
