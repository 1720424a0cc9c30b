// Package hours answers "is the support desk open now, and if not, when?" from a provider's
// schedule and its public holiday calendar, and words the answer for the UI.
package hours

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	// Windows (and slim containers) ship no zoneinfo; without this Pacific/Auckland would
	// not load there and the desk's hours could not be worked out at all.
	_ "time/tzdata"
)

// Schedule is a desk's regular hours: the same opening and closing time on each working
// day, closed on the holidays of one calendar.
type Schedule struct {
	Zone     string         // IANA zone the hours are kept in, e.g. "Pacific/Auckland"
	Days     []time.Weekday // working days
	Open     string         // "08:00", 24-hour clock, in Zone
	Close    string         // "19:00"; must be later than Open on the same day
	Holidays string         // calendar id ("nz"); empty for none
}

// Weekdays is Monday to Friday, the common case.
var Weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}

// ErrSchedule is wrapped by every *ScheduleError, for callers that only need to know the
// profile's hours are unusable.
var ErrSchedule = errors.New("the support hours in the provider profile cannot be used")

// ScheduleError says which part of a schedule is wrong, so a profile author can fix it.
type ScheduleError struct {
	Field string // "Zone", "Days", "Open", "Close", "Holidays"
	Value string
	Why   string
}

func (e *ScheduleError) Error() string {
	return fmt.Sprintf("support hours: %s %q: %s", e.Field, e.Value, e.Why)
}

func (e *ScheduleError) Unwrap() error { return ErrSchedule }

// compiled is a Schedule checked once and ready to answer questions.
type compiled struct {
	loc         *time.Location
	days        [7]bool
	open, close Clock
	cal         Calendar
	anyWorkDays bool
}

func (s Schedule) compile() (*compiled, error) {
	c := &compiled{}
	if strings.TrimSpace(s.Zone) == "" {
		return nil, &ScheduleError{"Zone", s.Zone, "no time zone given"}
	}
	loc, err := time.LoadLocation(s.Zone)
	if err != nil {
		return nil, &ScheduleError{"Zone", s.Zone, "not a known time zone"}
	}
	c.loc = loc
	for _, d := range s.Days {
		if d < time.Sunday || d > time.Saturday {
			return nil, &ScheduleError{"Days", strconv.Itoa(int(d)), "not a day of the week"}
		}
		c.days[d] = true
		c.anyWorkDays = true
	}
	if !c.anyWorkDays {
		return nil, &ScheduleError{"Days", "", "no working days"}
	}
	if c.open, err = ParseClock(s.Open); err != nil {
		return nil, &ScheduleError{"Open", s.Open, err.Error()}
	}
	if c.close, err = ParseClock(s.Close); err != nil {
		return nil, &ScheduleError{"Close", s.Close, err.Error()}
	}
	// Desks open overnight would need windows spanning two dates; no provider we know of
	// has one, so refuse it rather than answer wrongly.
	if c.close <= c.open {
		return nil, &ScheduleError{"Close", s.Close, "must be later than the opening time"}
	}
	cal, ok := CalendarByID(s.Holidays)
	if !ok {
		return nil, &ScheduleError{"Holidays", s.Holidays, "no such holiday calendar"}
	}
	c.cal = cal
	return c, nil
}

// workday reports whether the desk opens at all on d.
func (c *compiled) workday(d Date) bool {
	return c.days[d.Weekday()] && len(HolidaysOn(c.cal, d)) == 0
}

// window is the opening and closing instant on d. Computed per day, not as a fixed
// duration, so a DST change on that day keeps both ends on the wall clock.
func (c *compiled) window(d Date) (open, close time.Time) {
	return d.At(c.open.Hour(), c.open.Minute(), c.loc), d.At(c.close.Hour(), c.close.Minute(), c.loc)
}

// Check reports whether At can answer for s. The provider profile runs it when a profile
// loads, so a profile that loads never leaves the support screen without an answer.
func (s Schedule) Check() error {
	_, err := s.compile()
	return err
}
