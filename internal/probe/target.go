package probe

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// Proto is what a port speaks and how it gets encrypted.
type Proto string

// The protocols of spec/cli.md; the forms ending in s are encrypted from the first byte
// (implicit TLS, RFC 8314), the others upgrade with STARTTLS (STLS for POP3).
const (
	IMAP        Proto = "imap"
	IMAPS       Proto = "imaps"
	POP3        Proto = "pop3"
	POP3S       Proto = "pop3s"
	SMTP        Proto = "smtp"
	Submission  Proto = "submission"
	Submissions Proto = "submissions"
)

var protos = []Proto{IMAP, IMAPS, POP3, POP3S, SMTP, Submission, Submissions}

// Target is one port to check.
type Target struct {
	Proto Proto `json:"proto"`
	Port  int   `json:"port"`
}

func (t Target) String() string { return string(t.Proto) + ":" + strconv.Itoa(t.Port) }

// Incoming says the port is for fetching mail (IMAP, POP3) rather than sending it.
func (t Target) Incoming() bool {
	switch t.Proto {
	case IMAP, IMAPS, POP3, POP3S:
		return true
	}
	return false
}

// Implicit says the port is encrypted from the first byte.
func (t Target) Implicit() bool {
	switch t.Proto {
	case IMAPS, POP3S, Submissions:
		return true
	}
	return false
}

// family is the protocol spoken inside the connection.
func (t Target) family() Proto {
	switch t.Proto {
	case IMAP, IMAPS:
		return IMAP
	case POP3, POP3S:
		return POP3
	}
	return SMTP
}

// Service is the protocol's name as mail programs show it: "IMAP", "POP3" or "SMTP".
func (t Target) Service() string { return strings.ToUpper(string(t.family())) }

// DefaultTargets are the seven standard ports, incoming first.
func DefaultTargets() []Target {
	return []Target{{IMAPS, 993}, {IMAP, 143}, {POP3S, 995}, {POP3, 110},
		{Submissions, 465}, {Submission, 587}, {SMTP, 25}}
}

// maxTargets bounds a port list: more than this is a mistake, not a mail server.
const maxTargets = 32

// OptionsError is a port list or host that cannot be checked.
type OptionsError struct {
	Field string // "host" or "ports"
	Value string // what was given (shortened)
	Err   error
}

func (e *OptionsError) Error() string {
	return fmt.Sprintf("probe: bad %s %q: %v", e.Field, e.Value, e.Err)
}

func (e *OptionsError) Unwrap() error { return e.Err }

// Reasons inside an OptionsError.
var (
	ErrUnknownProto = errors.New("unknown protocol")
	ErrBadPort      = errors.New("port is not a number from 1 to 65535")
	ErrNoHost       = errors.New("no host")
	ErrBadHost      = errors.New("not a host name or address")
	ErrTooMany      = errors.New("too many ports")
	ErrDuplicate    = errors.New("port given twice")
)

// ParseTargets reads a comma-separated list of proto:port ("imaps:993,submission:587").
func ParseTargets(list string) ([]Target, error) {
	var out []Target
	seen := map[Target]bool{}
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		bad := func(err error) error { return &OptionsError{Field: "ports", Value: shorten(item), Err: err} }
		name, num, ok := strings.Cut(item, ":")
		p := Proto(strings.ToLower(strings.TrimSpace(name)))
		if !ok || !knownProto(p) {
			return nil, bad(ErrUnknownProto)
		}
		port, err := strconv.Atoi(strings.TrimSpace(num))
		if err != nil || port < 1 || port > 65535 {
			return nil, bad(ErrBadPort)
		}
		t := Target{p, port}
		if seen[t] {
			return nil, bad(ErrDuplicate)
		}
		seen[t] = true
		if out = append(out, t); len(out) > maxTargets {
			return nil, bad(ErrTooMany)
		}
	}
	if len(out) == 0 {
		return nil, &OptionsError{Field: "ports", Value: shorten(list), Err: ErrUnknownProto}
	}
	return out, nil
}

func knownProto(p Proto) bool {
	for _, q := range protos {
		if p == q {
			return true
		}
	}
	return false
}

// shorten makes what a person typed safe to echo in one line.
func shorten(s string) string { return mailmsg.Shorten(mailmsg.OneLine(s), 60) }
