package outbox

import (
	"errors"
	"os"
	"path/filepath"
	"time"
)

// SendAgain is the person's choice to send a report once more although it may have been
// delivered (Unknown, or a damaged record), or to send a failed one now. It makes the
// report due at now; the next Deliver sends the stored message as it is, with the same
// Message-ID, so the desk can recognise a repeat. A report whose message is lost cannot be
// sent: ErrDamaged.
func (o *Outbox) SendAgain(id string, now time.Time) (Entry, error) {
	if err := checkID(id); err != nil {
		return Entry{}, err
	}
	l, err := o.tryLock(id)
	if err != nil {
		return Entry{}, err
	}
	defer l.unlock()
	e, err := o.inspect(queueDir, id, true)
	if errors.Is(err, ErrNotFound) {
		if _, herr := os.Stat(o.historyPath(id)); herr == nil {
			return Entry{}, ErrSent
		}
	}
	if err != nil {
		return Entry{}, err
	}
	if e.Damage == DamageMessage {
		return e, ErrDamaged
	}
	if e.State == Unknown || e.Damage == DamageRecord {
		e.Repeats++
	}
	e.State, e.Damage, e.DataSentAt = Queued, "", time.Time{}
	e.NextAttempt = now.UTC()
	e.LastError, e.LastErrorKind, e.ServerReply, e.LastFailure = "", "", "", nil
	clearRecord(o.queuePath(id))
	return e, writeJSON(o.queuePath(id), stateFile, e)
}

// clearRecord makes room for a new record where an empty folder (or other non-file) took
// its name; a folder with something in it is left for the person, and the write then fails.
func clearRecord(dir string) {
	p := filepath.Join(dir, stateFile)
	if st, err := os.Lstat(p); err == nil && !st.Mode().IsRegular() {
		os.Remove(p)
	}
}

// MarkSent is the person saying that a report of unknown outcome did arrive (the desk
// answered, or it is in their Sent folder): it moves to the history as sent, at the time
// its data went out when that is known.
func (o *Outbox) MarkSent(id string) (Entry, error) {
	if err := checkID(id); err != nil {
		return Entry{}, err
	}
	l, err := o.tryLock(id)
	if err != nil {
		return Entry{}, err
	}
	defer l.unlock()
	e, err := o.inspect(queueDir, id, true)
	if errors.Is(err, ErrNotFound) {
		if h, herr := readEntry(o.historyPath(id)); herr == nil {
			return h, ErrSent
		}
	}
	if err != nil {
		return Entry{}, err
	}
	e.State, e.Damage, e.MarkedSent = Sent, "", true
	e.SentAt = e.DataSentAt
	if e.SentAt.IsZero() {
		e.SentAt = o.now().UTC()
	}
	e.NextAttempt = time.Time{}
	e.LastError, e.LastErrorKind, e.LastFailure = "", "", nil
	clearRecord(o.queuePath(id))
	if err := writeJSON(o.queuePath(id), stateFile, e); err != nil {
		return e, err
	}
	return e, o.moveToHistory(id)
}
