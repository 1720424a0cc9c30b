package hours

import (
	"errors"
	"time"
)

// Reasons the desk is closed, besides a holiday's own name.
const (
	ReasonWeekend     = "weekend"      // today is not a working day
	ReasonBeforeHours = "before hours" // a working day, not open yet
	ReasonAfterHours  = "after hours"  // a working day, already closed
)

// ErrNeverOpens means the schedule has no opening within a year, which only a broken
// calendar could cause; it is reported rather than looping for ever.
var ErrNeverOpens = errors.New("the support desk has no opening time in the coming year")

// searchDays bounds the look-ahead: the longest real closure (Christmas to the Mondayised
// 2 January) is under two weeks.
const searchDays = 400

// Status is the desk's state at one instant.
type Status struct {
	Open bool
	// Now is the instant asked about, in the desk's zone.
	Now time.Time
	// NextOpen is the next opening after Now. While open it is the opening after the current
	// day's close, so "if you send after ClosesAt" can be answered too.
	NextOpen time.Time
	// ClosesAt is when the current period ends while open; while closed, the close of the
	// NextOpen day.
	ClosesAt time.Time
	// Reason is why the desk is closed: a holiday's name, ReasonWeekend, ReasonBeforeHours
	// or ReasonAfterHours. Empty while open.
	Reason string
	// Holidays names the holidays between Now and NextOpen that keep the desk shut on a day
	// it would otherwise work (today's included), so the line can say why the reply is
	// later than the user expects: Thursday night before Easter gives
	// ["Good Friday", "Easter Monday"].
	Holidays []string
}

// At works out the desk's state at t.
func At(s Schedule, t time.Time) (Status, error) {
	c, err := s.compile()
	if err != nil {
		return Status{}, err
	}
	now := t.In(c.loc)
	today := DateOf(now)
	st := Status{Now: now}

	if c.workday(today) {
		open, closing := c.window(today)
		if !now.Before(open) && now.Before(closing) {
			st.Open = true
			st.ClosesAt = closing
			next, _, ok := c.nextOpening(closing)
			if !ok {
				return Status{}, ErrNeverOpens
			}
			st.NextOpen = next
			return st, nil
		}
	}

	next, closing, ok := c.nextOpening(now)
	if !ok {
		return Status{}, ErrNeverOpens
	}
	st.NextOpen, st.ClosesAt = next, closing
	st.Holidays = c.holidaysBetween(today, DateOf(next))
	switch names := HolidaysOn(c.cal, today); {
	case len(names) > 0:
		st.Reason = joinNames(names)
	case !c.days[today.Weekday()]:
		st.Reason = ReasonWeekend
	default:
		if open, _ := c.window(today); now.Before(open) {
			st.Reason = ReasonBeforeHours
		} else {
			st.Reason = ReasonAfterHours
		}
	}
	return st, nil
}

// nextOpening is the first opening at or after t, with that day's closing.
func (c *compiled) nextOpening(t time.Time) (open, closing time.Time, ok bool) {
	day := DateOf(t.In(c.loc))
	for i := 0; i < searchDays; i++ {
		d := day.AddDays(i)
		if !c.workday(d) {
			continue
		}
		o, cl := c.window(d)
		if !o.Before(t) {
			return o, cl, true
		}
	}
	return time.Time{}, time.Time{}, false
}

// holidaysBetween names the holidays from `from` up to (not including) `until` that fall on
// working days, plus any on `from` itself, which the user is living through.
func (c *compiled) holidaysBetween(from, until Date) []string {
	var names []string
	for d := from; d.Before(until); d = d.AddDays(1) {
		if d != from && !c.days[d.Weekday()] {
			continue
		}
		for _, n := range HolidaysOn(c.cal, d) {
			names = appendUnique(names, n)
		}
	}
	return names
}
