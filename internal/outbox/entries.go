package outbox

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

func readEntry(dir string) (Entry, error) {
	var e Entry
	data, err := os.ReadFile(filepath.Join(dir, stateFile))
	if err != nil {
		return e, notFound(err)
	}
	err = json.Unmarshal(data, &e)
	return e, err
}

// List returns the reports waiting in the queue, oldest first. A report marked "sending"
// that nobody is sending any more (the sender crashed) is shown, and treated, as queued.
func (o *Outbox) List() ([]Entry, error) {
	es, err := o.readAll(queueDir)
	if err != nil {
		return nil, err
	}
	out := es[:0]
	for _, e := range es {
		switch {
		case e.State == Sending && !o.busy(e.ID):
			e.State = Queued
		case e.State == Sent:
			// Accepted, then a crash before the move to the history: finish the move.
			if o.settle(e.ID) == nil {
				continue
			}
		}
		out = append(out, e)
	}
	return out, nil
}

// settle moves a report the server accepted, but that a crash left in the queue, to the
// history.
func (o *Outbox) settle(id string) error {
	l, err := o.tryLock(id)
	if err != nil {
		return err
	}
	gone := false
	defer func() { l.unlock(gone) }()
	e, err := readEntry(o.queuePath(id))
	if err != nil || e.State != Sent {
		return ErrNotFound
	}
	err = o.moveToHistory(id)
	gone = err == nil
	return err
}

// History returns the sent reports, oldest first.
func (o *Outbox) History() ([]Entry, error) {
	es, err := o.readAll(historyDir)
	slices.SortStableFunc(es, func(a, b Entry) int { return a.SentAt.Compare(b.SentAt) })
	return es, err
}

// readAll reads every state record in a folder. A report whose record cannot be read is
// skipped rather than failing the whole list: one damaged file must not hide the others.
func (o *Outbox) readAll(sub string) ([]Entry, error) {
	ents, err := os.ReadDir(filepath.Join(o.dir, sub))
	if err != nil {
		return nil, err
	}
	var out []Entry
	for _, d := range ents {
		if !d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			continue
		}
		e, err := readEntry(filepath.Join(o.dir, sub, d.Name()))
		if err != nil {
			continue
		}
		out = append(out, e)
	}
	slices.SortStableFunc(out, func(a, b Entry) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// Get returns one report, queued or sent.
func (o *Outbox) Get(id string) (Entry, error) {
	if err := checkID(id); err != nil {
		return Entry{}, err
	}
	e, err := readEntry(o.queuePath(id))
	if errors.Is(err, ErrNotFound) {
		return readEntry(o.historyPath(id))
	}
	if err == nil && e.State == Sending && !o.busy(id) {
		e.State = Queued
	}
	return e, err
}

// MessageBytes returns the stored .eml of a queued or sent report.
func (o *Outbox) MessageBytes(id string) ([]byte, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(o.queuePath(id), messageFile))
	if errors.Is(err, os.ErrNotExist) {
		data, err = os.ReadFile(filepath.Join(o.historyPath(id), messageFile))
	}
	return data, notFound(err)
}

// Due returns the queued reports whose next attempt has come, oldest first. Failed
// reports wait for the user; reports another process is sending are left to it.
func (o *Outbox) Due(now time.Time) ([]Entry, error) {
	es, err := o.List()
	if err != nil {
		return nil, err
	}
	var due []Entry
	for _, e := range es {
		if e.State == Queued && !e.NextAttempt.After(now) {
			due = append(due, e)
		}
	}
	return due, nil
}

// Remove deletes a report from the queue (the user gave up on it). Sent reports stay in
// the history: ErrSent.
func (o *Outbox) Remove(id string) error {
	if err := checkID(id); err != nil {
		return err
	}
	l, err := o.tryLock(id)
	if err != nil {
		return err
	}
	gone := false
	defer func() { l.unlock(gone) }()
	if _, err := readEntry(o.queuePath(id)); err != nil {
		if _, herr := readEntry(o.historyPath(id)); herr == nil {
			return ErrSent
		}
		return err
	}
	// Rename first: the report leaves the queue in one step, the deletion can then fail
	// half-way without leaving a half report behind.
	trash := filepath.Join(o.dir, tmpDir, "removed-"+id)
	if err := renameDir(o.queuePath(id), trash); err != nil {
		return err
	}
	gone = true
	return os.RemoveAll(trash)
}

// Retry makes a queued or failed report due at now (the user fixed the settings, or
// does not want to wait for the backoff).
func (o *Outbox) Retry(id string, now time.Time) error {
	return o.update(id, func(e *Entry) error {
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

// update changes a report's record under its lock, wherever it is.
func (o *Outbox) update(id string, f func(*Entry) error) error {
	if err := checkID(id); err != nil {
		return err
	}
	l, err := o.tryLock(id)
	if err != nil {
		return err
	}
	inHistory := false
	defer func() { l.unlock(inHistory) }()
	dir := o.queuePath(id)
	e, err := readEntry(dir)
	if errors.Is(err, ErrNotFound) {
		dir, inHistory = o.historyPath(id), true
		e, err = readEntry(dir)
	}
	if err != nil {
		return err
	}
	if inHistory && e.State != Sent {
		return ErrNotFound
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
