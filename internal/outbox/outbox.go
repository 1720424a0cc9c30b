// Package outbox keeps every report on disk from before its first sending attempt until the
// server has answered 250 to its final dot, so that no crash, network failure or refusal
// ever loses one, and it never sends one twice by itself: once the final dot has gone out,
// a report whose answer never came (a lost connection, a crash) waits as Unknown for the
// person to say whether to send it again.
//
// Layout under the outbox directory (all files 0600, folders 0700):
//
//	queue/<id>/    a report waiting, being sent, failed or of unknown outcome: message.eml (the built report),
//	               state.json (Entry), options.json + *.bin (what it was built from)
//	history/<id>/  a sent report: state.json and message.eml
//	tmp/           reports being added: renamed into queue/ only once complete
//	locks/<id>     a report's lock while someone holds it, so the app and the CLI never send it together
//
// Every file is written to a temporary file in the same folder, synced, renamed over the
// old one and the folder synced: a reader sees the old or the new file, never half of one.
package outbox

import (
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/reportmail/reportmail/internal/report"
)

// State is where a report stands.
type State string

const (
	Queued  State = "queued"  // waiting for its (next) attempt
	Sending State = "sending" // an attempt is running; found at start-up it means a crash
	Failed  State = "failed"  // refused for good; waits for the user to fix or delete it
	Sent    State = "sent"    // accepted by the server: in the history
	// Unknown: the whole report went out and no answer came (the connection ended, or the
	// program died while waiting). It may have been delivered; never sent again by itself.
	Unknown State = "unknown"
	// Damaged: the report's record could not be read (see Entry.Damage). Never sent by
	// itself either; its files are kept.
	Damaged State = "damaged"
)

// Entry is a report's state record (state.json).
type Entry struct {
	ID            string    `json:"id"`
	State         State     `json:"state"`
	Kind          string    `json:"kind"` // false-negative, false-positive, virus
	Subject       string    `json:"subject"`
	MessageID     string    `json:"message_id"`
	SHA256        string    `json:"sha256"` // of the attached original
	Size          int64     `json:"size"`   // of message.eml
	From          string    `json:"from"`
	To            []string  `json:"to"`
	Created       time.Time `json:"created"`
	Attempts      int       `json:"attempts"`
	LastAttempt   time.Time `json:"last_attempt,omitzero"`
	NextAttempt   time.Time `json:"next_attempt,omitzero"`
	LastError     string    `json:"last_error,omitempty"`      // a sentence, in records older than LastFailure
	LastErrorKind string    `json:"last_error_kind,omitempty"` // send.Kind
	ServerReply   string    `json:"server_reply,omitempty"`    // what the server said, verbatim
	SentAt        time.Time `json:"sent_at,omitzero"`
	CaseNumber    string    `json:"case_number,omitempty"` // the desk's ticket, added later
	// ReplyDate is when the desk's reply to the report was written (its Date), zero until
	// the app found one in the mailbox. Added with ReplyProblem after CaseNumber: older
	// records have neither and read as "no reply found yet".
	ReplyDate time.Time `json:"reply_date,omitzero"`
	// ReplyProblem is the desk's own words (one of the profile's reply_problem phrases)
	// saying it could not read the report, or "": internal/plain says what to do about it.
	ReplyProblem string `json:"reply_problem,omitempty"`
	Rebuilt7Bit  bool   `json:"rebuilt_7bit,omitempty"`
	// DataSentAt is when the final dot of the current attempt went out, recorded before
	// the answer is awaited: found without an outcome, it means Unknown.
	DataSentAt time.Time `json:"data_sent_at,omitzero"`
	Repeats    int       `json:"repeats,omitempty"`     // times the person chose "send again"
	MarkedSent bool      `json:"marked_sent,omitempty"` // the person said it arrived
	Damage     Damage    `json:"damage,omitempty"`      // what is wrong with a damaged report
	// LastFailure is what went wrong in the last attempt (nil: it did not fail), as facts:
	// internal/plain words it when it is shown (plain.LastTry), so no wording is frozen here.
	LastFailure *Failure `json:"last_failure,omitempty"`
}

// Message is a built report as the outbox needs it.
type Message struct {
	Bytes     []byte // the complete RFC 5322 message, CRLF line ends
	Subject   string
	MessageID string
	SHA256    string // of the attached original, for the history
	Kind      string
}

// Errors with their own plain sentence (internal/plain).
var (
	ErrNotFound = errors.New("outbox: no such report")
	ErrBusy     = errors.New("outbox: report is being sent by another process")
	ErrSent     = errors.New("outbox: report was already sent")
	// ErrMaybeSent refuses to send a report of unknown outcome without SendAgain.
	ErrMaybeSent = errors.New("outbox: report may have been delivered")
	// ErrDamaged is a report whose files cannot be read well enough for this.
	ErrDamaged = errors.New("outbox: report is damaged")
)

// EnvDir overrides the default outbox folder (tests, portable installs).
const EnvDir = "REPORTMAIL_OUTBOX"

// DefaultDir is $REPORTMAIL_OUTBOX, or "reportmail/outbox" in the user's config folder.
func DefaultDir() (string, error) {
	if d := os.Getenv(EnvDir); d != "" {
		return d, nil
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(base, "reportmail", "outbox"), nil
}

// Outbox is one outbox folder. Its methods are safe to call from several goroutines and
// processes at once: each report has its own lock.
type Outbox struct {
	dir string

	// Rebuild builds the report again from its stored inputs, for a server that cannot
	// take 8-bit data (opts.EightBit is false). nil: such a report fails with the error.
	Rebuild func(opts report.Options) (Message, error)
	// Now is the clock (tests set it).
	Now func() time.Time
}

// Open opens (and creates) the outbox in dir; "" means DefaultDir.
func Open(dir string) (*Outbox, error) {
	if dir == "" {
		d, err := DefaultDir()
		if err != nil {
			return nil, err
		}
		dir = d
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	for _, sub := range []string{queueDir, historyDir, tmpDir, locksDir} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			return nil, err
		}
	}
	o := &Outbox{dir: dir, Now: time.Now}
	o.sweepTmp()
	return o, nil
}

// Dir is the outbox folder.
func (o *Outbox) Dir() string { return o.dir }

const (
	queueDir   = "queue"
	historyDir = "history"
	tmpDir     = "tmp"
	locksDir   = "locks"

	stateFile   = "state.json"
	messageFile = "message.eml"
	optionsFile = "options.json"
)

func (o *Outbox) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

// sweepTmp removes additions that a crash interrupted before they were complete. Only old
// ones: a fresh folder may belong to another process adding a report right now.
func (o *Outbox) sweepTmp() {
	ents, err := os.ReadDir(filepath.Join(o.dir, tmpDir))
	if err != nil {
		return
	}
	for _, e := range ents {
		info, err := e.Info()
		if err == nil && time.Since(info.ModTime()) > time.Hour {
			os.RemoveAll(filepath.Join(o.dir, tmpDir, e.Name()))
		}
	}
}
