package send

import (
	"crypto/tls"
	"crypto/x509"
)

// ClientTLS is the one set of TLS rules for every connection that will carry a password or a
// token, sending or reading mail: TLS 1.2 or newer, the chain verified against roots (nil:
// the system's) for host, and no key too weak to trust (RSA under 2048 bits, DSA). The
// mailbox uses it too, so reading mail is never held to a lower standard than sending.
func ClientTLS(host string, roots *x509.CertPool) *tls.Config {
	return &tls.Config{ServerName: host, RootCAs: roots, MinVersion: tls.VersionTLS12,
		VerifyConnection: verifyStrongKeys}
}

// TLSProblem names what is wrong with a server's TLS in err, in send's Kinds (CertExpired,
// CertWrongHost, CertUntrusted, CertWeakKey, CertOldSignature, TLSOldVersion), or reports
// false when err is not about the certificate or the TLS version.
func TLSProblem(err error) (Kind, bool) {
	if k, ok := certKind(err); ok {
		return k, true
	}
	if oldTLSVersion(err) {
		return TLSOldVersion, true
	}
	return "", false
}
