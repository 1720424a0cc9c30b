// Package intake turns whatever file a person saved into the bytes of the original message:
// it recognises the format by content (never by file name), undoes only what mail programs
// add around a message (mbox separators, Apple Mail's byte count and plist, text encodings of
// copied "view source" text, a forward-as-attachment wrapper) and reports each step in plain
// words. It never judges whether the message is the original: that is the check's job.
package intake

import (
	"github.com/reportmail/reportmail/internal/finding"
	"github.com/reportmail/reportmail/internal/notice"
)

// Format is what kind of file the person gave us. The values are part of the CLI contract.
type Format string

const (
	EML   Format = "eml"   // an RFC 822 message file
	TXT   Format = "txt"   // "view source" text copied into a text file (decoded)
	MSG   Format = "msg"   // Outlook compound file
	EMLX  Format = "emlx"  // Apple Mail library file
	MBOX  Format = "mbox"  // several messages separated by "From " lines
	Other Format = "other" // not an email at all
)

// Options steer intake where a file allows a choice.
type Options struct {
	// MboxIndex picks a message (1-based) from a mailbox file; 0 means the first.
	MboxIndex int
}

// MboxEntry describes one message of a mailbox file, for a picker.
type MboxEntry struct {
	Index   int    `json:"index"` // 1-based
	From    string `json:"from"`
	Subject string `json:"subject"`
	Date    string `json:"date"`
	Size    int64  `json:"size"`
}

// Item is the outcome of intake for one file.
type Item struct {
	Name   string // the path as given
	Format Format

	// Raw is the normalised original: the message bytes with CRLF line ends, exactly what
	// would be attached to a report. It is nil when the file holds no message (NotEmail is
	// then set, or a finding says why).
	Raw []byte

	// Source is the file as read, kept only when the report must carry it too (Outlook .msg).
	Source []byte

	// NotEmail names what the file is when it is not an email, e.g. "a PDF document".
	NotEmail string

	// Steps says, in plain words, what intake did to reach Raw ("removed the mailbox
	// separator line", "decoded UTF-16 text"). Empty when the bytes were used as they were
	// apart from line ends.
	Steps []string

	// Findings are intake's own observations (unwrapped-attachment, not-email, mbox-several,
	// msg-not-converted, too-large, partial-emlx, …).
	Findings []finding.Finding

	// Mbox lists the messages of a mailbox file (nil for other formats).
	Mbox []MboxEntry
	// MboxIndex is the 1-based message used from a mailbox file.
	MboxIndex int

	// Stored is true when the message came out of a mail program's own store: it had an
	// mbox separator line or was an Apple Mail .emlx. Such a file is a saved copy, never a
	// paste, which tells a body-less delivered message from a header paste.
	Stored bool

	// Wrapper is the outer message when Raw was unwrapped from a forward-as-attachment, a
	// filter's report wrapper or a rejection notice (normalised, CRLF); nil otherwise.
	Wrapper []byte

	// Notice is what the rejection notice the file is (or holds under a forward) says: a
	// DSN, an NDR or a feedback report, never an auto-reply; nil when it is none. When the
	// notice returned the whole message, Raw is that message and Notice.ReturnedMessage the
	// same bytes.
	Notice *notice.Notice
	// NoticeRaw is the notice itself (normalised, CRLF) when Notice is set: the file, or the
	// message a forward carried. A report sends it next to the returned email.
	NoticeRaw []byte
}
