package plain

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/send"
)

// An unknown outcome, from the transport or the outbox, and damaged reports each get their
// plain sentence, with no path and no error text.
func TestOutcomeSentences(t *testing.T) {
	unknown := &send.Error{Kind: send.Unknown, Op: "data", Host: "smtp.example.test", Port: 587,
		Err: &send.Error{Kind: send.Canceled, Err: context.Canceled}}
	for _, err := range []error{unknown, fmt.Errorf("x: %w", outbox.ErrMaybeSent)} {
		if s := Sentence(err); s != MaybeSent {
			t.Errorf("Sentence(%v) = %q", err, s)
		}
	}
	if s := Sentence(outbox.ErrDamaged); !strings.Contains(s, "damaged") || strings.Contains(s, "outbox:") {
		t.Errorf("damaged: %q", s)
	}
	for _, d := range []outbox.Damage{outbox.DamageRecord, outbox.DamageMessage} {
		for _, sent := range []bool{false, true} {
			s := Damage(d, sent)
			if s == "" || strings.Contains(s, "/") || strings.Contains(s, ".json") || strings.Contains(s, ".eml") {
				t.Errorf("Damage(%s, %v) = %q", d, sent, s)
			}
		}
	}
	if State(outbox.Entry{State: outbox.Unknown}) != "May have been delivered" {
		t.Error("unknown state not worded")
	}
}

func TestConfirmingLine(t *testing.T) {
	s := WaitingLine(send.Waiting{Stage: send.Confirming, Host: "smtp.example.test", Limit: 10 * time.Minute})
	if !strings.HasPrefix(s, "Waiting for the server to confirm") || !strings.Contains(s, "10 minutes") {
		t.Errorf("%q", s)
	}
}
