package outbox

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/report"
	"github.com/reportmail/reportmail/internal/send"
)

// FuzzReadEntry puts arbitrary bytes where a report's record, inputs and message belong,
// then lists, gets, sends and lists again: nothing panics, and the report is always in the
// queue or the history — never gone because a file was damaged.
func FuzzReadEntry(f *testing.F) {
	o, err := Open(f.TempDir())
	if err != nil {
		f.Fatal(err)
	}
	msg := []byte("From: <me@example.test>\r\nTo: <desk@example.test>\r\nSubject: False Negative: x\r\nMessage-ID: <a@example.test>\r\n\r\nbody\r\n")
	e, err := o.Add(Message{Bytes: msg, Subject: "False Negative: x", MessageID: "<a@example.test>", Kind: "false-negative"},
		report.Options{Kind: report.FalseNegative, From: "me@example.test", To: "desk@example.test", Original: []byte("orig")},
		"me@example.test", []string{"desk@example.test"})
	if err != nil {
		f.Fatal(err)
	}
	dir := o.queuePath(e.ID)
	state, _ := os.ReadFile(filepath.Join(dir, stateFile))
	opts, _ := os.ReadFile(filepath.Join(dir, optionsFile))
	f.Add(state, opts, msg)
	for _, st := range []State{Sending, Unknown, Failed, Sent} {
		x := e
		x.State = st
		if st == Sending {
			x.DataSentAt = time.Now()
		}
		b, _ := json.Marshal(x)
		f.Add(b, opts, msg)
	}
	f.Add(state[:len(state)/2], opts, msg)
	f.Add([]byte{}, []byte("{"), []byte{})
	f.Add([]byte(`{"state":"queued","to":["not an address"],"from":""}`), opts, []byte("\r\n\r\n"))

	f.Fuzz(func(t *testing.T, state, opts, msg []byte) {
		o, err := Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		o.Rebuild = func(report.Options) (Message, error) {
			return Message{Bytes: []byte("Subject: rebuilt\r\nMessage-ID: <n@x>\r\n\r\nx\r\n"), MessageID: "<n@x>"}, nil
		}
		id := "20261102T090000Z-0a0b0c0d"
		dir := o.queuePath(id)
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		for name, data := range map[string][]byte{stateFile: state, optionsFile: opts, messageFile: msg} {
			if len(data) > 0 {
				os.WriteFile(filepath.Join(dir, name), data, 0o600)
			}
		}
		os.WriteFile(filepath.Join(dir, "original.bin"), []byte("orig"), 0o600)

		present := func(when string) {
			t.Helper()
			l, err := o.List()
			if err != nil {
				t.Fatalf("%s: List: %v", when, err)
			}
			h, err := o.History()
			if err != nil {
				t.Fatalf("%s: History: %v", when, err)
			}
			has := func(es []Entry) bool {
				return slices.ContainsFunc(es, func(e Entry) bool { return e.ID == id })
			}
			if !has(l) && !has(h) {
				t.Fatalf("%s: the report vanished (list %+v, history %+v)", when, l, h)
			}
		}
		present("first look")
		o.Get(id)
		o.Due(time.Now().Add(1000 * time.Hour))
		o.Deliver(context.Background(), id, fuzzSender{}, send.Hooks{})
		present("after Deliver")
		o.DeliverDue(context.Background(), fuzzSender{}, nil)
		present("after DeliverDue")
		if ents, _ := os.ReadDir(filepath.Join(o.dir, locksDir)); len(ents) != 0 {
			t.Fatalf("lock files left: %v", ents)
		}
	})
}

// fuzzSender accepts after DataSent, as a server would.
type fuzzSender struct{}

func (fuzzSender) SendWith(_ context.Context, _ string, _ []string, _ []byte, h send.Hooks) error {
	if h.DataSent != nil {
		h.DataSent()
	}
	return nil
}
