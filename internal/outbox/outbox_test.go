package outbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/mailmsg"
	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/report"
	"github.com/reportmail/reportmail/internal/send"
)

// sendFunc adapts a function to outbox.Sender.
type sendFunc func(ctx context.Context, from string, to []string, msg []byte, progress func(done, total int64)) error

func (f sendFunc) SendWith(ctx context.Context, from string, to []string, msg []byte, h send.Hooks) error {
	return f(ctx, from, to, msg, h.Progress)
}

var (
	t0       = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	original = []byte("From: a@example.test\r\nSubject: caf\xe9\r\n\r\nbody\r\n")
	built    = []byte("Subject: False Negative: test\r\n\r\nreport with caf\xe9\r\n")
)

func open(t *testing.T) (*outbox.Outbox, *time.Time) {
	t.Helper()
	o, err := outbox.Open(filepath.Join(t.TempDir(), "outbox"))
	if err != nil {
		t.Fatal(err)
	}
	now := t0
	o.Now = func() time.Time { return now }
	return o, &now
}

func add(t *testing.T, o *outbox.Outbox) outbox.Entry {
	t.Helper()
	opts := report.Options{Kind: report.FalseNegative, Note: "spam", From: "me@example.test", To: "emailsupport@smxemail.com",
		Original: original, RejectionNotice: []byte("bounce"), EightBit: true}
	e, err := o.Add(outbox.Message{Bytes: built, Subject: "False Negative: test", MessageID: "<r1@example.test>", SHA256: "abc", Kind: "false-negative"},
		opts, "me@example.test", []string{"emailsupport@smxemail.com"})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestAddStoresEverythingBeforeSending(t *testing.T) {
	o, _ := open(t)
	e := add(t, o)
	if e.State != outbox.Queued || !e.NextAttempt.Equal(t0) || e.Size != int64(len(built)) {
		t.Fatalf("entry %+v", e)
	}
	dir := filepath.Join(o.Dir(), "queue", e.ID)
	for name, want := range map[string][]byte{"message.eml": built, "original.bin": original, "rejection.bin": []byte("bounce")} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: %q %v", name, got, err)
		}
	}
	var opts map[string]any
	data, _ := os.ReadFile(filepath.Join(dir, "options.json"))
	if err := json.Unmarshal(data, &opts); err != nil || opts["Original"] != nil {
		t.Errorf("options.json holds the original inline or is broken: %v", err)
	}
	in, err := o.Inputs(e.ID)
	if err != nil || !bytes.Equal(in.Original, original) || in.Note != "spam" || !in.EightBit {
		t.Errorf("inputs %+v %v", in, err)
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("report folder mode %v: other users could read the mail", fi.Mode().Perm())
	}
	if ents, _ := os.ReadDir(filepath.Join(o.Dir(), "tmp")); len(ents) != 0 {
		t.Errorf("tmp not empty after Add: %v", ents)
	}
	assertNoTempFiles(t, o.Dir())
}

func TestDeliverSuccessMovesToHistory(t *testing.T) {
	o, now := open(t)
	e := add(t, o)
	*now = t0.Add(time.Minute)
	var got []byte
	var to []string
	e2, err := o.Deliver(context.Background(), e.ID, sendFunc(func(_ context.Context, from string, rcpt []string, msg []byte, _ func(int64, int64)) error {
		got, to = msg, rcpt
		// While sending, the record says so on disk.
		if s, _ := o.Get(e.ID); s.State != outbox.Sending {
			t.Errorf("state during the attempt: %s", s.State)
		}
		return nil
	}), send.Hooks{})
	if err != nil || e2.State != outbox.Sent || !e2.SentAt.Equal(*now) || e2.Attempts != 1 {
		t.Fatalf("Deliver: %+v %v", e2, err)
	}
	if !bytes.Equal(got, built) || len(to) != 1 || to[0] != "emailsupport@smxemail.com" {
		t.Errorf("sent %q to %v", got, to)
	}
	if q, _ := o.List(); len(q) != 0 {
		t.Errorf("still queued: %+v", q)
	}
	h, err := o.History()
	if err != nil || len(h) != 1 || h[0].MessageID != "<r1@example.test>" || h[0].SHA256 != "abc" || h[0].Kind != "false-negative" {
		t.Fatalf("history %+v %v", h, err)
	}
	if b, err := o.MessageBytes(e.ID); err != nil || !bytes.Equal(b, built) {
		t.Errorf("history lost the .eml: %v", err)
	}
	if err := o.SetCaseNumber(e.ID, " 12345 "); err != nil {
		t.Fatal(err)
	}
	if g, _ := o.Get(e.ID); g.CaseNumber != "12345" || g.State != outbox.Sent {
		t.Errorf("after SetCaseNumber: %+v", g)
	}
	if err := o.Remove(e.ID); !errors.Is(err, outbox.ErrSent) {
		t.Errorf("Remove of a sent report: %v", err)
	}
	// Delivering it again is harmless: it is already sent.
	if e3, err := o.Deliver(context.Background(), e.ID, sendFunc(func(context.Context, string, []string, []byte, func(int64, int64)) error {
		t.Error("sent twice")
		return nil
	}), send.Hooks{}); err != nil || e3.State != outbox.Sent {
		t.Errorf("second Deliver: %+v %v", e3, err)
	}
}

func TestTemporaryFailureBacksOff(t *testing.T) {
	o, now := open(t)
	e := add(t, o)
	fail := sendFunc(func(context.Context, string, []string, []byte, func(int64, int64)) error {
		return &send.Error{Kind: send.Temporary, Code: 451, Reply: "try later", Temporary: true}
	})
	wantWait := []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute, time.Hour, time.Hour}
	for i, w := range wantWait {
		got, err := o.Deliver(context.Background(), e.ID, fail, send.Hooks{})
		if !send.IsTemporary(err) {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
		wait := got.NextAttempt.Sub(*now)
		if got.State != outbox.Queued || wait < w*9/10 || wait > w*11/10 || got.Attempts != i+1 {
			t.Fatalf("attempt %d: state %s wait %v attempts %d", i+1, got.State, wait, got.Attempts)
		}
		f := got.LastFailure
		if got.LastError != "" || got.LastErrorKind != "temporary" || got.ServerReply != "try later" ||
			f == nil || f.Kind != send.Temporary || f.Code != 451 || f.Reply != "try later" || !f.Temporary {
			t.Errorf("recorded error %+v", got)
		}
		if d, _ := o.Due(*now); len(d) != 0 {
			t.Errorf("due right after a failure")
		}
		if d, _ := o.Due(got.NextAttempt); len(d) != 1 {
			t.Errorf("not due at its next attempt")
		}
		*now = got.NextAttempt
	}
}

func TestPermanentFailureWaitsForUser(t *testing.T) {
	o, now := open(t)
	e := add(t, o)
	got, err := o.Deliver(context.Background(), e.ID, sendFunc(func(context.Context, string, []string, []byte, func(int64, int64)) error {
		return &send.Error{Kind: send.Refused, Code: 554, Reply: "5.7.1 Rejected"}
	}), send.Hooks{})
	if send.KindOf(err) != send.Refused || got.State != outbox.Failed {
		t.Fatalf("%+v %v", got, err)
	}
	if d, _ := o.Due(now.Add(24 * time.Hour)); len(d) != 0 {
		t.Errorf("a failed report became due by itself")
	}
	if l, _ := o.List(); len(l) != 1 || l[0].State != outbox.Failed || l[0].LastFailure == nil || l[0].LastFailure.Kind != send.Refused {
		t.Errorf("list %+v", l)
	}
	if err := o.Retry(e.ID, *now); err != nil {
		t.Fatal(err)
	}
	if d, _ := o.Due(*now); len(d) != 1 {
		t.Errorf("Retry did not make it due")
	}
	if err := o.Remove(e.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := o.Get(e.ID); !errors.Is(err, outbox.ErrNotFound) {
		t.Errorf("Get after Remove: %v", err)
	}
	if h, _ := o.History(); len(h) != 0 {
		t.Errorf("a removed report is in the history")
	}
}

func TestCancelKeepsItDue(t *testing.T) {
	o, now := open(t)
	e := add(t, o)
	got, err := o.Deliver(context.Background(), e.ID, sendFunc(func(context.Context, string, []string, []byte, func(int64, int64)) error {
		return &send.Error{Kind: send.Canceled, Temporary: true, Err: context.Canceled}
	}), send.Hooks{})
	if !errors.Is(err, context.Canceled) || got.State != outbox.Queued {
		t.Fatalf("%+v %v", got, err)
	}
	if d, _ := o.Due(*now); len(d) != 1 {
		t.Errorf("a cancelled report is not due")
	}
}

// A server without 8BITMIME: the report is rebuilt from its stored inputs, stored in place
// of the old one, and sent in the same Deliver.
func TestRebuildWithout8Bit(t *testing.T) {
	o, _ := open(t)
	var rebuiltFrom report.Options
	o.Rebuild = func(opts report.Options) (outbox.Message, error) {
		rebuiltFrom = opts
		return outbox.Message{Bytes: []byte("Subject: False Negative: test\r\n\r\nbase64 version\r\n"), Subject: "False Negative: test", MessageID: "<r2@example.test>"}, nil
	}
	e := add(t, o)
	var sent [][]byte
	got, err := o.Deliver(context.Background(), e.ID, sendFunc(func(_ context.Context, _ string, _ []string, msg []byte, _ func(int64, int64)) error {
		sent = append(sent, msg)
		if mailmsg.Has8Bit(msg) {
			return &send.Error{Kind: send.Needs8BitMIME}
		}
		return nil
	}), send.Hooks{})
	if err != nil || got.State != outbox.Sent || !got.Rebuilt7Bit || got.MessageID != "<r2@example.test>" {
		t.Fatalf("%+v %v", got, err)
	}
	if len(sent) != 2 || rebuiltFrom.EightBit || !bytes.Equal(rebuiltFrom.Original, original) {
		t.Errorf("sent %d times; rebuilt from EightBit=%v", len(sent), rebuiltFrom.EightBit)
	}
	if b, _ := o.MessageBytes(e.ID); !bytes.Equal(b, sent[1]) {
		t.Errorf("the stored report is not the one that was sent")
	}

	// Without a way to rebuild, it fails for good and says why.
	o.Rebuild = nil
	e = add(t, o)
	got, err = o.Deliver(context.Background(), e.ID, sendFunc(func(context.Context, string, []string, []byte, func(int64, int64)) error {
		return &send.Error{Kind: send.Needs8BitMIME}
	}), send.Hooks{})
	if !errors.Is(err, send.ErrNeeds8BitMIME) || got.State != outbox.Failed {
		t.Errorf("%+v %v", got, err)
	}
}

func TestBackoffSchedule(t *testing.T) {
	for n, want := range map[int]time.Duration{0: time.Minute, 1: time.Minute, 2: 5 * time.Minute, 3: 15 * time.Minute, 4: time.Hour, 50: time.Hour} {
		if got := outbox.Backoff(n, 0); got != want {
			t.Errorf("Backoff(%d) = %v, want %v", n, got, want)
		}
	}
	if outbox.Backoff(2, 1) != 330*time.Second || outbox.Backoff(2, -1) != 270*time.Second || outbox.Backoff(2, 7) != 330*time.Second {
		t.Errorf("jitter is not ±10%%")
	}
}

func TestBadIDs(t *testing.T) {
	o, _ := open(t)
	for _, id := range []string{"", "..", "../x", "a/b", `a\b`, ".lock"} {
		if _, err := o.Get(id); !errors.Is(err, outbox.ErrNotFound) {
			t.Errorf("Get(%q): %v", id, err)
		}
		if err := o.Remove(id); !errors.Is(err, outbox.ErrNotFound) {
			t.Errorf("Remove(%q): %v", id, err)
		}
	}
}

func TestDefaultDirFromEnvironment(t *testing.T) {
	t.Setenv(outbox.EnvDir, filepath.Join(t.TempDir(), "elsewhere"))
	o, err := outbox.Open("")
	if err != nil || !strings.HasSuffix(o.Dir(), "elsewhere") {
		t.Fatalf("%v %v", o, err)
	}
}

func assertNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".tmp") {
			t.Errorf("temporary file left behind: %s", p)
		}
		return nil
	})
}
