package mailbox

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
)

// Kind is what went wrong, in terms a person can act on. The values are stable words.
type Kind string

const (
	CannotConnect  Kind = "cannot-connect"  // no TCP connection (refused, unreachable, DNS)
	ConnectionLost Kind = "connection-lost" // connected, then the line dropped or went silent
	NoStartTLS     Kind = "no-starttls"     // STARTTLS chosen, the server did not offer it: nothing sent
	TLSFailed      Kind = "tls-failed"      // no TLS handshake (e.g. wrong port for the mode)
	CertExpired    Kind = "cert-expired"    // the server's certificate has expired
	CertWrongHost  Kind = "cert-wrong-host" // the certificate is for another name
	CertUntrusted  Kind = "cert-untrusted"  // signed by an authority this computer does not trust
	// The same values as send's Kinds: one set of TLS rules (send.ClientTLS) for both.
	CertWeakKey      Kind = "cert-weak-key"      // a key too small to trust
	CertOldSignature Kind = "cert-old-signature" // signed with SHA-1 (or MD5)
	TLSOldVersion    Kind = "tls-old-version"    // the server speaks only TLS 1.0 or 1.1
	AuthFailed       Kind = "auth-failed"        // user name, password or token refused
	AuthUnavailable  Kind = "auth-unavailable"   // no sign-in method offered that Report Mail can use
	FolderGone       Kind = "folder-gone"        // the folder does not exist (any more)
	NotFound         Kind = "not-found"          // no message with that UID in the folder
	TooBig           Kind = "too-big"            // the message is over the size Report Mail reads
	NoUIDPlus        Kind = "no-uidplus"         // moved by copy: the original is only marked \Deleted
	Refused          Kind = "refused"            // any other NO or BAD from the server
	Canceled         Kind = "canceled"           // the caller stopped it
)

// Error is every failure of this package. Reply is the server's own words, when it gave
// any; Err the underlying cause.
type Error struct {
	Kind   Kind
	Op     string // "connect", "tls", "login", "list", "select", "search", "fetch", "move"
	Host   string
	Port   int
	Folder string
	UID    uint32
	Reply  string
	Err    error
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "mailbox: %s", e.Kind)
	if e.Op != "" {
		fmt.Fprintf(&b, " (%s)", e.Op)
	}
	if e.Host != "" {
		fmt.Fprintf(&b, " %s:%d", e.Host, e.Port)
	}
	if e.Folder != "" {
		fmt.Fprintf(&b, " folder %q", e.Folder)
	}
	if e.UID != 0 {
		fmt.Fprintf(&b, " uid %d", e.UID)
	}
	if e.Reply != "" {
		fmt.Fprintf(&b, ": server said %q", e.Reply)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Is matches by Kind, so errors.Is(err, mailbox.ErrAuthFailed) works whatever the details.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Kind == e.Kind && t.Op == "" && t.Err == nil && t.Reply == ""
}

// Sentinels for errors.Is, one per Kind callers branch on.
var (
	ErrAuthFailed     = &Error{Kind: AuthFailed}
	ErrNoStartTLS     = &Error{Kind: NoStartTLS}
	ErrFolderGone     = &Error{Kind: FolderGone}
	ErrNotFound       = &Error{Kind: NotFound}
	ErrTooBig         = &Error{Kind: TooBig}
	ErrNoUIDPlus      = &Error{Kind: NoUIDPlus}
	ErrConnectionLost = &Error{Kind: ConnectionLost}
	// ErrNoMechanism is what a Config.SASL func wraps when no offered mechanism fits.
	ErrNoMechanism = errors.New("mailbox: no usable sign-in mechanism offered")
)

// KindOf returns the Kind of a mailbox error anywhere in err's chain, or "".
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return ""
}

func isTLSFailure(err error) bool {
	var rh tls.RecordHeaderError
	if errors.As(err, &rh) {
		return true
	}
	var ae tls.AlertError
	if errors.As(err, &ae) {
		return true
	}
	var op *net.OpError
	if errors.As(err, &op) && (op.Op == "remote error" || op.Op == "local error") {
		return true
	}
	return strings.HasPrefix(err.Error(), "tls: ")
}

func isNetwork(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, net.ErrClosed) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, syscall.ECONNABORTED) ||
		// go-imap v1's own words when the reader stopped under a command.
		strings.Contains(err.Error(), "connection closed")
}
