package outbox

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/report"
	"github.com/reportmail/reportmail/internal/send"
)

type okSender struct{ n int }

func (s *okSender) SendWith(context.Context, string, []string, []byte, send.Hooks) error {
	s.n++
	return nil
}

func newTest(t *testing.T) (*Outbox, Entry) {
	t.Helper()
	o, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	e, err := o.Add(Message{Bytes: []byte("Subject: x\r\n\r\nbody\r\n"), Subject: "x"}, report.Options{Original: []byte("orig")},
		"me@example.test", []string{"desk@example.test"})
	if err != nil {
		t.Fatal(err)
	}
	return o, e
}

func setState(t *testing.T, o *Outbox, id string, s State) {
	t.Helper()
	e, err := readEntry(o.queuePath(id))
	if err != nil {
		t.Fatal(err)
	}
	e.State = s
	if err := writeJSON(o.queuePath(id), stateFile, e); err != nil {
		t.Fatal(err)
	}
}

// A process that died mid-attempt leaves "sending" and no lock holder: that is queued.
func TestCrashedSendingCountsAsQueued(t *testing.T) {
	o, e := newTest(t)
	setState(t, o, e.ID, Sending)
	due, err := o.Due(time.Now())
	if err != nil || len(due) != 1 || due[0].State != Queued {
		t.Fatalf("due %+v %v", due, err)
	}
	s := &okSender{}
	if got, err := o.Deliver(context.Background(), e.ID, s, send.Hooks{}); err != nil || got.State != Sent || s.n != 1 {
		t.Fatalf("%+v %v", got, err)
	}
}

// A live sender holds the lock: nobody else sends, removes or changes the report.
func TestLiveSendingIsLeftAlone(t *testing.T) {
	o, e := newTest(t)
	l, err := o.tryLock(e.ID) // another process, as far as flock is concerned
	if err != nil {
		t.Fatal(err)
	}
	setState(t, o, e.ID, Sending)
	if due, _ := o.Due(time.Now()); len(due) != 0 {
		t.Errorf("a report being sent is due: %+v", due)
	}
	if l, _ := o.List(); len(l) != 1 || l[0].State != Sending {
		t.Errorf("list %+v", l)
	}
	s := &okSender{}
	if _, err := o.Deliver(context.Background(), e.ID, s, send.Hooks{}); !errors.Is(err, ErrBusy) || s.n != 0 {
		t.Errorf("Deliver while locked: %v (sent %d)", err, s.n)
	}
	if err := o.Remove(e.ID); !errors.Is(err, ErrBusy) {
		t.Errorf("Remove while locked: %v", err)
	}
	l.unlock()
	if _, err := o.Deliver(context.Background(), e.ID, s, send.Hooks{}); err != nil || s.n != 1 {
		t.Errorf("after unlock: %v", err)
	}
}

// Accepted by the server, then a crash before the move: the next List finishes the move
// instead of sending again.
func TestCrashAfterAcceptFinishesMove(t *testing.T) {
	o, e := newTest(t)
	setState(t, o, e.ID, Sent)
	if l, err := o.List(); err != nil || len(l) != 0 {
		t.Fatalf("list %+v %v", l, err)
	}
	if h, _ := o.History(); len(h) != 1 || h[0].ID != e.ID {
		t.Fatalf("history %+v", h)
	}
}

// An Add cut short leaves a folder in tmp/: never listed, swept when old.
func TestInterruptedAddIsInvisibleAndSwept(t *testing.T) {
	o, _ := newTest(t)
	half := filepath.Join(o.dir, tmpDir, "20261102T090000Z-deadbeef")
	os.Mkdir(half, 0o700)
	os.WriteFile(filepath.Join(half, messageFile), []byte("Subj"), 0o600)
	if l, _ := o.List(); len(l) != 1 {
		t.Fatalf("list %+v", l)
	}
	old := time.Now().Add(-2 * time.Hour)
	os.Chtimes(half, old, old)
	if _, err := Open(o.dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(half); !os.IsNotExist(err) {
		t.Errorf("old half-added report not swept: %v", err)
	}
}

// A write cut short leaves a stray temp file beside the intact old state: still readable.
func TestInterruptedWriteKeepsOldState(t *testing.T) {
	o, e := newTest(t)
	os.WriteFile(filepath.Join(o.queuePath(e.ID), ".state.json-123.tmp"), []byte(`{"id": "bro`), 0o600)
	got, err := o.Get(e.ID)
	if err != nil || got.State != Queued {
		t.Fatalf("%+v %v", got, err)
	}
}

func TestWriteAtomicReplaces(t *testing.T) {
	dir := t.TempDir()
	for _, v := range []string{"one", "two"} {
		if err := writeAtomic(dir, "f", []byte(v)); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, "f")); string(b) != v {
			t.Fatalf("got %q", b)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("left behind: %v", ents)
	}
	if err := writeAtomic(filepath.Join(dir, "missing"), "f", nil); err == nil {
		t.Error("write into a missing folder succeeded")
	}
}
