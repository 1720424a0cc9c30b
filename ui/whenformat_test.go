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
