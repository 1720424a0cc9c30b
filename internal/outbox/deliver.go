package outbox

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/reportmail/reportmail/internal/send"
)

// Sender is the transport; send.Config is one.
type Sender interface {
	Send(ctx context.Context, from string, to []string, msg []byte, progress func(done, total int64)) error
}

// Deliver makes one attempt at sending a queued (or failed: the user asked) report. It
// returns the report's record after the attempt and the sending error, nil only when the
// server accepted the report, which is then in the history. A temporary failure leaves it
// queued with its next attempt set; a permanent one marks it failed.
//
// ErrBusy: another process or goroutine is sending it right now.
func (o *Outbox) Deliver(ctx context.Context, id string, s Sender, progress func(done, total int64)) (Entry, error) {
	if err := checkID(id); err != nil {
		return Entry{}, err
	}
	l, err := o.tryLock(id)
	if err != nil {
		return Entry{}, err
	}
	gone := false
	defer func() { l.unlock(gone) }()

	dir := o.queuePath(id)
	e, err := readEntry(dir)
	if errors.Is(err, ErrNotFound) {
		// Sent meanwhile by someone else (we re-read after taking the lock).
		if h, herr := readEntry(o.historyPath(id)); herr == nil {
			return h, nil
		}
	}
	if err != nil {
		return Entry{}, err
	}
	// "sending" goes to disk before the first byte does: a crash from here on is found as
	// a stale "sending" and the report is sent again.
	e.State = Sending
	e.Attempts++
	e.LastAttempt = o.now().UTC()
	if err := writeJSON(dir, stateFile, e); err != nil {
		return e, err
	}
	msg, err := os.ReadFile(filepath.Join(dir, messageFile))
	if err != nil {
		return e, err
	}
	sendErr := s.Send(ctx, e.From, slices.Clone(e.To), msg, progress)
	if errors.Is(sendErr, send.ErrNeeds8BitMIME) && o.Rebuild != nil {
		var rebuilt []byte
		rebuilt, err = o.rebuild7Bit(dir, &e)
		if err != nil {
			// Still the server's 8-bit problem, and permanent: the same rebuild would
			// fail again. The report waits, failed, for the user.
			return o.finish(dir, e, errors.Join(sendErr, err))
		}
		sendErr = s.Send(ctx, e.From, slices.Clone(e.To), rebuilt, progress)
	}
	if sendErr != nil {
		return o.finish(dir, e, sendErr)
	}
	e, err = o.markSent(id, e)
	if err == nil {
		_, herr := os.Stat(o.historyPath(id))
		gone = herr == nil
	}
	return e, err
}

// rebuild7Bit builds the report again without 8-bit parts and stores it in place of the
// old one, so every later attempt sends what this one sent.
func (o *Outbox) rebuild7Bit(dir string, e *Entry) ([]byte, error) {
	opts, err := loadInputs(dir)
	if err != nil {
		return nil, err
	}
	opts.EightBit = false
	m, err := o.Rebuild(opts)
	if err != nil {
		return nil, err
	}
	if err := writeAtomic(dir, messageFile, m.Bytes); err != nil {
		return nil, err
	}
	if err := saveInputs(dir, opts); err != nil {
		return nil, err
	}
	e.Subject, e.MessageID, e.Size, e.Rebuilt7Bit = m.Subject, m.MessageID, int64(len(m.Bytes)), true
	if m.SHA256 != "" {
		e.SHA256 = m.SHA256
	}
	return m.Bytes, writeJSON(dir, stateFile, *e)
}

// finish records a failed attempt.
func (o *Outbox) finish(dir string, e Entry, err error) (Entry, error) {
	now := o.now().UTC()
	e.LastError = o.explain(err)
	e.LastErrorKind = string(send.KindOf(err))
	e.ServerReply = ""
	var se *send.Error
	if errors.As(err, &se) && se.Code != 0 {
		e.ServerReply = se.Reply
	}
	switch {
	case send.KindOf(err) == send.Canceled:
		// The user stopped it: no penalty, and no error to show for it later.
		e.State, e.NextAttempt = Queued, now
	case send.IsTemporary(err):
		e.State, e.NextAttempt = Queued, now.Add(Backoff(e.Attempts, randomJitter()))
	default:
		e.State, e.NextAttempt = Failed, time.Time{}
	}
	if werr := writeJSON(dir, stateFile, e); werr != nil {
		return e, errors.Join(err, werr)
	}
	return e, err
}

// markSent moves an accepted report to the history. Until the rename it is still in the
// queue: a crash here means it is sent again, never that it is lost.
func (o *Outbox) markSent(id string, e Entry) (Entry, error) {
	dir := o.queuePath(id)
	e.State = Sent
	e.SentAt = o.now().UTC()
	e.NextAttempt = time.Time{}
	e.LastError, e.LastErrorKind, e.ServerReply = "", "", ""
	if err := writeJSON(dir, stateFile, e); err != nil {
		return e, err
	}
	// The record says "sent" now: if the move fails, List finishes it later (settle).
	_ = o.moveToHistory(id)
	return e, nil
}

func (o *Outbox) moveToHistory(id string) error {
	if err := renameDir(o.queuePath(id), o.historyPath(id)); err != nil {
		return err
	}
	// The history keeps the report itself; its inputs were only needed to rebuild it.
	h := o.historyPath(id)
	os.Remove(filepath.Join(h, optionsFile))
	for _, b := range blobs {
		os.Remove(filepath.Join(h, b.name))
	}
	return nil
}

// Result is one report's outcome in DeliverDue.
type Result struct {
	Entry Entry
	Err   error // nil: accepted by the server
}

// DeliverDue makes one attempt at every report that is due now, oldest first, and stops
// early when ctx ends. Reports another process is sending are skipped.
func (o *Outbox) DeliverDue(ctx context.Context, s Sender, progress func(id string, done, total int64)) ([]Result, error) {
	due, err := o.Due(o.now())
	if err != nil {
		return nil, err
	}
	var out []Result
	for _, e := range due {
		if ctx.Err() != nil {
			break
		}
		var p func(done, total int64)
		if progress != nil {
			id := e.ID
			p = func(done, total int64) { progress(id, done, total) }
		}
		got, err := o.Deliver(ctx, e.ID, s, p)
		if errors.Is(err, ErrBusy) {
			continue
		}
		if got.ID == "" {
			got = e
		}
		out = append(out, Result{Entry: got, Err: err})
	}
	return out, nil
}
