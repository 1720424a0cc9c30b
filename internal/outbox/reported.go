package outbox

import (
	"errors"
	"strings"
	"time"
)

// ErrAlreadyReported is what a *ReportedError is (errors.Is): the same original was
// reported before with the same type.
var ErrAlreadyReported = errors.New("outbox: this email was already reported with this type")

// ReportedError refuses a second report of one original with one type until the person
// says to send it again (DESIGN.md, "Never twice, never lost"). Entry is the earlier report.
type ReportedError struct{ Entry Entry }

func (e *ReportedError) Error() string { return ErrAlreadyReported.Error() + " (" + e.Entry.ID + ")" }

func (e *ReportedError) Is(target error) bool { return target == ErrAlreadyReported }

// When is when the earlier report was made: sent, or added to the queue when not sent yet.
func (e *ReportedError) When() time.Time { return ReportedAt(e.Entry) }

// ReportedAt is when a report was made, for a person: when it was sent, else when it was
// added.
func ReportedAt(e Entry) time.Time {
	if !e.SentAt.IsZero() {
		return e.SentAt
	}
	return e.Created
}

// Reported finds the newest report of the original with this SHA-256 (of the attached
// original) and type, sent or still in the queue, damaged records aside (their type and
// hash cannot be trusted). ok is false when there is none.
func (o *Outbox) Reported(sha256, kind string) (Entry, bool, error) {
	return o.newest(func(e Entry) bool { return e.Kind == kind })(sha256)
}

// Active finds the report of this original, of any type, that is still on its way: waiting,
// being sent, refused (waiting for Try again) or of unknown outcome. A second report of the
// same original must not be made while one is.
func (o *Outbox) Active(sha256 string) (Entry, bool, error) {
	if sha256 == "" {
		return Entry{}, false, nil
	}
	es, err := o.List()
	if err != nil {
		return Entry{}, false, err
	}
	var best Entry
	found := false
	for _, e := range es {
		if e.Damage == "" && strings.EqualFold(e.SHA256, sha256) && (!found || e.Created.After(best.Created)) {
			best, found = e, true
		}
	}
	return best, found, nil
}

// CheckRepeat is nil when no report of this original with this type was made, else a
// *ReportedError naming the newest one.
func (o *Outbox) CheckRepeat(sha256, kind string) error {
	e, ok, err := o.Reported(sha256, kind)
	if err != nil || !ok {
		return err
	}
	return &ReportedError{Entry: e}
}

func (o *Outbox) newest(match func(Entry) bool) func(string) (Entry, bool, error) {
	return func(sha string) (Entry, bool, error) {
		if sha == "" {
			return Entry{}, false, nil
		}
		queued, err := o.List()
		if err != nil {
			return Entry{}, false, err
		}
		sent, err := o.History()
		if err != nil {
			return Entry{}, false, err
		}
		var best Entry
		found := false
		for _, e := range append(sent, queued...) {
			if e.Damage != "" || !strings.EqualFold(e.SHA256, sha) || !match(e) {
				continue
			}
			if !found || ReportedAt(e).After(ReportedAt(best)) {
				best, found = e, true
			}
		}
		return best, found, nil
	}
}
