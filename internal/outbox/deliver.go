package outbox

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/reportmail/reportmail/internal/send"
)

// Sender is the transport; send.Config is one. It calls h.DataSent once the final dot is
// out and before it waits for the answer, which is when the outbox records that the report
// may have been delivered.
type Sender interface {
	SendWith(ctx context.Context, from string, to []string, msg []byte, h send.Hooks) error
}

// Deliver makes one attempt at sending a queued (or failed: the user asked) report. It
// returns the report's record after the attempt and the sending error, nil only when the
// server accepted the report, which is then in the history. A temporary failure leaves it
// queued with its next attempt set; a permanent one marks it failed; an attempt that ended
// after the data went out and before an answer marks it Unknown, with an error of Kind
// send.Unknown. h.DataSent is called after that moment is on disk.
//
// ErrBusy: another process or goroutine is sending it right now. ErrMaybeSent: it may have
// been delivered already (SendAgain first). ErrDamaged: its files cannot be sent.
func (o *Outbox) Deliver(ctx context.Context, id string, s Sender, h send.Hooks) (Entry, error) {
	if err := checkID(id); err != nil {
		return Entry{}, err
	}
	l, err := o.tryLock(id)
	if err != nil {
		return Entry{}, err
	}
	defer l.unlock()

	dir := o.queuePath(id)
	e, err := o.inspect(queueDir, id, true)
	if errors.Is(err, ErrNotFound) {
		// Sent meanwhile by someone else (we re-read after taking the lock).
		if h, herr := readEntry(o.historyPath(id)); herr == nil {
			return h, nil
		}
	}
	if err != nil {
		return Entry{}, err
	}
	switch {
	case e.Damage != "":
		return e, ErrDamaged
	case e.State == Sent:
		return e, o.moveToHistory(id)
	case e.State == Unknown || (e.State == Sending && !e.DataSentAt.IsZero()):
		// Found under our lock, so its sender is gone: the answer never came.
		e.State = Unknown
		return e, ErrMaybeSent
	}
	// "sending" goes to disk before the first byte does: a crash before the data is all out
	// is found as a stale "sending" and the report is sent again.
	e.State = Sending
	e.Attempts++
	e.LastAttempt = o.now().UTC()
	e.DataSentAt = time.Time{}
	if err := writeJSON(dir, stateFile, e); err != nil {
		return e, err
	}
	msg, err := readBounded(filepath.Join(dir, messageFile), maxMessage)
	if err != nil {
		return e, err
	}
	var recordErr error
	hooks := send.Hooks{Progress: h.Progress, DataSent: func() {
		// Synced before the wait: from here a crash is found as Unknown, never as due.
		e.DataSentAt = o.now().UTC()
		recordErr = writeJSON(dir, stateFile, e)
		if h.DataSent != nil {
			h.DataSent()
		}
	}}
	sendErr := s.SendWith(ctx, e.From, slices.Clone(e.To), msg, hooks)
	if errors.Is(sendErr, send.ErrNeeds8BitMIME) && o.Rebuild != nil && e.DataSentAt.IsZero() {
		var rebuilt []byte
		rebuilt, err = o.rebuild7Bit(dir, &e)
		if err != nil {
			// Still the server's 8-bit problem, and permanent: the same rebuild would
			// fail again. The report waits, failed, for the user.
			return o.finish(dir, e, errors.Join(sendErr, err))
		}
		sendErr = s.SendWith(ctx, e.From, slices.Clone(e.To), rebuilt, hooks)
	}
	if sendErr != nil {
		if !e.DataSentAt.IsZero() && !serverAnswered(sendErr) {
			// Whatever the transport called it, the data was out and no answer came.
			sendErr = maybeSent(sendErr)
		}
		e, err := o.finish(dir, e, sendErr)
		return e, errors.Join(err, recordErr)
	}
	return o.markSent(id, e)
}

// serverAnswered says the server replied to the final dot with a refusal (4xx, 5xx): then
// it did not take the report, whatever the connection did.
func serverAnswered(err error) bool {
	var se *send.Error
	return errors.As(err, &se) && se.Kind != send.Unknown && se.Code >= 400 && se.Code < 600
}

// maybeSent makes err an unknown outcome, for a Sender that did not say so itself.
func maybeSent(err error) error {
	if send.KindOf(err) == send.Unknown {
		return err
	}
	return &send.Error{Kind: send.Unknown, Op: "data", Err: err}
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
	// The same Message-ID as before: an earlier attempt may have reached the desk (SendAgain
	// after an unknown outcome), and a repeat must be recognisable as one.
	msg := keepMessageID(m.Bytes, m.MessageID, e.MessageID)
	if err := writeAtomic(dir, messageFile, msg); err != nil {
		return nil, err
	}
	if err := saveInputs(dir, opts); err != nil {
		return nil, err
	}
	if e.MessageID == "" || (m.MessageID != "" && bytes.Equal(msg, m.Bytes)) {
		e.MessageID = m.MessageID // the message carries the one it was built with
	}
	e.Subject, e.Size, e.Rebuilt7Bit = m.Subject, int64(len(msg)), true
	if m.SHA256 != "" {
		e.SHA256 = m.SHA256
	}
	return msg, writeJSON(dir, stateFile, *e)
}

// finish records a failed attempt.
func (o *Outbox) finish(dir string, e Entry, err error) (Entry, error) {
	now := o.now().UTC()
	var big *send.Error
	if errors.As(err, &big) && big.Kind == send.TooLarge && big.Size == 0 {
		// A server that refused the size at the dot without announcing SIZE: the person
		// is still told how large the report is.
		big.Size = e.Size
	}
	e.LastError, e.LastFailure = "", failureOf(err)
	e.LastErrorKind = string(send.KindOf(err))
	e.ServerReply = ""
	var se *send.Error
	if errors.As(err, &se) && se.Code != 0 {
		e.ServerReply = se.Reply
	}
	switch {
	case send.KindOf(err) == send.Unknown:
		// Never retried by itself: the person is told and chooses (SendAgain, MarkSent).
		e.State, e.NextAttempt = Unknown, time.Time{}
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
// queue: a crash before the record says "sent" leaves it Unknown, never lost and never
// sent again by itself.
func (o *Outbox) markSent(id string, e Entry) (Entry, error) {
	dir := o.queuePath(id)
	e.State = Sent
	e.SentAt = o.now().UTC()
	e.NextAttempt = time.Time{}
	e.LastError, e.LastErrorKind, e.ServerReply, e.LastFailure = "", "", "", nil
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
	// Only Queued reports are due: Unknown, Failed and damaged ones wait for the person.
	due, err := o.Due(o.now())
	if err != nil {
		return nil, err
	}
	var out []Result
	for _, e := range due {
		if ctx.Err() != nil {
			break
		}
		var h send.Hooks
		if progress != nil {
			id := e.ID
			h.Progress = func(done, total int64) { progress(id, done, total) }
		}
		got, err := o.Deliver(ctx, e.ID, s, h)
		if errors.Is(err, ErrBusy) || errors.Is(err, ErrMaybeSent) || errors.Is(err, ErrDamaged) {
			continue
		}
		if got.ID == "" {
			got = e
		}
		out = append(out, Result{Entry: got, Err: err})
	}
	return out, nil
}
