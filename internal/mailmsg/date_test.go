package mailmsg

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	utc := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	type flags struct{ obs, nonstd, unknown, ambiguous, wrongDay bool }
	for _, tc := range []struct {
		in   string
		want string // RFC 3339 instant
		f    flags
	}{
		{"Tue, 3 Mar 2026 10:00:00 +0000", "2026-03-03T10:00:00Z", flags{}},
		// Pinned (issue 9): NZDT is +13:00, not UTC.
		{"Tue, 3 Mar 2026 10:00:00 NZDT", "2026-03-02T21:00:00Z", flags{obs: true, nonstd: true}},
		{"Tue, 3 Mar 2026 10:00:00 +1300 (NZDT)", "2026-03-02T21:00:00Z", flags{obs: true}},
		{"Mon, 6 Jul 2026 10:00:00 NZST", "2026-07-05T22:00:00Z", flags{obs: true, nonstd: true}},
		{"3 Mar 2026 10:00:00 AEST", "2026-03-03T00:00:00Z", flags{obs: true, nonstd: true}},
		{"3 Mar 2026 10:00:00 AEDT", "2026-03-02T23:00:00Z", flags{obs: true, nonstd: true}},
		{"3 Mar 2026 10:00:00 ACST", "2026-03-03T00:30:00Z", flags{obs: true, nonstd: true}},
		{"3 Mar 2026 10:00:00 AWST", "2026-03-03T02:00:00Z", flags{obs: true, nonstd: true}},
		{"3 Jul 2026 10:00:00 BST", "2026-07-03T09:00:00Z", flags{obs: true, nonstd: true, ambiguous: true}},
		{"3 Mar 2026 10:00:00 CET", "2026-03-03T09:00:00Z", flags{obs: true, nonstd: true}},
		{"3 Jul 2026 10:00:00 CEST", "2026-07-03T08:00:00Z", flags{obs: true, nonstd: true}},
		{"3 Mar 2026 10:00:00 IST", "2026-03-03T04:30:00Z", flags{obs: true, nonstd: true, ambiguous: true}},
		{"3 Mar 2026 10:00:00 JST", "2026-03-03T01:00:00Z", flags{obs: true, nonstd: true}},
		// RFC 5322 §4.3 zones.
		{"3 Mar 2026 10:00:00 EST", "2026-03-03T15:00:00Z", flags{obs: true}},
		{"3 Jul 2026 10:00:00 EDT", "2026-07-03T14:00:00Z", flags{obs: true}},
		{"3 Mar 2026 10:00:00 CST", "2026-03-03T16:00:00Z", flags{obs: true, ambiguous: true}},
		{"3 Jul 2026 10:00:00 CDT", "2026-07-03T15:00:00Z", flags{obs: true}},
		{"3 Mar 2026 10:00:00 MST", "2026-03-03T17:00:00Z", flags{obs: true}},
		{"3 Jul 2026 10:00:00 MDT", "2026-07-03T16:00:00Z", flags{obs: true}},
		{"3 Mar 2026 10:00:00 PST", "2026-03-03T18:00:00Z", flags{obs: true}},
		{"3 Jul 2026 10:00:00 PDT", "2026-07-03T17:00:00Z", flags{obs: true}},
		{"3 Mar 2026 10:00:00 UT", "2026-03-03T10:00:00Z", flags{obs: true}},
		{"3 Mar 2026 10:00:00 GMT", "2026-03-03T10:00:00Z", flags{obs: true}},
		{"3 Mar 2026 10:00:00 A", "2026-03-03T10:00:00Z", flags{obs: true, unknown: true}}, // military
		{"3 Mar 2026 10:00:00 -0000", "2026-03-03T10:00:00Z", flags{unknown: true}},
		// Two- and three-digit years, missing seconds, missing or wrong day of week.
		{"3 Mar 26 10:00:00 +0100", "2026-03-03T09:00:00Z", flags{obs: true}},
		{"3 Mar 99 10:00:00 +0000", "1999-03-03T10:00:00Z", flags{obs: true}},
		{"3 Mar 126 10:00:00 +0000", "2026-03-03T10:00:00Z", flags{obs: true}},
		{"Tue, 3 Mar 2026 10:00 +0000", "2026-03-03T10:00:00Z", flags{}},
		{"Fri, 3 Mar 2026 10:00:00 +0000", "2026-03-03T10:00:00Z", flags{wrongDay: true}},
		// Comments and extra white space.
		{"  Tue,  3   Mar 2026\r\n 10:00:00   +0200 (EET)  ", "2026-03-03T08:00:00Z", flags{obs: true}},
		// Not RFC 5322 at all.
		{"Tuesday, March 3, 2026 10:00:00 AM +0000", "2026-03-03T10:00:00Z", flags{nonstd: true}},
		{"2026-03-03T10:00:00+01:00", "2026-03-03T09:00:00Z", flags{nonstd: true}},
		{"Tue Mar  3 10:00:00 2026", "2026-03-03T10:00:00Z", flags{nonstd: true, unknown: true}},
		{"3 Mar 2026 10:00:00 GMT+0100", "2026-03-03T09:00:00Z", flags{nonstd: true}},
		{"3 Mar 2026 10:00:00 +01:00", "2026-03-03T09:00:00Z", flags{nonstd: true}},
	} {
		d, ok := ParseDate(tc.in)
		if !ok {
			t.Errorf("ParseDate(%q) failed", tc.in)
			continue
		}
		got := flags{d.Obsolete, d.Nonstandard, d.ZoneUnknown, d.ZoneAmbiguous, d.WeekdayWrong}
		if !d.Time.Equal(utc(tc.want)) || got != tc.f {
			t.Errorf("ParseDate(%q) = %v %+v, want %s %+v", tc.in, d.Time.UTC(), got, tc.want, tc.f)
		}
	}
	for _, bad := range []string{"", "yesterday", "31 Feb 2026 10:00:00 +0000", "3 Mar 1900 10:00:00 +0000", "3 Mar 2026 25:00:00 +0000"} {
		if d, ok := ParseDate(bad); ok {
			t.Errorf("ParseDate(%q) = %v, want failure", bad, d.Time)
		}
	}
}
