// Package report builds the one message that reaches the support desk: a short plain-text
// summary and the original, attached unchanged (or, for a virus sample, inside a
// password-protected zip). Shape: DESIGN.md, "The report that reaches the desk".
package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/reportmail/reportmail/internal/samplezip"
	// Named apart from this package's own summary, the text part it writes.
	msgsummary "github.com/reportmail/reportmail/internal/summary"
)

// Kind is what went wrong, in the desk's terms. The values are the CLI's --type words.
type Kind string

const (
	FalseNegative Kind = "false-negative" // spam that got through
	FalsePositive Kind = "false-positive" // a wanted email that was blocked or junked
	Virus         Kind = "virus"          // rejected as a virus: sent as a zipped sample
)

// Options is everything a report is built from. The outbox stores it beside the built
// message so a report can be rebuilt (e.g. without 8-bit when a server lacks 8BITMIME).
type Options struct {
	Kind Kind
	Note string // the user's own words, optional
	From string // the user's address; the report comes from them
	To   string // the provider's support address: the only recipient

	Original     []byte             // the normalised original (CRLF), attached byte for byte
	OriginalName string             // file name the user gave, for the summary
	Summary      msgsummary.Summary // From/To/Subject/… of the original

	MsgSource []byte // an Outlook .msg the original was converted from: rides along
	MsgName   string

	RejectionNotice []byte // a bounce the sender received, for a false positive

	// EightBit says the receiving server takes 8-bit data (8BITMIME). When false, or when
	// the original cannot travel as 8bit, the original goes base64 as application/octet-stream.
	EightBit bool

	ZipPassword   string           // default "infected"
	ZipEncryption samplezip.Method // default ZipCrypto

	AppName, AppVersion string    // for the summary and X-Mailer; empty: appinfo's
	Now                 time.Time // the report's Date and the zip's file times; zero: now

	// SubjectPrefix is the words the desk's rules look for at the start of the Subject, from
	// the provider profile (SubjectPrefixes.For(kind)); empty: the built-in profile's.
	SubjectPrefix string
}

// Report is a built report, ready to send or to save as a draft.
type Report struct {
	Bytes     []byte // the whole message, CRLF line ends, no line over 998 octets
	Subject   string // as the desk reads it (decoded)
	MessageID string // with its angle brackets
	Kind      Kind

	// EnvelopeFrom and EnvelopeTo are the bare addresses for the SMTP envelope.
	EnvelopeFrom, EnvelopeTo string
	// EightBit is true when the report holds 8-bit data: send it with BODY=8BITMIME.
	EightBit bool

	AttachedSHA256 string // hex SHA-256 of the original as attached (inside the zip for a virus)
	ZipSHA256      string // hex SHA-256 of the zip (virus only)
	Password       string // the zip's password (virus only)
	Encryption     samplezip.Method

	// Fallback is true when the original could not travel unencoded and went as a base64
	// application/octet-stream .eml; FallbackReason says why in the desk's terms.
	Fallback       bool
	FallbackReason string
	// NoticeFallback is the same for the rejection notice.
	NoticeFallback bool
}

// Valid reports whether k is one of the three kinds.
func (k Kind) Valid() bool { return k == FalseNegative || k == FalsePositive || k == Virus }

// ParseKind reads the CLI's --type word.
func ParseKind(s string) (Kind, error) {
	k := Kind(strings.ToLower(strings.TrimSpace(s)))
	if !k.Valid() {
		return "", fmt.Errorf("%w: %q", ErrKind, s)
	}
	return k, nil
}
