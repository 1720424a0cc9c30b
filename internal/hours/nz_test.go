package hours

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func d(s string) Date {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return DateOf(t)
}

func TestEaster(t *testing.T) {
	// Published Easter Sundays, including the extremes the algorithm must reach
	// (22 March, 25 April).
	for _, want := range []string{
		"1818-03-22", "1943-04-25", "2000-04-23", "2008-03-23", "2011-04-24", "2019-04-21",
		"2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28", "2028-04-16", "2029-04-01",
		"2030-04-21", "2038-04-25", "2285-03-22",
	} {
		got := Easter(d(want).Year)
		if got.String() != want {
			t.Errorf("Easter(%d) = %s, want %s", d(want).Year, got, want)
		}
		if got.Weekday() != time.Sunday {
			t.Errorf("Easter(%d) = %s is a %s", got.Year, got, got.Weekday())
		}
	}
}

// daysOff lists the dates a Monday–Friday desk is closed, as in the government's published
// holiday tables.
func daysOff(year int) []string {
	var out []string
	for _, h := range NewZealand(year) {
		if wd := h.Date.Weekday(); wd != time.Saturday && wd != time.Sunday {
			out = append(out, h.Date.String()+" "+h.Name)
		}
	}
	return out
}

func TestNewZealandYears(t *testing.T) {
	want := map[int][]string{
		2024: {
			"2024-01-01 New Year's Day", "2024-01-02 Day after New Year's Day",
			"2024-02-06 Waitangi Day", "2024-03-29 Good Friday", "2024-04-01 Easter Monday",
			"2024-04-25 ANZAC Day", "2024-06-03 King's Birthday", "2024-06-28 Matariki",
			"2024-10-28 Labour Day", "2024-12-25 Christmas Day", "2024-12-26 Boxing Day",
		},
		2025: {
			"2025-01-01 New Year's Day", "2025-01-02 Day after New Year's Day",
			"2025-02-06 Waitangi Day", "2025-04-18 Good Friday", "2025-04-21 Easter Monday",
			"2025-04-25 ANZAC Day", "2025-06-02 King's Birthday", "2025-06-20 Matariki",
			"2025-10-27 Labour Day", "2025-12-25 Christmas Day", "2025-12-26 Boxing Day",
		},
		2026: { // ANZAC Day on a Saturday; Boxing Day on a Saturday
			"2026-01-01 New Year's Day", "2026-01-02 Day after New Year's Day",
			"2026-02-06 Waitangi Day", "2026-04-03 Good Friday", "2026-04-06 Easter Monday",
			"2026-04-27 ANZAC Day", "2026-06-01 King's Birthday", "2026-07-10 Matariki",
			"2026-10-26 Labour Day", "2026-12-25 Christmas Day", "2026-12-28 Boxing Day",
		},
		2027: { // 2 Jan, Waitangi, ANZAC, Christmas and Boxing Day all on weekends
			"2027-01-01 New Year's Day", "2027-01-04 Day after New Year's Day",
			"2027-02-08 Waitangi Day", "2027-03-26 Good Friday", "2027-03-29 Easter Monday",
			"2027-04-26 ANZAC Day", "2027-06-07 King's Birthday", "2027-06-25 Matariki",
			"2027-10-25 Labour Day", "2027-12-27 Christmas Day", "2027-12-28 Boxing Day",
		},
		2028: { // 1 and 2 January on the weekend; Waitangi Day on a Sunday
			"2028-01-03 New Year's Day", "2028-01-04 Day after New Year's Day",
			"2028-02-07 Waitangi Day", "2028-04-14 Good Friday", "2028-04-17 Easter Monday",
			"2028-04-25 ANZAC Day", "2028-06-05 King's Birthday", "2028-07-14 Matariki",
			"2028-10-23 Labour Day", "2028-12-25 Christmas Day", "2028-12-26 Boxing Day",
		},
		2029: {
			"2029-01-01 New Year's Day", "2029-01-02 Day after New Year's Day",
			"2029-02-06 Waitangi Day", "2029-03-30 Good Friday", "2029-04-02 Easter Monday",
			"2029-04-25 ANZAC Day", "2029-06-04 King's Birthday", "2029-07-06 Matariki",
			"2029-10-22 Labour Day", "2029-12-25 Christmas Day", "2029-12-26 Boxing Day",
		},
		2030: {
			"2030-01-01 New Year's Day", "2030-01-02 Day after New Year's Day",
			"2030-02-06 Waitangi Day", "2030-04-19 Good Friday", "2030-04-22 Easter Monday",
			"2030-04-25 ANZAC Day", "2030-06-03 King's Birthday", "2030-06-21 Matariki",
			"2030-10-28 Labour Day", "2030-12-25 Christmas Day", "2030-12-26 Boxing Day",
		},
	}
	for year, w := range want {
		if got := daysOff(year); !slices.Equal(got, w) {
			t.Errorf("%d:\n got %s\nwant %s", year, strings.Join(got, "; "), strings.Join(w, "; "))
		}
	}
}

func TestNewZealandSorted(t *testing.T) {
	for year := 2000; year <= 2060; year++ {
		hs := NewZealand(year)
		for i := 1; i < len(hs); i++ {
			if hs[i].Date.Before(hs[i-1].Date) {
				t.Fatalf("%d: %v before %v", year, hs[i], hs[i-1])
			}
		}
		for _, h := range hs {
			if h.Date.Year != year {
				t.Errorf("%d lists %v from another year", year, h)
			}
			if h.Observed && (h.Date.Weekday() == time.Saturday || h.Date.Weekday() == time.Sunday) {
				t.Errorf("%d: observed day %v on a weekend", year, h)
			}
		}
	}
}

// Past Mondayised days, as published, cover the rules in every arrangement of the pairs.
func TestMondayisationHistory(t *testing.T) {
	cases := []struct {
		name  string
		dates []string
	}{
		{"New Year's Day", []string{"2005-01-03", "2006-01-03", "2011-01-03", "2012-01-03", "2017-01-03"}},
		{"Day after New Year's Day", []string{"2010-01-04", "2011-01-04", "2016-01-04", "2021-01-04", "2022-01-04"}},
		{"Christmas Day", []string{"2004-12-27", "2005-12-27", "2010-12-27", "2011-12-27", "2016-12-27", "2021-12-27", "2022-12-27"}},
		{"Boxing Day", []string{"2004-12-28", "2009-12-28", "2010-12-28", "2015-12-28", "2020-12-28", "2021-12-28"}},
		{"Waitangi Day", []string{"2016-02-08", "2021-02-08", "2022-02-07"}},
		{"ANZAC Day", []string{"2015-04-27", "2020-04-27", "2021-04-26"}},
	}
	for _, c := range cases {
		for _, s := range c.dates {
			day := d(s)
			found := false
			for _, h := range NewZealand(day.Year) {
				if h.Date == day && h.Name == c.name && h.Observed {
					found = true
				}
			}
			if !found {
				t.Errorf("%s not observed on %s", c.name, s)
			}
		}
	}
}

func TestNoMondayisationBefore2014(t *testing.T) {
	// Waitangi Day 2010 and ANZAC Day 2010 fell on a Saturday and a Sunday and stayed there.
	for _, h := range NewZealand(2010) {
		if h.Observed && (h.Name == "Waitangi Day" || h.Name == "ANZAC Day") {
			t.Errorf("2010 has %v", h)
		}
	}
}

func TestLabourAndSovereign(t *testing.T) {
	labour := []string{
		"2001-10-22", "2002-10-28", "2003-10-27", "2004-10-25", "2005-10-24", "2006-10-23",
		"2007-10-22", "2008-10-27", "2009-10-26", "2010-10-25", "2011-10-24", "2012-10-22",
		"2013-10-28", "2014-10-27", "2015-10-26", "2016-10-24", "2017-10-23", "2018-10-22",
		"2019-10-28", "2020-10-26", "2021-10-25", "2022-10-24", "2026-10-26",
	}
	for _, s := range labour {
		if got := HolidaysOn(NewZealand, d(s)); !slices.Equal(got, []string{"Labour Day"}) {
			t.Errorf("%s: %v", s, got)
		}
	}
	if got := HolidaysOn(NewZealand, d("2022-06-06")); !slices.Equal(got, []string{"Queen's Birthday"}) {
		t.Errorf("2022-06-06: %v", got)
	}
	if got := HolidaysOn(NewZealand, d("2023-06-05")); !slices.Equal(got, []string{"King's Birthday"}) {
		t.Errorf("2023-06-05: %v", got)
	}
}

func TestSharedDate(t *testing.T) {
	// Easter Sunday is 25 April 2038, so ANZAC Day is Mondayised onto Easter Monday.
	got := HolidaysOn(NewZealand, d("2038-04-26"))
	if !slices.Equal(got, []string{"Easter Monday", "ANZAC Day"}) {
		t.Errorf("2038-04-26: %v", got)
	}
}

func TestMatariki(t *testing.T) {
	for _, s := range []string{"2022-06-24", "2025-06-20", "2026-07-10", "2027-06-25", "2041-07-19", "2052-06-21"} {
		if got, ok := Matariki(d(s).Year); !ok || got != d(s) {
			t.Errorf("Matariki(%d) = %v, %v; want %s", d(s).Year, got, ok, s)
		}
	}
	// The Act sets every date on a Friday, one a year, 2022 to 2052.
	n := 0
	for year := 2000; year <= 2100; year++ {
		got, ok := Matariki(year)
		if ok != (year >= 2022 && year <= 2052) {
			t.Errorf("Matariki(%d) known = %v", year, ok)
		}
		if !ok {
			continue
		}
		n++
		if got.Weekday() != time.Friday || got.Year != year || (got.Month != time.June && got.Month != time.July) {
			t.Errorf("Matariki(%d) = %v (%s)", year, got, got.Weekday())
		}
	}
	if n != 31 {
		t.Errorf("%d Matariki dates, want 31", n)
	}
	for _, h := range NewZealand(2053) {
		if h.Name == "Matariki" {
			t.Errorf("2053 has an unlegislated Matariki: %v", h)
		}
	}
}

func TestCalendarByID(t *testing.T) {
	if _, ok := CalendarByID("NZ"); !ok {
		t.Error("NZ not found")
	}
	if c, ok := CalendarByID(""); !ok || len(c(2026)) != 0 {
		t.Error("empty id should be a calendar with no holidays")
	}
	if _, ok := CalendarByID("atlantis"); ok {
		t.Error("unknown calendar found")
	}
}
