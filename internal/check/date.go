package check

import (
	"net/mail"
	"strings"
	"time"
)

const rfc3339 = time.RFC3339

// parseDate reads a Date header as real mail writes it. net/mail handles RFC 5322 and most of
// its obsolete syntax; what it refuses is cleaned up (comments, day names, odd zones, missing
// seconds, ISO dates, asctime) and tried against the layouts seen in the wild.
func parseDate(v string) (time.Time, bool) {
	v = strings.TrimSpace(toUTF8(v))
	if v == "" {
		return time.Time{}, false
	}
	if t, err := mail.ParseDate(v); err == nil {
		return fixZone(t), plausible(t)
	}
	s := normaliseDate(v)
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, plausible(t)
		}
	}
	return time.Time{}, false
}

// fixZone gives a named zone its offset: time.Parse (and so net/mail) reads a name it does
// not know on this computer, such as "EDT" or "NZDT", as UTC.
func fixZone(t time.Time) time.Time {
	name, off := t.Zone()
	if off != 0 {
		return t
	}
	z, ok := zones[strings.ToUpper(name)]
	if !ok || z == "+0000" {
		return t
	}
	zt, err := time.Parse("-0700", z)
	if err != nil {
		return t
	}
	_, zoff := zt.Zone()
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(),
		time.FixedZone(name, zoff))
}

// plausible rejects dates no real message carries, so a garbled header shows as empty rather
// than as year 0 or 9999.
func plausible(t time.Time) bool {
	return t.Year() >= 1970 && t.Year() <= 2200
}

var dateLayouts = []string{
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04 -0700",
	"2 Jan 06 15:04:05 -0700",
	"2 Jan 06 15:04 -0700",
	"2 Jan 2006 15:04:05",
	"2 Jan 2006 15:04",
	"Jan 2 2006 15:04:05 -0700",
	"Jan 2 15:04:05 2006 -0700",
	"Jan 2 15:04:05 2006",
	"Jan 2 2006 15:04:05",
	"Jan 2 2006 3:04:05 PM -0700",
	"Jan 2 2006 3:04 PM -0700",
	"Jan 2 2006 3:04 PM",
	"2 Jan 2006 3:04 PM",
	"2 Jan 2006 3:04:05 PM -0700",
	"2 Jan 2006 3:04:05 PM",
	"2 Jan 06 3:04:05 PM -0700",
	"2 Jan 06 3:04:05 PM",
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04:05-0700",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04 -0700",
	"02/01/2006 15:04:05 -0700",
	"2 Jan 2006",
}

// zones maps the names real mail uses to offsets; time.Parse would give unknown names a
// zero offset silently.
var zones = map[string]string{
	"UT": "+0000", "UTC": "+0000", "GMT": "+0000", "Z": "+0000", "WET": "+0000",
	"EST": "-0500", "EDT": "-0400", "CST": "-0600", "CDT": "-0500",
	"MST": "-0700", "MDT": "-0600", "PST": "-0800", "PDT": "-0700",
	"AKST": "-0900", "AKDT": "-0800", "HST": "-1000",
	"BST": "+0100", "CET": "+0100", "CEST": "+0200", "MET": "+0100", "MEST": "+0200",
	"EET": "+0200", "EEST": "+0300", "MSK": "+0300", "IST": "+0530", "JST": "+0900",
	"KST": "+0900", "HKT": "+0800", "SGT": "+0800", "AEST": "+1000", "AEDT": "+1100",
	"ACST": "+0930", "AWST": "+0800", "NZST": "+1200", "NZDT": "+1300",
}

// normaliseDate removes what defeats time.Parse: comments, a day name, commas, "GMT+0100",
// named zones, full month names and runs of spaces.
func normaliseDate(v string) string {
	// Drop comments such as "(PDT)" or "(GMT+02:00)".
	var b strings.Builder
	depth := 0
	for _, r := range v {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	fields := strings.Fields(strings.ReplaceAll(b.String(), ",", " "))
	out := make([]string, 0, len(fields))
	for i, f := range fields {
		if i == 0 && isDayName(f) {
			continue
		}
		up := strings.ToUpper(strings.TrimSuffix(f, "."))
		if off, ok := zones[up]; ok {
			f = off
		} else if (strings.HasPrefix(up, "GMT") || strings.HasPrefix(up, "UTC")) && len(up) > 3 {
			f = numericZone(up[3:])
		} else if len(f) == 6 && (f[0] == '+' || f[0] == '-') && f[3] == ':' {
			f = f[:3] + f[4:]
		} else if up == "AM" || up == "PM" {
			f = up
		} else if isMonthName(f) {
			f = strings.ToUpper(f[:1]) + strings.ToLower(f[1:3])
		}
		out = append(out, f)
	}
	return strings.Join(out, " ")
}

func numericZone(z string) string {
	sign := z[0]
	if sign != '+' && sign != '-' {
		return z
	}
	d := strings.ReplaceAll(z[1:], ":", "")
	switch len(d) {
	case 1:
		d = "0" + d + "00"
	case 2:
		d += "00"
	case 3:
		d = "0" + d
	}
	return string(sign) + d
}

func isDayName(s string) bool {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	if len(s) < 3 {
		return false
	}
	for _, d := range []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} {
		if strings.HasPrefix(d, s) {
			return true
		}
	}
	return false
}

func isMonthName(s string) bool {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	if len(s) < 3 {
		return false
	}
	for _, m := range []string{"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"} {
		if strings.HasPrefix(m, s) {
			return true
		}
	}
	return false
}
