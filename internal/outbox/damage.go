package outbox

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// Damage says what is wrong with a damaged report; internal/plain words it.
type Damage string

const (
	// DamageRecord: the report's record (state.json) is missing or unreadable, so whether
	// it was sent is not known. Its message is intact: it can be sent again on request.
	DamageRecord Damage = "record"
	// DamageMessage: the report itself (message.eml) is missing or unreadable and could not
	// be built again from what it was made from. It cannot be sent; its files are kept.
	DamageMessage Damage = "message"
)

// inspect reads one report as a list shows it. A damaged one comes back with Damage set,
// State Damaged (Sent in the history) and whatever its other files still tell: subject and
// Message-ID from the message, addresses from the inputs, the date from the ID. A queued
// report whose message is missing is built again from its inputs when they are intact.
//
// held says the caller holds the report's lock already.
func (o *Outbox) inspect(sub, id string, held bool) (Entry, error) {
	dir := filepath.Join(o.dir, sub, id)
	e, err := readEntry(dir)
	if errors.Is(err, ErrNotFound) {
		return Entry{}, err
	}
	if err != nil {
		e = o.recoverEntry(dir, id)
		e.Damage = DamageRecord
	}
	if !hasMessage(dir) && (sub != queueDir || o.rebuildMissing(id, &e, held) != nil) {
		e.Damage = DamageMessage
	}
	switch {
	case e.Damage == "":
	case sub == historyDir:
		e.State = Sent
	default:
		e.State = Damaged
	}
	return e, nil
}

func hasMessage(dir string) bool {
	st, err := os.Lstat(filepath.Join(dir, messageFile))
	return err == nil && st.Mode().IsRegular() && st.Size() > 0
}

// recoverEntry makes a record from a report's other files, for one whose record is gone.
func (o *Outbox) recoverEntry(dir, id string) Entry {
	e := Entry{ID: id, State: Damaged}
	stamp, _, _ := strings.Cut(id, "-")
	if t, err := time.Parse("20060102T150405Z", stamp); err == nil {
		e.Created = t
	}
	if opts, err := loadInputs(dir); err == nil {
		e.Kind, e.From = string(opts.Kind), opts.From
		if opts.To != "" {
			e.To = []string{opts.To}
		}
	}
	h, size := messageHeader(filepath.Join(dir, messageFile))
	if h == nil {
		return e
	}
	e.Size = size
	e.Subject, _ = h.Text("Subject")
	e.MessageID = mailmsg.OneLine(h.Get("Message-ID"))
	if a, ok := mailmsg.ParseAddress(h.Get("From"), ""); ok && e.From == "" {
		e.From = a.Addr
	}
	if a, ok := mailmsg.ParseAddress(h.Get("To"), ""); ok && len(e.To) == 0 && a.Addr != "" {
		e.To = []string{a.Addr}
	}
	return e
}

// messageHeader reads the header of a stored report (its first 256 KiB at most). Whatever
// stands in the message's place is looked at before it is opened: opening a named pipe
// would wait for a writer for ever.
func messageHeader(path string) (*mailmsg.Header, int64) {
	if st, err := os.Lstat(path); err != nil || !st.Mode().IsRegular() {
		return nil, 0
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil, 0
	}
	head, err := io.ReadAll(io.LimitReader(f, 256<<10))
	if err != nil || len(head) == 0 {
		return nil, 0
	}
	return mailmsg.ParseHeader(head), st.Size()
}

// rebuildMissing builds a queued report's lost message again from its inputs, keeping its
// Message-ID so that the desk can still recognise it.
func (o *Outbox) rebuildMissing(id string, e *Entry, held bool) error {
	if o.Rebuild == nil {
		return ErrDamaged
	}
	if !held {
		l, err := o.tryLock(id)
		if err != nil {
			return err
		}
		defer l.unlock()
	}
	dir := o.queuePath(id)
	if hasMessage(dir) {
		return nil // someone else did it meanwhile
	}
	opts, err := loadInputs(dir)
	if err != nil || len(opts.Original) == 0 {
		return ErrDamaged
	}
	m, err := o.Rebuild(opts)
	if err != nil || len(m.Bytes) == 0 {
		return ErrDamaged
	}
	msg := keepMessageID(m.Bytes, m.MessageID, e.MessageID)
	if err := writeAtomic(dir, messageFile, msg); err != nil {
		return err
	}
	if e.MessageID == "" {
		e.MessageID = m.MessageID
	}
	if e.Subject == "" {
		e.Subject = m.Subject
	}
	e.Size = int64(len(msg))
	if e.Damage == "" {
		return writeJSON(dir, stateFile, *e)
	}
	return nil
}

// keepMessageID puts the report's first Message-ID back into a rebuilt one: report.Build
// makes a new one each time, and a repeat must carry the same.
func keepMessageID(msg []byte, built, keep string) []byte {
	if keep == "" || built == "" || keep == built || strings.ContainsAny(keep, "\r\n") {
		return msg
	}
	// A line start before the first header too, so the search needs no special case.
	buf := append([]byte("\r\n"), msg...)
	end := bytes.Index(buf, []byte("\r\n\r\n"))
	if end < 0 {
		return msg
	}
	old := []byte("\r\nMessage-ID: " + built + "\r\n")
	i := bytes.Index(buf[:end+2], old)
	if i < 0 {
		return msg
	}
	out := make([]byte, 0, len(buf)+len(keep))
	out = append(out, buf[:i]...)
	out = append(out, "\r\nMessage-ID: "+keep+"\r\n"...)
	return append(out, buf[i+len(old):]...)[2:]
}
