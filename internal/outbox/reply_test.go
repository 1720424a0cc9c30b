package outbox_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/send"
)

func TestSetReply(t *testing.T) {
	o, _ := open(t)
	e := add(t, o)
	ok := sendFunc(func(context.Context, string, []string, []byte, func(int64, int64)) error { return nil })
	if _, err := o.Deliver(context.Background(), e.ID, ok, send.Hooks{}); err != nil {
		t.Fatal(err)
	}
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	steps := []struct {
		name    string
		reply   outbox.Reply
		caseNo  string
		date    time.Time
		problem string
	}{
		{"the desk could not open it", outbox.Reply{Date: at(2), Problem: "could not be opened"}, "", at(2), "could not be opened"},
		{"its auto-reply, older, found later", outbox.Reply{Case: "1234567", Date: at(1)}, "1234567", at(2), "could not be opened"},
		{"read on the second try", outbox.Reply{Case: "7654321", Date: at(5)}, "1234567", at(5), ""},
		{"the same reply found again", outbox.Reply{Case: "7654321", Date: at(5)}, "1234567", at(5), ""},
	}
	for _, s := range steps {
		if err := o.SetReply(e.ID, s.reply); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		got, err := o.Get(e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != outbox.Sent || got.CaseNumber != s.caseNo || !got.ReplyDate.Equal(s.date) || got.ReplyProblem != s.problem {
			t.Errorf("%s: state %s case %q date %v problem %q", s.name, got.State, got.CaseNumber, got.ReplyDate, got.ReplyProblem)
		}
	}
	// On disk under names of their own, beside the case number older versions wrote.
	raw, err := os.ReadFile(filepath.Join(o.Dir(), "history", e.ID, "state.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil || m["case_number"] != "1234567" || m["reply_date"] == nil {
		t.Errorf("state.json: %s", raw)
	}
}

// A record written before replies were looked for reads as "no reply yet".
func TestOlderRecordHasNoReply(t *testing.T) {
	o, _ := open(t)
	e := add(t, o)
	path := filepath.Join(o.Dir(), "queue", e.ID, "state.json")
	old := `{"id":"x","state":"queued","kind":"false-negative","subject":"s","message_id":"<a@b>","case_number":"55555",` +
		`"created":"2026-11-02T09:00:00Z","attempts":0}`
	if err := os.WriteFile(path, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := o.Get(e.ID)
	if err != nil || got.CaseNumber != "55555" || !got.ReplyDate.IsZero() || got.ReplyProblem != "" {
		t.Fatalf("%+v %v", got, err)
	}
}
