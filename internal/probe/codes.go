package probe

import (
	"fmt"
	"time"
)

// Code names one kind of problem; spec/cli.md's problems[].code.
type Code string

// Problem codes. Each has a plain message and advice in internal/plain (ProbeProblem).
const (
	// Closed: nothing usable answered.
	CodeRefused     Code = "refused"     // nothing listens on the port
	CodeNoRoute     Code = "unreachable" // the connection timed out or the network has no way there
	CodeHostUnknown Code = "host-unknown"

	// Bad: reachable but not safe or not working.
	CodeSilent          Code = "silent"           // took the connection, never greeted
	CodeHungUp          Code = "hung-up"          // closed the connection in the middle
	CodeNoReply         Code = "no-reply"         // stopped answering after a command
	CodeNotMail         Code = "not-mail"         // the greeting is not the protocol's
	CodeRejected        Code = "rejected"         // greeted with a refusal (* BYE, -ERR, 554)
	CodeNotTLS          Code = "not-tls"          // an SSL port that speaks plain text first
	CodeNoStartTLS      Code = "no-starttls"      // STARTTLS (STLS) not offered
	CodeStartTLSRefused Code = "starttls-refused" // offered, but the command was refused
	CodeTLSFailed       Code = "tls-failed"       // the TLS handshake failed
	CodeOldTLS          Code = "old-tls"          // below TLS 1.2
	CodeExpired         Code = "cert-expired"
	CodeNotYetValid     Code = "cert-not-yet-valid"
	CodeUntrusted       Code = "cert-untrusted"
	CodeWrongHost       Code = "cert-wrong-host"
	CodeAuthInClear     Code = "auth-in-clear" // password sign-in offered before encryption

	// Warning: usable, but something needs attention.
	CodeExpiresSoon    Code = "cert-expires-soon"
	CodeLoginInClear   Code = "imap-login-in-clear" // IMAP without LOGINDISABLED before TLS
	CodeNoAuthOutgoing Code = "no-sign-in"          // an outgoing port without AUTH after TLS
)

// Severity is how much a problem weighs in the verdict.
type Severity int

// Severities, lightest first.
const (
	SeverityWarning Severity = iota + 1
	SeverityBad
	SeverityClosed
)

// ExpiryWarningDays is how close to its end a certificate gets a warning.
const ExpiryWarningDays = 21

// Problem is one thing found on a port, with the facts a sentence needs.
type Problem struct {
	Code     Code
	Severity Severity
	Port     int
	Security string    // "STARTTLS" or "SSL": how the port was tried
	Date     time.Time // cert-expired, cert-expires-soon, cert-not-yet-valid: the certificate's date
	Days     int       // cert-expires-soon: whole days left
	Hosts    []string  // cert-wrong-host: the names the certificate is for
	Host     string    // the host that was checked
	Mechs    []string  // auth-in-clear: what was offered in the clear
	Version  string    // old-tls: the version the server chose
	Reply    string    // rejected, starttls-refused: the server's words, one line
}

func (p *Problem) Error() string {
	return fmt.Sprintf("probe: port %d: %s", p.Port, p.Code)
}

// Is lets errors.Is(err, &Problem{Code: c}) match by code.
func (p *Problem) Is(target error) bool {
	t, ok := target.(*Problem)
	return ok && t.Code == p.Code
}
