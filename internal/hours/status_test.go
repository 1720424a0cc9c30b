package hours

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

var smx = Schedule{Zone: "Pacific/Auckland", Days: Weekdays, Open: "08:00", Close: "19:00", Holidays: "nz"}

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// nzt builds an Auckland wall-clock time, "2026-03-13 18:59".
func nzt(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.ParseInLocation("2006-01-02 15:04", s, zone(t, "Pacific/Auckland"))
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func TestAt(t *testing.T) {
	cases := []struct {
		name     string
		at       string // Auckland wall clock
		open     bool
		next     string // Auckland wall clock of NextOpen
		closes   string
		reason   string
		holidays []string
		line     string
	}{
		{
			name: "Friday 18:59 is open", at: "2026-03-13 18:59", open: true,
			next: "2026-03-16 08:00", closes: "2026-03-13 19:00",
			line: "Support is open now (until 7:00 PM NZDT).",
		},
		{
			name: "Friday 19:00 is closed until Monday", at: "2026-03-13 19:00",
			next: "2026-03-16 08:00", closes: "2026-03-16 19:00", reason: ReasonAfterHours,
			line: "Closed — expect a reply from Monday 8:00 AM NZDT.",
		},
		{
			name: "opening minute is open", at: "2026-03-16 08:00", open: true,
			next: "2026-03-17 08:00", closes: "2026-03-16 19:00",
			line: "Support is open now (until 7:00 PM NZDT).",
		},
		{
			name: "before hours says today", at: "2026-03-16 07:59",
			next: "2026-03-16 08:00", closes: "2026-03-16 19:00", reason: ReasonBeforeHours,
			line: "Closed — expect a reply from today 8:00 AM NZDT.",
		},
		{
			name: "after hours midweek says tomorrow", at: "2026-03-17 22:15",
			next: "2026-03-18 08:00", closes: "2026-03-18 19:00", reason: ReasonAfterHours,
			line: "Closed — expect a reply from tomorrow 8:00 AM NZDT.",
		},
		{
			name: "Saturday is the weekend", at: "2026-03-14 11:00",
			next: "2026-03-16 08:00", closes: "2026-03-16 19:00", reason: ReasonWeekend,
			line: "Closed — expect a reply from Monday 8:00 AM NZDT.",
		},
		{
			name: "evening before Matariki", at: "2025-06-19 20:00",
			next: "2025-06-23 08:00", closes: "2025-06-23 19:00", reason: ReasonAfterHours,
			holidays: []string{"Matariki"},
			line:     "Closed for Matariki — expect a reply from Monday 8:00 AM NZST.",
		},
		{
			name: "on Matariki", at: "2026-07-10 10:00",
			next: "2026-07-13 08:00", closes: "2026-07-13 19:00", reason: "Matariki",
			holidays: []string{"Matariki"},
			line:     "Closed for Matariki — expect a reply from Monday 8:00 AM NZST.",
		},
		{
			// DST ends on Sunday 5 April 2026: the promise is made in NZDT, kept in NZST.
			name: "Easter across the end of DST", at: "2026-04-02 19:30",
			next: "2026-04-07 08:00", closes: "2026-04-07 19:00", reason: ReasonAfterHours,
			holidays: []string{"Good Friday", "Easter Monday"},
			line:     "Closed for Good Friday and Easter Monday — expect a reply from Tuesday 8:00 AM NZST.",
		},
		{
			// DST starts on Sunday 27 September 2026.
			name: "weekend across the start of DST", at: "2026-09-25 19:00",
			next: "2026-09-28 08:00", closes: "2026-09-28 19:00", reason: ReasonAfterHours,
			line: "Closed — expect a reply from Monday 8:00 AM NZDT.",
		},
		{
			name: "ANZAC Day on Saturday keeps Monday shut", at: "2026-04-24 19:00",
			next: "2026-04-28 08:00", closes: "2026-04-28 19:00", reason: ReasonAfterHours,
			holidays: []string{"ANZAC Day"},
			line:     "Closed for ANZAC Day — expect a reply from Tuesday 8:00 AM NZST.",
		},
		{
			name: "Waitangi Day 2027 on Saturday, seen on the day", at: "2027-02-06 12:00",
			next: "2027-02-09 08:00", closes: "2027-02-09 19:00", reason: "Waitangi Day",
			holidays: []string{"Waitangi Day"},
			line:     "Closed for Waitangi Day — expect a reply from Tuesday 8:00 AM NZDT.",
		},
		{
			// 25 Dec Friday, 26 Dec Saturday → Monday 28; 29–31 December are working days.
			name: "Christmas Eve 2026", at: "2026-12-24 19:30",
			next: "2026-12-29 08:00", closes: "2026-12-29 19:00", reason: ReasonAfterHours,
			holidays: []string{"Christmas Day", "Boxing Day"},
			line:     "Closed for Christmas Day and Boxing Day — expect a reply from Tuesday 8:00 AM NZDT.",
		},
		{
			// 1 Jan 2027 Friday, 2 Jan Saturday → Monday 4 January.
			name: "New Year's Eve 2026", at: "2026-12-31 19:30",
			next: "2027-01-05 08:00", closes: "2027-01-05 19:00", reason: ReasonAfterHours,
			holidays: []string{"New Year's Day", "Day after New Year's Day"},
			line:     "Closed for New Year's Day and Day after New Year's Day — expect a reply from Tuesday 8:00 AM NZDT.",
		},
		{
			// 25 Dec 2027 Saturday → Monday 27, Boxing Day Sunday → Tuesday 28.
			name: "Christmas Eve 2027", at: "2027-12-24 19:30",
			next: "2027-12-29 08:00", closes: "2027-12-29 19:00", reason: ReasonAfterHours,
			holidays: []string{"Christmas Day", "Boxing Day"},
			line:     "Closed for Christmas Day and Boxing Day — expect a reply from Wednesday 8:00 AM NZDT.",
		},
		{
			// 1 Jan 2028 Saturday → Monday 3, 2 Jan Sunday → Tuesday 4: a week away.
			name: "New Year's Eve 2027", at: "2027-12-31 19:30",
			next: "2028-01-05 08:00", closes: "2028-01-05 19:00", reason: ReasonAfterHours,
			holidays: []string{"New Year's Day", "Day after New Year's Day"},
			line:     "Closed for New Year's Day and Day after New Year's Day — expect a reply from Wednesday 8:00 AM NZDT.",
		},
		{
			// 25 Dec 2022 Sunday: Boxing Day Monday 26, Christmas observed Tuesday 27.
			name: "Christmas Day 2022 on Sunday", at: "2022-12-25 09:00",
			next: "2022-12-28 08:00", closes: "2022-12-28 19:00", reason: "Christmas Day",
			holidays: []string{"Christmas Day", "Boxing Day"},
			line:     "Closed for Christmas Day and Boxing Day — expect a reply from Wednesday 8:00 AM NZDT.",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, err := At(smx, nzt(t, c.at))
			if err != nil {
				t.Fatal(err)
			}
			if st.Open != c.open {
				t.Errorf("Open = %v", st.Open)
			}
			if !st.NextOpen.Equal(nzt(t, c.next)) {
				t.Errorf("NextOpen = %v, want %s", st.NextOpen, c.next)
			}
			if !st.ClosesAt.Equal(nzt(t, c.closes)) {
				t.Errorf("ClosesAt = %v, want %s", st.ClosesAt, c.closes)
			}
			if st.Reason != c.reason {
				t.Errorf("Reason = %q, want %q", st.Reason, c.reason)
			}
			if !slices.Equal(st.Holidays, c.holidays) {
				t.Errorf("Holidays = %q, want %q", st.Holidays, c.holidays)
			}
			if got := st.Line(nil); got != c.line {
				t.Errorf("Line\n got %q\nwant %q", got, c.line)
			}
			if st.Now.Location().String() != "Pacific/Auckland" {
				t.Errorf("Now in %v", st.Now.Location())
			}
		})
	}
}

// The instant decides, not the zone it is expressed in.
func TestAtAnyZone(t *testing.T) {
	at := nzt(t, "2026-03-13 18:59")
	for _, z := range []string{"UTC", "Europe/London", "America/Los_Angeles"} {
		st, err := At(smx, at.In(zone(t, z)))
		if err != nil {
			t.Fatal(err)
		}
		if !st.Open || st.Now.Location().String() != "Pacific/Auckland" || st.Now.Hour() != 18 {
			t.Errorf("%s: %+v", z, st)
		}
	}
}

func TestLineForUserElsewhere(t *testing.T) {
	cases := []struct {
		at, user, line string
	}{
		{
			// Friday 19:00 NZDT = Friday 06:00 GMT; Monday 08:00 NZDT = Sunday 19:00 GMT.
			"2026-03-13 19:00", "Europe/London",
			"Closed — expect a reply from Monday 8:00 AM NZDT (Sunday 7:00 PM your time).",
		},
		{
			"2026-03-13 18:59", "Europe/London",
			"Support is open now (until 7:00 PM NZDT, 6:00 AM your time).",
		},
		{
			// Sydney keeps daylight time too (+11): same day, two hours behind.
			"2026-03-13 19:00", "Australia/Sydney",
			"Closed — expect a reply from Monday 8:00 AM NZDT (6:00 AM your time).",
		},
		{
			// After NZ leaves DST, a Sunday-evening opening in Los Angeles.
			"2026-06-19 19:00", "America/Los_Angeles",
			"Closed — expect a reply from Monday 8:00 AM NZST (Sunday 1:00 PM your time).",
		},
		{
			// Monday 07:00 NZDT is Sunday 18:00 in London: the opening is today there too.
			"2026-03-16 07:00", "Europe/London",
			"Closed — expect a reply from today 8:00 AM NZDT (today 7:00 PM your time).",
		},
		{"2026-03-13 19:00", "Pacific/Auckland", "Closed — expect a reply from Monday 8:00 AM NZDT."},
		// McMurdo keeps New Zealand time: no "your time".
		{"2026-03-13 19:00", "Antarctica/McMurdo", "Closed — expect a reply from Monday 8:00 AM NZDT."},
	}
	for _, c := range cases {
		st, err := At(smx, nzt(t, c.at))
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Line(zone(t, c.user)); got != c.line {
			t.Errorf("%s in %s\n got %q\nwant %q", c.at, c.user, got, c.line)
		}
	}
}

func TestPhraseBeyondAWeek(t *testing.T) {
	mondays := Schedule{Zone: "Pacific/Auckland", Days: []time.Weekday{time.Monday}, Open: "09:30", Close: "17:00"}
	st, err := At(mondays, nzt(t, "2026-03-16 17:30"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Closed — expect a reply from Monday 23 March 9:30 AM NZDT."; st.Line(nil) != want {
		t.Errorf("got %q, want %q", st.Line(nil), want)
	}
}

func TestNoHolidayCalendar(t *testing.T) {
	s := smx
	s.Holidays = ""
	st, err := At(s, nzt(t, "2026-12-25 10:00"))
	if err != nil {
		t.Fatal(err)
	}
	if !st.Open {
		t.Errorf("without a calendar Christmas is a working day: %+v", st)
	}
}

func TestScheduleErrors(t *testing.T) {
	cases := []struct {
		field string
		mod   func(*Schedule)
	}{
		{"Zone", func(s *Schedule) { s.Zone = "" }},
		{"Zone", func(s *Schedule) { s.Zone = "Middle/Earth" }},
		{"Days", func(s *Schedule) { s.Days = nil }},
		{"Days", func(s *Schedule) { s.Days = []time.Weekday{9} }},
		{"Open", func(s *Schedule) { s.Open = "8am" }},
		{"Open", func(s *Schedule) { s.Open = "25:00" }},
		{"Close", func(s *Schedule) { s.Close = "07:00" }},
		{"Close", func(s *Schedule) { s.Close = "08:00" }},
		{"Holidays", func(s *Schedule) { s.Holidays = "atlantis" }},
	}
	for _, c := range cases {
		s := smx
		s.Days = slices.Clone(smx.Days)
		c.mod(&s)
		_, err := At(s, time.Now())
		var se *ScheduleError
		if !errors.As(err, &se) || se.Field != c.field || !errors.Is(err, ErrSchedule) {
			t.Errorf("%+v: err = %v, want a %s ScheduleError", s, err, c.field)
		}
	}
	s := smx
	s.Close = "24:00"
	if _, err := At(s, time.Now()); err != nil {
		t.Errorf("24:00 close: %v", err)
	}
}

// Checks every answer against a brute-force walk over the hours, for instants spread over
// several years of holidays and DST changes.
func TestAtAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	nz := zone(t, "Pacific/Auckland")
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, nz).Unix()
	end := time.Date(2031, 1, 1, 0, 0, 0, 0, nz).Unix()
	closed := map[Date]bool{}
	for year := 2024; year <= 2031; year++ {
		for _, h := range NewZealand(year) {
			closed[h.Date] = true
		}
	}
	isOpen := func(tm time.Time) bool {
		tm = tm.In(nz)
		day := DateOf(tm)
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday || closed[day] {
			return false
		}
		mins := tm.Hour()*60 + tm.Minute()
		return mins >= 8*60 && mins < 19*60
	}
	for i := 0; i < 3000; i++ {
		at := time.Unix(start+rng.Int64N(end-start), 0)
		st, err := At(smx, at)
		if err != nil {
			t.Fatal(err)
		}
		if st.Open != isOpen(at) {
			t.Fatalf("%v: Open = %v", at.In(nz), st.Open)
		}
		if !st.NextOpen.After(at) || !isOpen(st.NextOpen) || isOpen(st.NextOpen.Add(-time.Minute)) {
			t.Fatalf("%v: NextOpen %v is not an opening", at.In(nz), st.NextOpen)
		}
		if h, m, _ := st.NextOpen.Clock(); h != 8 || m != 0 {
			t.Fatalf("%v: NextOpen %v not at 08:00", at.In(nz), st.NextOpen)
		}
		// No opening was skipped: walk forward in 30-minute steps.
		from := at
		if st.Open {
			from = st.ClosesAt
		}
		for x := from.Truncate(30 * time.Minute).Add(30 * time.Minute); x.Before(st.NextOpen); x = x.Add(30 * time.Minute) {
			if isOpen(x) {
				t.Fatalf("%v: open at %v, before NextOpen %v", at.In(nz), x.In(nz), st.NextOpen)
			}
		}
		if st.Open && (!isOpen(st.ClosesAt.Add(-time.Minute)) || isOpen(st.ClosesAt)) {
			t.Fatalf("%v: ClosesAt %v wrong", at.In(nz), st.ClosesAt)
		}
	}
}
