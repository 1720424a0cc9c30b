package hours

import (
	"errors"
	"testing"
	"time"
)

// clockCases are the table for TestParseClock and the seeds for FuzzParseClock.
var clockCases = []struct {
	in   string
	want Clock // -1: refused
}{
	{"08:00", 8 * 60},
	{"8:00", 8 * 60},
	{"19:30", 19*60 + 30},
	{" 09:15 ", 9*60 + 15},
	{"00:00", 0},
	{"24:00", 24 * 60},
	{"23:59", 23*60 + 59},
	// Signs were read as numbers when the hour went through strconv.Atoi.
	{"+8:00", -1},
	{"-0:00", -1},
	{"08:+5", -1},
	{"24:01", -1},
	{"25:00", -1},
	{"08:60", -1},
	{"8:5", -1},
	{"008:00", -1},
	{"0800", -1},
	{"08:00:00", -1},
	{"8 am", -1},
	{"", -1},
	{":", -1},
	{"٠٨:٠٠", -1}, // Arabic-Indic digits
}

func TestParseClock(t *testing.T) {
	for _, c := range clockCases {
		got, err := ParseClock(c.in)
		switch {
		case c.want < 0 && !errors.Is(err, ErrClock):
			t.Errorf("ParseClock(%q) = %d, %v; want ErrClock", c.in, got, err)
		case c.want >= 0 && (err != nil || got != c.want):
			t.Errorf("ParseClock(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	if c, _ := ParseClock("19:05"); c.Hour() != 19 || c.Minute() != 5 {
		t.Errorf("19:05 is %d:%d", c.Hour(), c.Minute())
	}
}

// The schedule used its own reader, which took "+8:00" as 8 am.
func TestScheduleRefusesSignedTimes(t *testing.T) {
	for _, open := range []string{"+8:00", "-0:00"} {
		s := Schedule{Zone: "Pacific/Auckland", Days: Weekdays, Open: open, Close: "17:00", Holidays: "nz"}
		if _, err := At(s, time.Now()); !errors.Is(err, ErrSchedule) {
			t.Errorf("open %q: %v, want ErrSchedule", open, err)
		}
		if err := s.Check(); !errors.Is(err, ErrSchedule) {
			t.Errorf("Check with open %q: %v, want ErrSchedule", open, err)
		}
	}
}

func FuzzParseClock(f *testing.F) {
	for _, c := range clockCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseClock(s)
		if err != nil {
			return
		}
		if c < 0 || c > 24*60 || c.Minute() > 59 {
			t.Fatalf("ParseClock(%q) = %d", s, c)
		}
	})
}
