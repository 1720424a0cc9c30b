package hours

import (
	"fmt"
	"time"
)

// Date is a calendar day with no time and no zone. Holidays are days, not instants: "25 April"
// is ANZAC Day in Auckland whatever instant a user in London is looking at, so calendars work
// in Dates and only the schedule turns them into instants in its own zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf is the calendar day t falls on in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// civil anchors a Date at noon UTC, where adding days can never meet a DST change.
func (d Date) civil() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
}

// AddDays moves the date by n days, across month and year ends.
func (d Date) AddDays(n int) Date {
	return DateOf(d.civil().AddDate(0, 0, n))
}

// Weekday is the day of the week the date falls on.
func (d Date) Weekday() time.Weekday { return d.civil().Weekday() }

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.civil().Before(e.civil()) }

// DaysUntil counts whole days from d to e (negative when e is earlier).
func (d Date) DaysUntil(e Date) int {
	return int(e.civil().Sub(d.civil()).Hours() / 24)
}

// At is the instant of the given wall-clock time on this day in loc. A wall time skipped by a
// DST change comes out shifted forward, as time.Date normalises it.
func (d Date) At(hour, minute int, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, loc)
}

// String is the ISO form, 2006-01-02, which the tests and logs read.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}
