package send

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Kind is what went wrong, in the terms the user can act on. The values are stable words:
// the outbox stores them and the CLI's --json shows them.
type Kind string

const (
	CannotConnect    Kind = "cannot-connect"     // no TCP connection (refused, unreachable, DNS)
	ConnectionLost   Kind = "connection-lost"    // connected, then the line dropped or went silent
	NoStartTLS       Kind = "no-starttls"        // the server did not offer STARTTLS: nothing sent
	TLSFailed        Kind = "tls-failed"         // no TLS handshake (e.g. wrong port for the mode)
	CertExpired      Kind = "cert-expired"       // the server's certificate has expired
	CertWrongHost    Kind = "cert-wrong-host"    // the certificate is for another name
	CertUntrusted    Kind = "cert-untrusted"     // signed by an authority this computer does not trust
	CertWeakKey      Kind = "cert-weak-key"      // a key too small to trust (RSA under 2048 bits, DSA)
	CertOldSignature Kind = "cert-old-signature" // signed with SHA-1 (or MD5), no longer verifiable
	TLSOldVersion    Kind = "tls-old-version"    // the server speaks only TLS 1.0 or 1.1
	WantsImplicitTLS Kind = "wants-implicit-tls" // STARTTLS chosen, the port speaks TLS from the first byte
	WantsStartTLS    Kind = "wants-starttls"     // SSL/TLS chosen, the port speaks plain SMTP first
	NoAnswer         Kind = "no-answer"          // connected, but the server did not answer in time
	AuthFailed       Kind = "auth-failed"        // user name or password refused
	AuthUnavailable  Kind = "auth-unavailable"   // no sign-in method Report Mail can use here
	AuthRequired     Kind = "auth-required"      // the server wants a sign-in and none was given
	Needs8BitMIME    Kind = "needs-8bitmime"     // 8-bit report, server without 8BITMIME: rebuild
	TooLarge         Kind = "too-large"          // 552 / 5.3.4: over the server's size limit
	Refused          Kind = "refused"            // any other permanent (5xx) refusal
	Temporary        Kind = "temporary"          // 4xx: the server asks to come back later
	Canceled         Kind = "canceled"           // the user (or the program) stopped it
	BadAddress       Kind = "bad-address"        // a sender or recipient address we cannot send to
)

// Error is every failure Send and Probe return. It keeps what the server said (code,
// enhanced code, reply text) and whether trying again later may help.
type Error struct {
	Kind      Kind
	Op        string // the step: "connect", "tls", "auth", "mail", "rcpt", "data", "quit"
	Host      string
	Port      int
	Code      int    // SMTP reply code, 0 when the server said nothing
	Enhanced  string // RFC 3463 code such as "5.3.4", when the reply carried one
	Reply     string // the server's reply text (without code), for "It said: …"
	Temporary bool   // trying again later may succeed
	// Waited is how long Report Mail waited before giving up (NoAnswer).
	Waited time.Duration
	// Limit and Size are the server's announced SIZE and the message's size, when the
	// refusal came from the announcement rather than a reply (TooLarge before MAIL).
	Limit, Size int64
	Err         error // the underlying error, for the log
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "send: %s", e.Kind)
	if e.Op != "" {
		fmt.Fprintf(&b, " during %s", e.Op)
	}
	if e.Host != "" {
		fmt.Fprintf(&b, " with %s:%d", e.Host, e.Port)
	}
	if e.Code != 0 {
		fmt.Fprintf(&b, ": %d", e.Code)
		if e.Enhanced != "" {
			fmt.Fprintf(&b, " %s", e.Enhanced)
		}
		if e.Reply != "" {
			fmt.Fprintf(&b, " %s", e.Reply)
		}
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Is matches by Kind, so errors.Is(err, send.ErrTooLarge) works whatever the details.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Kind == e.Kind && t.Op == "" && t.Code == 0 && t.Err == nil
}

// Sentinels for errors.Is, one per Kind that callers branch on.
var (
	ErrNeeds8BitMIME = &Error{Kind: Needs8BitMIME}
	ErrNoStartTLS    = &Error{Kind: NoStartTLS}
	ErrAuthFailed    = &Error{Kind: AuthFailed}
	ErrTooLarge      = &Error{Kind: TooLarge}
	ErrCanceled      = &Error{Kind: Canceled}
)

// KindOf returns the Kind of a send error anywhere in err's chain, or "" for other errors.
func KindOf(err error) Kind {
	if e := asError(err); e != nil {
		return e.Kind
	}
	return ""
}

// IsTemporary says whether trying again later may help. Errors that are not send errors
// count as temporary: an unknown failure should be retried, not lose the report.
func IsTemporary(err error) bool {
	if e := asError(err); e != nil {
		return e.Temporary
	}
	return err != nil
}

// enhancedCode takes an RFC 3463 status ("5.3.4") off the front of a reply text.
func enhancedCode(reply string) (code, rest string) {
	first, after, _ := strings.Cut(reply, " ")
	parts := strings.Split(first, ".")
	if len(parts) != 3 || (parts[0] != "2" && parts[0] != "4" && parts[0] != "5") {
		return "", reply
	}
	for _, p := range parts[1:] {
		if n, err := strconv.Atoi(p); err != nil || n < 0 || n > 999 {
			return "", reply
		}
	}
	return first, after
}
