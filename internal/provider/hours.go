package provider

import (
	"fmt"
	"strings"
	"time"

	"github.com/reportmail/reportmail/internal/hours"
)

// Hours is when the desk answers.
type Hours struct {
	Zone  string   `json:"zone"`  // IANA name: "Pacific/Auckland"
	Days  []string `json:"days"`  // "Mon" … "Sun"
	Open  string   `json:"open"`  // "08:00", in Zone
	Close string   `json:"close"` // "19:00", in Zone
	// Holidays names the country whose public holidays the desk is closed on ("nz"), or is
	// empty when it works through them.
	Holidays string `json:"holidays,omitempty"`
}

var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// Location loads Zone. The zone data is built in, so this fails only for a wrong name.
func (h Hours) Location() (*time.Location, error) {
	if h.Zone == "" {
		return nil, fmt.Errorf("no time zone")
	}
	return time.LoadLocation(h.Zone)
}

// Schedule is these hours for the hours package, which knows public holidays and answers
// "is the desk open now, and if not, when?". Unknown day names are left out (validation
// reports them when a profile is loaded).
func (h Hours) Schedule() hours.Schedule {
	s := hours.Schedule{Zone: h.Zone, Open: h.Open, Close: h.Close, Holidays: h.Holidays}
	for _, d := range h.Days {
		if wd, ok := weekdays[strings.ToLower(d)]; ok {
			s.Days = append(s.Days, wd)
		}
	}
	return s
}

// Describe says the hours in plain words: "Monday to Friday, 8 am to 7 pm New Zealand time,
// except public holidays in New Zealand".
func (h Hours) Describe() string {
	_, open, close, err := h.parsed()
	if err != nil {
		return ""
	}
	s := fmt.Sprintf("%s, %s to %s %s", h.describeDays(), clock(open), clock(close), zoneName(h.Zone))
	if h.Holidays != "" {
		s += ", except public holidays in " + countryName(h.Holidays)
	}
	return s
}

func (h Hours) parsed() (loc *time.Location, open, close int, err error) {
	if loc, err = h.Location(); err != nil {
		return
	}
	if open, err = minutes(h.Open); err != nil {
		return
	}
	close, err = minutes(h.Close)
	return
}

// minutes reads "HH:MM" the one way the hours package does, as minutes after midnight.
func minutes(s string) (int, error) {
	c, err := hours.ParseClock(s)
	if err != nil {
		return 0, fmt.Errorf("%q is %w", s, err)
	}
	return int(c), nil
}

func clock(m int) string {
	h, mm := m/60, m%60
	suffix := "am"
	if h >= 12 && h < 24 {
		suffix = "pm"
	}
	switch {
	case h == 0 || h == 24:
		if mm == 0 {
			return "midnight"
		}
		h = 12
	case h > 12:
		h -= 12
	}
	if mm == 0 {
		return fmt.Sprintf("%d %s", h, suffix)
	}
	return fmt.Sprintf("%d:%02d %s", h, mm, suffix)
}

var dayNames = [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

// describeDays prefers a range ("Monday to Friday") and falls back to a list.
func (h Hours) describeDays() string {
	var on [7]bool
	n := 0
	for _, d := range h.Days {
		if wd, ok := weekdays[strings.ToLower(d)]; ok && !on[wd] {
			on[wd] = true
			n++
		}
	}
	if n == 7 {
		return "Every day"
	}
	// Look for one unbroken run in the Monday-first week.
	order := []time.Weekday{1, 2, 3, 4, 5, 6, 0}
	var names []string
	first, last, runs, prev := -1, -1, 0, false
	for i, wd := range order {
		if on[wd] {
			names = append(names, dayNames[wd])
			if !prev {
				runs++
				first = i
			}
			last = i
		}
		prev = on[wd]
	}
	switch {
	case n == 0:
		return "No days"
	case runs == 1 && n >= 3:
		return dayNames[order[first]] + " to " + dayNames[order[last]]
	case n == 1:
		return names[0]
	}
	return strings.Join(names[:n-1], ", ") + " and " + names[n-1]
}

// zoneName gives the zones desks in this region use a name people recognise.
func zoneName(zone string) string {
	switch zone {
	case "Pacific/Auckland", "NZ":
		return "New Zealand time"
	case "Australia/Sydney", "Australia/Melbourne", "Australia/Canberra":
		return "Sydney time"
	case "Australia/Brisbane":
		return "Brisbane time"
	case "Australia/Perth":
		return "Perth time"
	case "UTC", "Etc/UTC":
		return "UTC"
	}
	if i := strings.LastIndexByte(zone, '/'); i >= 0 {
		return strings.ReplaceAll(zone[i+1:], "_", " ") + " time"
	}
	return zone + " time"
}

// countryName names the countries whose calendars the hours package has.
func countryName(code string) string {
	switch strings.ToLower(code) {
	case "nz":
		return "New Zealand"
	}
	return strings.ToUpper(code)
}
