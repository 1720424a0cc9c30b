// Package submit is the path from a checked original to a report safely in the outbox,
// shared by the command line and the desktop app so both send exactly the same thing.
package submit

import (
	"path/filepath"

	"github.com/reportmail/reportmail/internal/check"
	"github.com/reportmail/reportmail/internal/intake"
	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/report"
)

// FromCheck fills in what a report takes from the file the user gave: the original's bytes
// and summary, and for an Outlook .msg the file itself, which rides along so nothing is lost
// in conversion.
func FromCheck(o *report.Options, item *intake.Item, res *check.Result, path string) {
	o.Original = item.Raw
	o.OriginalName = filepath.Base(path)
	o.Summary = res.Message
	if item.Format == intake.MSG && len(item.Source) > 0 {
		o.MsgSource, o.MsgName = item.Source, filepath.Base(path)
	}
}

// OpenOutbox opens the outbox folder ("" for the user's own) with the rebuild for servers
// without 8-bit support. It words nothing: the outbox keeps what went wrong as facts, and
// the command line and the window word them (plain.LastTry).
func OpenOutbox(dir string) (*outbox.Outbox, error) {
	ob, err := outbox.Open(dir)
	if err != nil {
		return nil, err
	}
	ob.Rebuild = Rebuild
	return ob, nil
}

// Build makes the report. It starts optimistic — 8-bit, the original byte for byte — since
// nearly every server takes 8-bit data; the outbox rebuilds for the rare one that does not.
func Build(o report.Options) (*report.Report, error) {
	o.EightBit = true
	return report.Build(o)
}

// Queue stores a report built from o (by Build) in the outbox, with what it was built from,
// before any attempt to send it: from then on nothing the user gave can be lost.
func Queue(ob *outbox.Outbox, o report.Options, r *report.Report) (outbox.Entry, error) {
	o.EightBit = true
	return ob.Add(Message(r), o, r.EnvelopeFrom, []string{r.EnvelopeTo})
}

// Rebuild builds a stored report again from its inputs (the outbox calls it with EightBit
// false for a server without 8BITMIME).
func Rebuild(opts report.Options) (outbox.Message, error) {
	r, err := report.Build(opts)
	if err != nil {
		return outbox.Message{}, err
	}
	return Message(r), nil
}

// Message is what the outbox keeps of a built report.
func Message(r *report.Report) outbox.Message {
	return outbox.Message{Bytes: r.Bytes, Subject: r.Subject, MessageID: r.MessageID,
		SHA256: r.AttachedSHA256, Kind: string(r.Kind)}
}
