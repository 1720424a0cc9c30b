package send

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/textproto"
	"strings"
	"syscall"
)

// Other is a failure none of the other kinds describe. It counts as temporary: retrying an
// unknown failure later is safer than dropping the report.
const Other Kind = "other"

func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// classify turns whatever go-mail, crypto/tls or the network returned into an *Error.
// connected says whether a TCP connection existed, to tell "could not reach" from "lost".
func (s *session) classify(op string, err error) *Error {
	if e := asError(err); e != nil {
		return e
	}
	if v := s.verdict(); v != nil {
		// The watch closed the connection (a time-out, a TLS port): every pending call
		// failed because of that, so the verdict is the reason.
		e := *v
		if e.Op == "" {
			e.Op = op
		}
		e.Err = err
		return &e
	}
	e := &Error{Op: op, Host: s.cfg.Host, Port: s.cfg.port(), Err: err}
	if cerr := s.ctx.Err(); cerr != nil {
		// Closing the connection to stop a transfer makes every pending call fail with
		// "use of closed connection": the context says why.
		e.Temporary = true
		e.Err = errors.Join(cerr, err)
		if errors.Is(cerr, context.Canceled) {
			e.Kind = Canceled
		} else {
			e.Kind = ConnectionLost
			if !s.connected() {
				e.Kind = CannotConnect
			}
		}
		return e
	}
	if k, ok := certKind(err); ok {
		e.Kind, e.Op = k, "tls"
		return e
	}
	if oldTLSVersion(err) {
		e.Kind, e.Op = TLSOldVersion, "tls"
		return e
	}
	if s.cfg.security() == Implicit && plainReplyNotTLS(err) {
		// The handshake read "220 …": a settings mistake, not worth retrying.
		e.Kind, e.Op = WantsStartTLS, "tls"
		return e
	}
	// go-mail v0.8.1 reports a missing STARTTLS under TLSMandatory only as text
	// (client.go, tls()): "... but target host does not support STARTTLS".
	if strings.Contains(err.Error(), "does not support STARTTLS") {
		e.Kind, e.Op = NoStartTLS, "tls"
		return e
	}
	var te *textproto.Error
	if errors.As(err, &te) {
		return replyError(e, te.Code, te.Msg)
	}
	if isTLSFailure(err) {
		e.Kind, e.Op = TLSFailed, "tls"
		return e
	}
	if isNetwork(err) {
		e.Temporary = true
		e.Kind = ConnectionLost
		if !s.connected() {
			e.Kind = CannotConnect
		}
		return e
	}
	e.Kind, e.Temporary = Other, true
	return e
}

// replyError sorts an SMTP reply (RFC 5321 section 4.2.1: 4yz transient, 5yz permanent).
func replyError(e *Error, code int, msg string) *Error {
	e.Code = code
	e.Enhanced, e.Reply = enhancedCode(strings.ReplaceAll(msg, "\n", " "))
	switch {
	case code >= 400 && code < 500:
		e.Kind, e.Temporary = Temporary, true
	case code >= 500 && code < 600:
		e.Kind = classifyPermanent(e)
	default:
		// A reply out of sequence: the session is confused, a new one may do better.
		e.Kind, e.Temporary = Other, true
	}
	return e
}

func classifyPermanent(e *Error) Kind {
	switch {
	case e.Op == "auth" && (e.Code == 534 || e.Code == 538 || e.Code == 504):
		return AuthUnavailable // mechanism too weak / needs encryption / not supported
	case e.Op == "auth":
		return AuthFailed // 535 5.7.8 and friends
	case e.Code == 530:
		return AuthRequired // RFC 4954: "530 5.7.0 Authentication required"
	case e.Enhanced == "5.3.4" || e.Enhanced == "5.2.3":
		return TooLarge
	case e.Code == 552 && (e.Enhanced == "" || e.Op == "data"):
		return TooLarge // RFC 5321: exceeded storage allocation, i.e. too big for it
	}
	return Refused
}

func certKind(err error) (Kind, bool) {
	var weak *WeakKeyError
	if errors.As(err, &weak) {
		return CertWeakKey, true
	}
	var host x509.HostnameError
	if errors.As(err, &host) {
		return CertWrongHost, true
	}
	if oldSignature(err) {
		return CertOldSignature, true
	}
	var inv x509.CertificateInvalidError
	if errors.As(err, &inv) {
		if inv.Reason == x509.Expired {
			return CertExpired, true
		}
		return CertUntrusted, true
	}
	var ua x509.UnknownAuthorityError
	if errors.As(err, &ua) {
		return CertUntrusted, true
	}
	var cv *tls.CertificateVerificationError
	if errors.As(err, &cv) {
		return CertUntrusted, true
	}
	return "", false
}

func isTLSFailure(err error) bool {
	var rh tls.RecordHeaderError
	if errors.As(err, &rh) {
		return true // e.g. a plain-text server on the implicit-TLS port
	}
	var ae tls.AlertError
	if errors.As(err, &ae) {
		return true
	}
	var op *net.OpError
	if errors.As(err, &op) && (op.Op == "remote error" || op.Op == "local error") {
		return true // crypto/tls reports alerts as *net.OpError with these Ops
	}
	return strings.HasPrefix(err.Error(), "tls: ")
}

func isNetwork(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, net.ErrClosed) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNABORTED)
}
