package outbox_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/report"
	"github.com/reportmail/reportmail/internal/send"
)

func addKind(t *testing.T, o *outbox.Outbox, sha, kind string) outbox.Entry {
	t.Helper()
	e, err := o.Add(outbox.Message{Bytes: built, Subject: "S", MessageID: "<" + kind + "@example.test>", SHA256: sha, Kind: kind},
		report.Options{Kind: report.Kind(kind), Original: original}, "me@example.test", []string{"desk@example.test"})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// The same original with the same type is found wherever the earlier report is: waiting in
// the queue or in the history, with its case number; another type or another original is
// not a repeat. Active finds only reports still on their way, of any type.
func TestRepeatsAreFoundInQueueAndHistory(t *testing.T) {
	o, now := open(t)
	if err := o.CheckRepeat("aaa", "false-negative"); err != nil {
		t.Fatalf("empty outbox: %v", err)
	}
	first := addKind(t, o, "aaa", "false-negative")

	err := o.CheckRepeat("AAA", "false-negative")
	var re *outbox.ReportedError
	if !errors.Is(err, outbox.ErrAlreadyReported) || !errors.As(err, &re) || re.Entry.ID != first.ID || !re.When().Equal(t0) {
		t.Fatalf("queued repeat: %v", err)
	}
	if a, ok, err := o.Active("aaa"); err != nil || !ok || a.ID != first.ID {
		t.Fatalf("Active while queued: %+v %v %v", a, ok, err)
	}
	for _, c := range [][2]string{{"aaa", "false-positive"}, {"bbb", "false-negative"}, {"", "false-negative"}} {
		if err := o.CheckRepeat(c[0], c[1]); err != nil {
			t.Errorf("%v is not a repeat: %v", c, err)
		}
	}

	*now = t0.Add(time.Hour)
	if _, err := o.Deliver(context.Background(), first.ID, sendFunc(func(context.Context, string, []string, []byte, func(int64, int64)) error { return nil }), send.Hooks{}); err != nil {
		t.Fatal(err)
	}
	if err := o.SetCaseNumber(first.ID, "123456"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := o.Active("aaa"); ok {
		t.Error("a sent report is still active")
	}
	err = o.CheckRepeat("aaa", "false-negative")
	if !errors.As(err, &re) || re.Entry.CaseNumber != "123456" || !re.When().Equal(t0.Add(time.Hour)) {
		t.Fatalf("sent repeat: %v %+v", err, re)
	}

	// The newest of several is named.
	*now = t0.Add(2 * time.Hour)
	second := addKind(t, o, "aaa", "false-negative")
	if err := o.CheckRepeat("aaa", "false-negative"); !errors.As(err, &re) || re.Entry.ID != second.ID {
		t.Fatalf("newest repeat: %v", err)
	}
}

// A saved draft is listed, newest first, and can be taken off the list.
func TestDraftsAreListed(t *testing.T) {
	o, now := open(t)
	if ds, err := o.Drafts(); err != nil || len(ds) != 0 {
		t.Fatalf("no drafts yet: %v %v", ds, err)
	}
	a, err := o.AddDraft(outbox.Draft{Path: "/home/kate/Documents/a.eml", Kind: "false-positive", Subject: "A", SHA256: "aaa"})
	if err != nil {
		t.Fatal(err)
	}
	*now = t0.Add(time.Minute)
	b, _ := o.AddDraft(outbox.Draft{Path: "/home/kate/Documents/b.eml", Subject: "B"})
	ds, err := o.Drafts()
	if err != nil || len(ds) != 2 || ds[0].ID != b.ID || ds[1].Path != a.Path || !ds[1].Saved.Equal(t0) {
		t.Fatalf("drafts %+v %v", ds, err)
	}
	if err := o.ForgetDraft(a.ID); err != nil {
		t.Fatal(err)
	}
	if ds, _ := o.Drafts(); len(ds) != 1 || ds[0].ID != b.ID {
		t.Fatalf("after ForgetDraft: %+v", ds)
	}
	if err := o.ForgetDraft("../x"); !errors.Is(err, outbox.ErrNotFound) {
		t.Errorf("bad ID: %v", err)
	}
	// Drafts are not reports the desk received: no repeat.
	if err := o.CheckRepeat("aaa", "false-positive"); err != nil {
		t.Errorf("a draft counts as a report: %v", err)
	}
}
