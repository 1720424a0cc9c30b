package send

import (
	//lint:ignore SA1019 only to recognise, and refuse, a DSA key
	"crypto/dsa"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"
)

// minRSABits is the smallest RSA key still trusted: NIST SP 800-131A and the CA/Browser
// Forum retired 1024-bit keys in 2013, and a server still using one is badly out of date.
const minRSABits = 2048

// minECBits is the smallest elliptic curve accepted (P-224 and smaller are refused).
const minECBits = 256

// WeakKeyError is a server certificate whose key is too small (or of a retired kind) to
// prove anything. It comes from the TLS handshake itself, before a single SMTP command is
// sent over the connection, so no credential can follow it.
type WeakKeyError struct {
	Subject string // the certificate's subject, for the log
	Key     string // "RSA-1024", "DSA", "ECDSA P-224"
}

func (e *WeakKeyError) Error() string {
	return fmt.Sprintf("send: certificate %q has a weak key (%s)", e.Subject, e.Key)
}

// verifyStrongKeys is tls.Config.VerifyConnection: it runs after crypto/tls has verified the
// chain, for implicit TLS and STARTTLS alike. One verified chain of strong keys is enough;
// an old cross-signed path beside it does not matter.
func verifyStrongKeys(cs tls.ConnectionState) error {
	chains := cs.VerifiedChains
	if len(chains) == 0 && len(cs.PeerCertificates) > 0 {
		chains = [][]*x509.Certificate{cs.PeerCertificates[:1]}
	}
	var first error
	for _, chain := range chains {
		err := chainStrong(chain)
		if err == nil {
			return nil
		}
		if first == nil {
			first = err
		}
	}
	return first
}

func chainStrong(chain []*x509.Certificate) error {
	for _, c := range chain {
		if k := weakKey(c.PublicKey); k != "" {
			return &WeakKeyError{Subject: c.Subject.String(), Key: k}
		}
	}
	return nil
}

// weakKey names a key too weak to trust, or returns "" for a good one.
func weakKey(pub any) string {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if k.N == nil || k.N.BitLen() < minRSABits {
			n := 0
			if k.N != nil {
				n = k.N.BitLen()
			}
			return fmt.Sprintf("RSA-%d", n)
		}
	case *dsa.PublicKey:
		return "DSA"
	case *ecdsa.PublicKey:
		if k.Curve == nil || k.Curve.Params().BitSize < minECBits {
			name := "unknown curve"
			if k.Curve != nil {
				name = k.Curve.Params().Name
			}
			return "ECDSA " + name
		}
	}
	return ""
}

// oldSignature says the certificate could not be verified because it (or a certificate in
// its chain) is signed with SHA-1 or MD5, which crypto/x509 no longer accepts. Go reports
// this as "unknown authority" with the real reason only in the text, so the certificate's
// own signature algorithm decides.
func oldSignature(err error) bool {
	var ia x509.InsecureAlgorithmError
	if errors.As(err, &ia) {
		return true
	}
	var ua x509.UnknownAuthorityError
	if errors.As(err, &ua) && ua.Cert != nil {
		return insecureAlgorithm(ua.Cert.SignatureAlgorithm)
	}
	var inv x509.CertificateInvalidError
	if errors.As(err, &inv) && inv.Cert != nil && inv.Reason != x509.Expired {
		return insecureAlgorithm(inv.Cert.SignatureAlgorithm)
	}
	return false
}

func insecureAlgorithm(a x509.SignatureAlgorithm) bool {
	switch a {
	case x509.MD2WithRSA, x509.MD5WithRSA, x509.SHA1WithRSA, x509.DSAWithSHA1, x509.ECDSAWithSHA1:
		return true
	}
	return false
}

// alertProtocolVersion is TLS alert 70 (RFC 8446 section 6.2): "protocol version not
// supported", what a TLS 1.0/1.1-only server answers to a ClientHello that starts at 1.2.
const alertProtocolVersion = 70

// oldTLSVersion says the server offers only TLS versions below our minimum (1.2). There are
// two ways to find out: the server sends the alert itself (Go's own servers, most modern
// stacks) or it answers with a 1.0/1.1 ServerHello that crypto/tls refuses (OpenSSL).
func oldTLSVersion(err error) bool {
	var ae tls.AlertError
	if errors.As(err, &ae) && ae == alertProtocolVersion {
		return true
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "remote error" && op.Err != nil &&
		op.Err.Error() == "tls: protocol version not supported" {
		return true // a remote alert is an unexported type: only its text says which
	}
	return strings.Contains(err.Error(), "tls: server selected unsupported protocol version")
}

// plainReplyNotTLS says the TLS handshake read an SMTP reply ("220 …", "500 …") where a TLS
// record should be: the port speaks plain SMTP (STARTTLS), not TLS from the first byte.
func plainReplyNotTLS(err error) bool {
	var rh tls.RecordHeaderError
	if !errors.As(err, &rh) {
		return false
	}
	h := rh.RecordHeader
	digit := func(b byte) bool { return b >= '0' && b <= '9' }
	return h[0] >= '2' && h[0] <= '5' && digit(h[1]) && digit(h[2]) && (h[3] == ' ' || h[3] == '-')
}
