package deskreply

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/report"
	"github.com/reportmail/reportmail/internal/send"
)

// memSource is a mailbox held in memory: what a test puts in it, filtered as IMAP's
// SEARCH FROM … SINCE … would (a substring of From, a day).
type memSource struct {
	msgs  []Message
	calls int
	err   error
}

func (m *memSource) Replies(_ context.Context, from string, since time.Time) ([]Message, error) {
	m.calls++
	if m.err != nil {
		return nil, m.err
	}
	var out []Message
	for _, msg := range m.msgs {
		if !msg.Received.Before(since.Truncate(24 * time.Hour)) {
			out = append(out, msg)
		}
	}
	return out, nil
}

type acceptAll struct{}

func (acceptAll) SendWith(context.Context, string, []string, []byte, send.Hooks) error { return nil }

// sentReport puts a report through the outbox as the app does (Add, then a delivery the
// server accepts) with the given subject and Message-ID.
func sentReport(t *testing.T, ob *outbox.Outbox, subject, messageID string) outbox.Entry {
	t.Helper()
	opts := report.Options{Kind: report.FalseNegative, From: "jo@example.co.nz", To: "emailsupport@smxemail.com",
		Original: []byte("From: a@b\r\nSubject: x\r\n\r\nhi\r\n"), EightBit: true}
	e, err := ob.Add(outbox.Message{Bytes: []byte("Subject: " + subject + "\r\n\r\nx\r\n"), Subject: subject, MessageID: messageID,
		SHA256: messageID, Kind: "false-negative"}, opts, "jo@example.co.nz", []string{"emailsupport@smxemail.com"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ob.Deliver(context.Background(), e.ID, acceptAll{}, send.Hooks{}); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestLookRecordsCaseAndDate(t *testing.T) {
	ob, err := outbox.Open(filepath.Join(t.TempDir(), "outbox"))
	if err != nil {
		t.Fatal(err)
	}
	sent := time.Date(2026, 12, 4, 2, 55, 0, 0, time.UTC)
	clock := sent
	ob.Now = func() time.Time { return clock }
	r1 := sentReport(t, ob, testReports[0].Subject, testReports[0].MessageID)
	clock = clock.Add(time.Minute)
	r4 := sentReport(t, ob, testReports[3].Subject, testReports[3].MessageID)
	src := &memSource{}
	for _, f := range []string{"plain-in-reply-to.eml", "not-from-desk.eml", "could-not-read.eml", "unrelated.eml"} {
		m := readTestReply(t, f)
		m.Received = sent.Add(time.Hour)
		src.msgs = append(src.msgs, m)
	}
	now := func() time.Time { return sent.Add(72 * time.Hour) }
	found, err := Look(context.Background(), ob, src, provider.Default(), now)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 2 || found[0].ID != r1.ID || found[1].ID != r4.ID {
		t.Fatalf("found %+v, want %s and %s", found, r1.ID, r4.ID)
	}
	if f := found[0]; f.Case != "1234567" || !f.ReplyDate.Equal(time.Date(2026, 12, 4, 3, 2, 9, 0, time.UTC)) || f.Problem != "" {
		t.Errorf("r1: %+v", f)
	}
	if f := found[1]; f.Case != "6600112" || f.Problem != "could not be opened" {
		t.Errorf("r4: %+v", f)
	}
	e, err := ob.Get(r1.ID)
	if err != nil || e.CaseNumber != "1234567" || e.ReplyDate.IsZero() || e.State != outbox.Sent {
		t.Fatalf("outbox record after Look: %+v %v", e, err)
	}
	// Looking again finds the same and changes nothing.
	again, err := Look(context.Background(), ob, src, provider.Default(), now)
	if err != nil || len(again) != 2 || again[0] != found[0] || again[1] != found[1] {
		t.Errorf("second look: %+v %v", again, err)
	}
}

// No report sent lately: the mailbox is not asked at all (no sign-in at every start for
// nothing). A mailbox error comes back as it is, for internal/plain to word.
func TestLookAsksOnlyWhenThereIsSomethingToFind(t *testing.T) {
	ob, err := outbox.Open(filepath.Join(t.TempDir(), "outbox"))
	if err != nil {
		t.Fatal(err)
	}
	src := &memSource{}
	if found, err := Look(context.Background(), ob, src, provider.Default(), nil); err != nil || len(found) != 0 || src.calls != 0 {
		t.Fatalf("empty outbox: %+v %v, %d searches", found, err, src.calls)
	}
	sent := time.Date(2026, 12, 4, 2, 55, 0, 0, time.UTC)
	ob.Now = func() time.Time { return sent }
	sentReport(t, ob, "False Negative: old", "<old@example.co.nz>")
	late := func() time.Time { return sent.Add(LookBack + time.Hour) }
	if _, err := Look(context.Background(), ob, src, provider.Default(), late); err != nil || src.calls != 0 {
		t.Fatalf("only an old report: %v, %d searches", err, src.calls)
	}
	boom := errors.New("mailbox: connection lost")
	src.err = boom
	if _, err := Look(context.Background(), ob, src, provider.Default(), func() time.Time { return sent }); !errors.Is(err, boom) {
		t.Fatalf("mailbox error: %v", err)
	}
}
