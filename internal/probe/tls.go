package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math"
	"net"
	"strings"
	"time"
)

// handshake starts TLS on the session and records what the server showed. It takes any
// certificate (InsecureSkipVerify) only so that a bad one can be described; inspectCert
// then verifies it by hand, and nothing secret is ever sent over the connection either way.
func (s *session) handshake(ctx context.Context, host string, r *Result) (tls.ConnectionState, error) {
	cfg := &tls.Config{
		InsecureSkipVerify: true, // verified by hand in inspectCert, to report on a bad chain
		MinVersion:         tls.VersionTLS10,
	}
	if net.ParseIP(host) == nil {
		cfg.ServerName = host
	}
	tc := tls.Client(s.conn, cfg)
	s.note("TLS handshake")
	s.arm(s.reply)
	if err := tc.HandshakeContext(ctx); err != nil {
		return tls.ConnectionState{}, err
	}
	cs := tc.ConnectionState()
	r.TLSVersion = tls.VersionName(cs.Version)
	r.Cipher = tls.CipherSuiteName(cs.CipherSuite)
	s.upgrade(tc)
	s.note("%s, %s", r.TLSVersion, r.Cipher)
	return cs, nil
}

// tlsProblem names why a handshake failed.
func tlsProblem(err error) Code {
	var rh tls.RecordHeaderError
	if errors.As(err, &rh) {
		return CodeNotTLS // plain text where a TLS record should be
	}
	var ae tls.AlertError
	if errors.As(err, &ae) && ae == 70 { // protocol_version, RFC 8446 section 6.2
		return CodeOldTLS
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "remote error" && op.Err != nil &&
		op.Err.Error() == "tls: protocol version not supported" {
		return CodeOldTLS // a remote alert is an unexported type: only its text says which
	}
	if strings.Contains(err.Error(), "unsupported protocol version") {
		return CodeOldTLS
	}
	if isTimeout(err) {
		return CodeSilent
	}
	if hungUp(err) {
		return CodeHungUp
	}
	return CodeTLSFailed
}

// inspectCert verifies the chain the server sent against roots (nil: the system's) and the
// host name, and says what is wrong with it.
func inspectCert(chain []*x509.Certificate, host string, roots *x509.CertPool, now time.Time) (*CertInfo, []*Problem) {
	if len(chain) == 0 {
		return nil, []*Problem{{Code: CodeUntrusted, Severity: SeverityBad}}
	}
	leaf := chain[0]
	inter := x509.NewCertPool()
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	info := &CertInfo{
		Subject:   leaf.Subject.String(),
		Issuer:    leaf.Issuer.String(),
		NotBefore: leaf.NotBefore,
		NotAfter:  leaf.NotAfter,
		DaysLeft:  int(math.Floor(leaf.NotAfter.Sub(now).Hours() / 24)),
	}
	info.Hosts = append(info.Hosts, leaf.DNSNames...)
	for _, ip := range leaf.IPAddresses {
		info.Hosts = append(info.Hosts, ip.String())
	}
	info.HostnameOK = leaf.VerifyHostname(host) == nil

	// Trust is judged apart from the leaf's own dates, so that an expired certificate from a
	// good authority is reported as expired, not as unknown. Verify takes the dates from the
	// parsed fields but checks the signature over the raw bytes, so a copy with its dates
	// moved still proves who signed it (and the authority may be younger than the leaf).
	judged := leaf
	if now.After(leaf.NotAfter) || now.Before(leaf.NotBefore) {
		cp := *leaf
		cp.NotBefore, cp.NotAfter = now.Add(-time.Hour), now.Add(time.Hour)
		judged = &cp
	}
	_, err := judged.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: now})
	info.Trusted = err == nil

	var probs []*Problem
	add := func(p *Problem) { probs = append(probs, p) }
	switch {
	case now.After(leaf.NotAfter):
		add(&Problem{Code: CodeExpired, Severity: SeverityBad, Date: leaf.NotAfter})
	case now.Before(leaf.NotBefore):
		add(&Problem{Code: CodeNotYetValid, Severity: SeverityBad, Date: leaf.NotBefore})
	case info.DaysLeft < ExpiryWarningDays:
		add(&Problem{Code: CodeExpiresSoon, Severity: SeverityWarning, Date: leaf.NotAfter, Days: info.DaysLeft})
	}
	if !info.Trusted {
		add(&Problem{Code: CodeUntrusted, Severity: SeverityBad})
	}
	if !info.HostnameOK {
		add(&Problem{Code: CodeWrongHost, Severity: SeverityBad, Hosts: info.Hosts})
	}
	return info, probs
}
