package outbox

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/reportmail/reportmail/internal/report"
)

// blobs are report.Options' byte fields, kept as files of their own beside options.json:
// the original must come back byte for byte, and base64 in JSON would only hide it.
var blobs = []struct {
	name string
	get  func(*report.Options) *[]byte
}{
	{"original.bin", func(o *report.Options) *[]byte { return &o.Original }},
	{"msgsource.bin", func(o *report.Options) *[]byte { return &o.MsgSource }},
	{"rejection.bin", func(o *report.Options) *[]byte { return &o.RejectionNotice }},
}

// Add stores a built report and what it was built from, due now. Call it before the first
// attempt: once Add returns, the report survives anything short of losing the disk.
func (o *Outbox) Add(m Message, opts report.Options, from string, to []string) (Entry, error) {
	now := o.now().UTC()
	id, err := newID(now.Format("20060102T150405Z"))
	if err != nil {
		return Entry{}, err
	}
	e := Entry{
		ID: id, State: Queued, Kind: m.Kind, Subject: m.Subject, MessageID: m.MessageID,
		SHA256: m.SHA256, Size: int64(len(m.Bytes)), From: from, To: slices.Clone(to),
		Created: now, NextAttempt: now,
	}
	// Everything goes into tmp/<id> first and appears in queue/ in one rename: a crash
	// in between leaves an incomplete folder in tmp/, never a broken report in the queue.
	tmp := filepath.Join(o.dir, tmpDir, id)
	if err := os.Mkdir(tmp, 0o700); err != nil {
		return Entry{}, err
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	if err := writeAtomic(tmp, messageFile, m.Bytes); err != nil {
		return Entry{}, err
	}
	if err := saveInputs(tmp, opts); err != nil {
		return Entry{}, err
	}
	if err := writeJSON(tmp, stateFile, e); err != nil {
		return Entry{}, err
	}
	if err := renameDir(tmp, o.queuePath(id)); err != nil {
		return Entry{}, err
	}
	return e, nil
}

func saveInputs(dir string, opts report.Options) error {
	for _, b := range blobs {
		if p := b.get(&opts); len(*p) > 0 {
			if err := writeAtomic(dir, b.name, *p); err != nil {
				return err
			}
		}
	}
	return writeJSON(dir, optionsFile, toRecord(opts))
}

// Inputs returns what a queued report was built from.
func (o *Outbox) Inputs(id string) (report.Options, error) {
	if err := checkID(id); err != nil {
		return report.Options{}, err
	}
	return loadInputs(o.queuePath(id))
}

func loadInputs(dir string) (report.Options, error) {
	data, err := readBounded(filepath.Join(dir, optionsFile), maxRecord)
	if err != nil {
		return report.Options{}, notFound(err)
	}
	opts, err := readRecord(data)
	if err != nil {
		return opts, err
	}
	for _, b := range blobs {
		data, err := readBounded(filepath.Join(dir, b.name), maxMessage)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return opts, err
		}
		*b.get(&opts) = data
	}
	return opts, nil
}

// newID is sortable by creation time and unique without coordination between processes.
func newID(stamp string) (string, error) {
	var r [4]byte
	if _, err := rand.Read(r[:]); err != nil {
		return "", err
	}
	return stamp + "-" + hex.EncodeToString(r[:]), nil
}

// checkID keeps IDs from naming anything outside the outbox ("../x", "a/b").
func checkID(id string) error {
	if id == "" || id == "." || id == ".." || strings.ContainsAny(id, `/\:`) || strings.HasPrefix(id, ".") {
		return ErrNotFound
	}
	return nil
}

func notFound(err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return ErrNotFound
	}
	return err
}

func (o *Outbox) queuePath(id string) string   { return filepath.Join(o.dir, queueDir, id) }
func (o *Outbox) historyPath(id string) string { return filepath.Join(o.dir, historyDir, id) }
