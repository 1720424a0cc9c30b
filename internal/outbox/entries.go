package outbox

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// readEntry reads a report's record. A record that is there but cannot be used (cut short,
// not JSON, an unknown state) is ErrDamaged; the folder's name is the report's ID whatever
// the record says.
func readEntry(dir string) (Entry, error) {
	var e Entry
	data, err := readBounded(filepath.Join(dir, stateFile), maxRecord)
	if errors.Is(err, fs.ErrNotExist) {
		if _, derr := os.Stat(dir); derr == nil {
			return e, ErrDamaged // the folder is there, its record is not
		}
		return e, ErrNotFound
	}
	if err != nil {
		return e, errors.Join(ErrDamaged, err)
	}
	if err := json.Unmarshal(data, &e); err != nil {
		return Entry{}, errors.Join(ErrDamaged, err)
	}
	switch e.State {
	case Queued, Sending, Failed, Sent, Unknown:
	default:
		return Entry{}, ErrDamaged
	}
	e.ID, e.Damage = filepath.Base(dir), ""
	return e, nil
}

// List returns the reports in the queue, oldest first: waiting, failed, of unknown outcome
// and damaged ones. A report marked "sending" that nobody is sending any more (the sender
// died) is shown, and treated, as queued — or as Unknown once its data had gone out.
func (o *Outbox) List() ([]Entry, error) {
	es, err := o.readAll(queueDir)
	if err != nil {
		return nil, err
	}
	out := es[:0]
	for _, e := range es {
		if e.State == Sent && e.Damage == "" {
			// Accepted, then a crash before the move to the history: finish the move.
			if o.settle(e.ID) == nil {
				continue
			}
		}
		out = append(out, o.current(e))
	}
	return out, nil
}

// current is what a record means now: a "sending" whose sender is gone is queued, or of
// unknown outcome when its data went out.
func (o *Outbox) current(e Entry) Entry {
	if e.State == Sending && !o.busy(e.ID) {
		e.State = Queued
		if !e.DataSentAt.IsZero() {
			e.State = Unknown
		}
	}
	return e
}

// settle moves a report the server accepted, but that a crash left in the queue, to the
// history.
func (o *Outbox) settle(id string) error {
	l, err := o.tryLock(id)
	if err != nil {
		return err
	}
	defer l.unlock()
	e, err := readEntry(o.queuePath(id))
	if err != nil || e.State != Sent {
		return ErrNotFound
	}
	return o.moveToHistory(id)
}

// History returns the sent reports, oldest first, damaged ones included.
func (o *Outbox) History() ([]Entry, error) {
	es, err := o.readAll(historyDir)
	slices.SortStableFunc(es, func(a, b Entry) int { return a.SentAt.Compare(b.SentAt) })
	return es, err
}

// readAll reads every report in a folder. One that cannot be read is listed as damaged
// rather than skipped: a report must never vanish from the list because a file broke.
func (o *Outbox) readAll(sub string) ([]Entry, error) {
	ents, err := os.ReadDir(filepath.Join(o.dir, sub))
	if err != nil {
		return nil, err
	}
	var out []Entry
	for _, d := range ents {
		if !d.IsDir() || checkID(d.Name()) != nil {
			continue
		}
		e, err := o.inspect(sub, d.Name(), false)
		if errors.Is(err, ErrNotFound) {
			continue // removed or moved while we looked
		}
		out = append(out, e)
	}
	slices.SortStableFunc(out, func(a, b Entry) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// Get returns one report, queued or sent, damaged or not.
func (o *Outbox) Get(id string) (Entry, error) {
	if err := checkID(id); err != nil {
		return Entry{}, err
	}
	e, err := o.inspect(queueDir, id, false)
	if errors.Is(err, ErrNotFound) {
		return o.inspect(historyDir, id, false)
	}
	if err != nil {
		return e, err
	}
	return o.current(e), nil
}

// MessageBytes returns the stored .eml of a queued or sent report.
func (o *Outbox) MessageBytes(id string) ([]byte, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	data, err := readBounded(filepath.Join(o.queuePath(id), messageFile), maxMessage)
	if errors.Is(err, os.ErrNotExist) {
		data, err = readBounded(filepath.Join(o.historyPath(id), messageFile), maxMessage)
	}
	return data, notFound(err)
}

// Folder is where a report's files are (queue or history), for a "Show in folder" action
// and the CLI's --json; "" when there is no such report. Never part of a sentence.
func (o *Outbox) Folder(id string) string {
	if checkID(id) != nil {
		return ""
	}
	for _, p := range []string{o.queuePath(id), o.historyPath(id)} {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p
		}
	}
	return ""
}

// Due returns the queued reports whose next attempt has come, oldest first. Failed,
// unknown and damaged reports wait for the user; reports another process is sending are
// left to it.
func (o *Outbox) Due(now time.Time) ([]Entry, error) {
	es, err := o.List()
	if err != nil {
		return nil, err
	}
	var due []Entry
	for _, e := range es {
		if e.State == Queued && e.Damage == "" && !e.NextAttempt.After(now) {
			due = append(due, e)
		}
	}
	return due, nil
}

// Remove deletes a report from the queue (the user gave up on it), damaged or not. Sent
// reports stay in the history: ErrSent.
func (o *Outbox) Remove(id string) error {
	if err := checkID(id); err != nil {
		return err
	}
	l, err := o.tryLock(id)
	if err != nil {
		return err
	}
	defer l.unlock()
	if st, err := os.Stat(o.queuePath(id)); err != nil || !st.IsDir() {
		if st, herr := os.Stat(o.historyPath(id)); herr == nil && st.IsDir() {
			return ErrSent
		}
		return ErrNotFound
	}
	// Rename first: the report leaves the queue in one step, the deletion can then fail
	// half-way without leaving a half report behind.
	trash := filepath.Join(o.dir, tmpDir, "removed-"+id)
	if err := renameDir(o.queuePath(id), trash); err != nil {
		return err
	}
	return os.RemoveAll(trash)
}

// Retry makes a queued or failed report due at now (the user fixed the settings, or
// does not want to wait for the backoff). A report that may have been delivered is not
// retried: ErrMaybeSent, and SendAgain is the person's explicit choice.
func (o *Outbox) Retry(id string, now time.Time) error {
	return o.update(id, func(e *Entry) error {
		if e.State == Unknown || (e.State == Sending && !e.DataSentAt.IsZero()) {
			return ErrMaybeSent
		}
		e.State = Queued
		e.NextAttempt = now.UTC()
		return nil
	})
}

// SetCaseNumber records the desk's case (ticket) number, for a sent or a queued report.
func (o *Outbox) SetCaseNumber(id, caseNumber string) error {
	return o.update(id, func(e *Entry) error {
		e.CaseNumber = strings.TrimSpace(caseNumber)
		return nil
	})
}

// update changes a report's record under its lock, wherever it is. A damaged record is
// not changed: ErrDamaged (SendAgain and MarkSent repair one).
func (o *Outbox) update(id string, f func(*Entry) error) error {
	if err := checkID(id); err != nil {
		return err
	}
	l, err := o.tryLock(id)
	if err != nil {
		return err
	}
	defer l.unlock()
	dir, inHistory := o.queuePath(id), false
	e, err := readEntry(dir)
	if errors.Is(err, ErrNotFound) {
		dir, inHistory = o.historyPath(id), true
		e, err = readEntry(dir)
	}
	if err != nil {
		return err
	}
	if inHistory && e.State != Sent {
		return ErrDamaged
	}
	before := e.State
	if err := f(&e); err != nil {
		return err
	}
	if inHistory {
		e.State = before // a sent report stays sent whatever f did
	}
	return writeJSON(dir, stateFile, e)
}
