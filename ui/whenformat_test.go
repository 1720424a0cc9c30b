package ui

import (
	"testing"
	"time"
)

// TestFormatWhenFollowsTheRegion: one format everywhere, in the order and clock of the
// user's region.
func TestFormatWhenFollowsTheRegion(t *testing.T) {
	at := time.Date(2026, 11, 9, 15, 42, 0, 0, time.UTC)
	for _, c := range []struct{ region, want string }{
		{"US", "Nov 9, 2026, 3:42 PM"},
		{"NZ", "9 Nov 2026, 3:42 PM"},
		{"GB", "9 Nov 2026, 15:42"},
		{"DE", "9 Nov 2026, 15:42"},
		{"", "9 Nov 2026, 15:42"},
	} {
		if got := formatWhenFor(at, c.region); got != c.want {
			t.Errorf("region %q: %q, want %q", c.region, got, c.want)
		}
	}
	if got, want := formatWhenText(at.Format(time.RFC3339)), formatWhen(at); got != want {
		t.Errorf("a date from the check reads %q, the same instant elsewhere %q", got, want)
	}
	if got := formatWhenText("not a date"); got != "not a date" {
		t.Errorf("unreadable date shown as %q", got)
	}
}

// A rejection notice quotes the original's Date header as it was written; the card shows it
// in the one format like every other date.
func TestFormatWhenTextReadsADateHeader(t *testing.T) {
	got := formatWhenText("Thu, 29 Apr 2008 23:34:45 -0800 (PST)")
	want := formatWhen(time.Date(2008, 4, 30, 7, 34, 45, 0, time.UTC))
	if got != want {
		t.Errorf("formatWhenText(Date header) = %q, want %q", got, want)
	}
	if got := formatWhenText("sometime last week"); got != "sometime last week" {
		t.Errorf("text that is no date changed: %q", got)
	}
}
