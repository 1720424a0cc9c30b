package hours

import (
	"sort"
	"strings"
)

// Holiday is one day a calendar closes.
type Holiday struct {
	Date Date
	Name string
	// Observed marks a weekday standing in for a holiday that fell on a weekend
	// ("Mondayised"). The weekend day itself is listed too, unmarked, because a desk that
	// works Saturdays is closed on it.
	Observed bool
}

// Calendar lists the public holidays of one year, sorted by date.
type Calendar func(year int) []Holiday

// calendars maps the ids a provider profile may name to their calendars. Lower-case ISO
// country codes, so a profile can say "nz" and later "au" without a new field.
var calendars = map[string]Calendar{
	"nz": NewZealand,
}

// CalendarByID finds a holiday calendar by the id a schedule names. The empty id means
// "no holidays", for desks that never close on public holidays.
func CalendarByID(id string) (Calendar, bool) {
	id = strings.ToLower(strings.TrimSpace(id))
	if id == "" {
		return func(int) []Holiday { return nil }, true
	}
	c, ok := calendars[id]
	return c, ok
}

// HolidaysOn names the holidays that fall on d in the calendar, in calendar order, without
// repeats. Usually one; ANZAC Day and Easter Monday can share a date.
func HolidaysOn(c Calendar, d Date) []string {
	var names []string
	for _, h := range c(d.Year) {
		if h.Date == d {
			names = appendUnique(names, h.Name)
		}
	}
	return names
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func sortHolidays(hs []Holiday) {
	sort.SliceStable(hs, func(i, j int) bool { return hs[i].Date.Before(hs[j].Date) })
}
