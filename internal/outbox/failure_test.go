package outbox_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/send"
)

// TestFailureKeptAsFacts: what the server and the transport said survives on disk, whole, so
// that the sentence can be made when the report is shown; a later success clears it.
func TestFailureKeptAsFacts(t *testing.T) {
	o, _ := open(t)
	e := add(t, o)
	sendErr := &send.Error{Kind: send.TooLarge, Op: "mail", Host: "smtp.example.co.nz", Port: 587, Code: 552, Enhanced: "5.3.4",
		Reply: "Message too big", Limit: 10 << 20, Size: 25 << 20, Waited: 3 * time.Second}
	if _, err := o.Deliver(context.Background(), e.ID, sendFunc(func(context.Context, string, []string, []byte, func(int64, int64)) error {
		return sendErr
	}), send.Hooks{}); !errors.Is(err, sendErr) {
		t.Fatal(err)
	}
	got, err := o.Get(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := outbox.Failure{Kind: send.TooLarge, Op: "mail", Host: "smtp.example.co.nz", Port: 587, Code: 552, Enhanced: "5.3.4",
		Reply: "Message too big", Limit: 10 << 20, Size: 25 << 20, Waited: 3 * time.Second}
	if got.LastFailure == nil || *got.LastFailure != want || got.LastError != "" {
		t.Fatalf("stored %+v, sentence %q", got.LastFailure, got.LastError)
	}
	var back *send.Error
	if !errors.As(got.LastFailure.Err(), &back) || back.Kind != send.TooLarge || back.Limit != 10<<20 || back.Reply != "Message too big" {
		t.Errorf("Err() = %+v", back)
	}

	// An error that is not the transport's is still a failure, of no kind.
	if err := o.Retry(e.ID, t0); err != nil {
		t.Fatal(err)
	}
	got, _ = o.Deliver(context.Background(), e.ID, sendFunc(func(context.Context, string, []string, []byte, func(int64, int64)) error {
		return errors.New("disk on fire")
	}), send.Hooks{})
	if f := got.LastFailure; f == nil || f.Kind != "" || !f.Temporary || got.State != outbox.Queued {
		t.Errorf("plain error stored as %+v (%s)", f, got.State)
	}

	if err := o.Retry(e.ID, t0); err != nil {
		t.Fatal(err)
	}
	got, err = o.Deliver(context.Background(), e.ID, sendFunc(func(context.Context, string, []string, []byte, func(int64, int64)) error { return nil }), send.Hooks{})
	if err != nil || got.LastFailure != nil || got.LastErrorKind != "" {
		t.Errorf("sent, still with a failure: %+v %v", got, err)
	}
}
