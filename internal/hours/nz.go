package hours

import "time"

// NewZealand lists New Zealand's nationwide public holidays for year as a Monday-to-Friday
// worker observes them (Holidays Act 2003, as amended).
//
// Regional anniversary days (Auckland, Wellington, Canterbury, …) are deliberately left out:
// they are not statutory nationwide, and a desk in one region still answers customers from
// all the others. A provider that closes on its own anniversary day would need its own
// calendar.
func NewZealand(year int) []Holiday {
	var hs []Holiday
	add := func(d Date, name string) { hs = append(hs, Holiday{Date: d, Name: name}) }
	observe := func(d Date, name string) { hs = append(hs, Holiday{Date: d, Name: name, Observed: true}) }

	// New Year and Christmas come in pairs of days. When either day of a pair lands on a
	// weekend the next weekday not already a holiday takes its place, which always works
	// out at two days later (Sat→Mon, Sun→Tue).
	pair := func(first Date, firstName, secondName string) {
		second := first.AddDays(1)
		add(first, firstName)
		add(second, secondName)
		for _, p := range []struct {
			d    Date
			name string
		}{{first, firstName}, {second, secondName}} {
			if wd := p.d.Weekday(); wd == time.Saturday || wd == time.Sunday {
				observe(p.d.AddDays(2), p.name)
			}
		}
	}
	// Waitangi Day and ANZAC Day move to Monday only from 2014, when the Holidays (Full
	// Recognition of Waitangi Day and ANZAC Day) Amendment Act 2013 took effect.
	single := func(d Date, name string) {
		add(d, name)
		if year < 2014 {
			return
		}
		switch d.Weekday() {
		case time.Saturday:
			observe(d.AddDays(2), name)
		case time.Sunday:
			observe(d.AddDays(1), name)
		}
	}

	pair(Date{year, time.January, 1}, "New Year's Day", "Day after New Year's Day")
	single(Date{year, time.February, 6}, "Waitangi Day")
	easter := Easter(year)
	add(easter.AddDays(-2), "Good Friday")
	add(easter.AddDays(1), "Easter Monday")
	single(Date{year, time.April, 25}, "ANZAC Day")
	sovereign := "King's Birthday"
	if year < 2023 {
		sovereign = "Queen's Birthday"
	}
	add(nthWeekday(year, time.June, time.Monday, 1), sovereign)
	if d, ok := Matariki(year); ok {
		add(d, "Matariki")
	}
	add(nthWeekday(year, time.October, time.Monday, 4), "Labour Day")
	pair(Date{year, time.December, 25}, "Christmas Day", "Boxing Day")

	sortHolidays(hs)
	return hs
}

// nthWeekday is the n-th given weekday of a month (n from 1).
func nthWeekday(year int, month time.Month, wd time.Weekday, n int) Date {
	first := Date{year, month, 1}
	offset := (int(wd) - int(first.Weekday()) + 7) % 7
	return first.AddDays(offset + 7*(n-1))
}

// Easter is Easter Sunday in the Gregorian calendar, by the Anonymous Gregorian algorithm
// (Meeus/Jones/Butcher), valid for every Gregorian year.
func Easter(year int) Date {
	a := year % 19
	b := year / 100
	c := year % 100
	d := b / 4
	e := b % 4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i := c / 4
	k := c % 4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	n := h + l - 7*m + 114
	return Date{year, time.Month(n / 31), n%31 + 1}
}
