// Package finding is the vocabulary shared by intake and the originality check: a finding is
// one thing we noticed about a file, told in plain words with what to do about it.
package finding

// Severity says how a finding affects the verdict: any error means the file is not the
// original; warnings and info leave an original as it is.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
)

// Codes are part of the command-line contract (spec/cli.md): never rename one.
const (
	InlineForward     = "inline-forward"
	OutlookTextExport = "outlook-text-export"
	HeadersOnly       = "headers-only"
	NotEmail          = "not-email"
	UnwrappedAttach   = "unwrapped-attachment"
	ConvertedMsg      = "converted-msg"
	DKIMBodyMismatch  = "dkim-body-mismatch"
	NoReceived        = "no-received"

	// Codes beyond the contract's minimum.
	MsgNotSupported    = "msg-not-converted"    // an Outlook .msg that is damaged and cannot be converted
	MissingFrom        = "missing-from"         // no From header
	MissingDate        = "missing-date"         // no Date header
	MboxSeveral        = "mbox-several"         // a mailbox file with more than one message
	DecodedText        = "decoded-text"         // view-source text that had to be decoded
	TooLarge           = "too-large"            // bigger than any mail server carries
	RejectionNotice    = "rejection-notice"     // a bounce without the whole returned message
	ReturnedOriginal   = "returned-original"    // a bounce's returned message is used as the original
	PartialEmlx        = "partial-emlx"         // Apple Mail kept attachments outside the file
	EmptyBody          = "empty-body"           // a stored copy with nothing after the header
	MalformedMIME      = "malformed-mime"       // structure damaged; attached as it is
	UnknownCharset     = "unknown-charset"      // a part's text could not be decoded for the check
	NotAMailItem       = "not-a-mail-item"      // Outlook contact, appointment, note, task
	NotDeliveredCopy   = "not-delivered-copy"   // built from properties, not as delivered
	DKIMManySignatures = "dkim-many-signatures" // more DKIM signatures than are checked
	EmlxBadCount       = "emlx-bad-count"       // an Apple Mail file whose byte count does not fit
	InternalError      = "internal-error"       // the program failed (a bug), not the file
	NothingToTrace     = "nothing-to-trace"     // no From, Date, Message-ID or Received: nothing to trace
)

// Finding is one observation about a file. Message says what we saw; Advice says what the
// person can do next. Both are written for someone who is not technical.
type Finding struct {
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	Advice   string   `json:"advice"`
}

// HasError reports whether any finding makes the file unusable as the original.
func HasError(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == Error {
			return true
		}
	}
	return false
}
