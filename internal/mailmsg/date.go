package mailmsg

import (
	"strconv"
	"strings"
	"time"
)

// Date is a parsed Date (or Resent-Date, or Received timestamp) value.
type Date struct {
	Time time.Time // the instant, in the zone the value gave
	// Obsolete: RFC 5322 §4.3 syntax: a two- or three-digit year, a named or military
	// zone, comments or folding where §3.3 has none.
	Obsolete bool
	// Nonstandard: not RFC 5322 syntax at all (ISO 8601, asctime, AM/PM, a missing
	// zone, "GMT+0100"), read by the layouts real mail uses.
	Nonstandard bool
	// ZoneUnknown: "-0000", a military letter, an unknown zone name or none; the time is
	// given as UTC, as RFC 5322 §3.3 and §4.3 say to read them.
	ZoneUnknown bool
	// ZoneAmbiguous: a zone name with more than one meaning; see zones for the one taken.
	ZoneAmbiguous bool
	// WeekdayWrong: the day of the week given is not the date's (RFC 5322 §3.3 asks that
	// it match; it is ignored).
	WeekdayWrong bool
}

// ParseDate reads a date as real mail writes it. ok is false when no date can be read or
// it is implausible (before 1970 or after 2200: a garbled header shows as no date rather
// than year 0).
//
// QUIRK: net/mail.ParseDate reads a zone name it does not know on this computer ("EDT",
// "NZDT") as UTC with no error, refuses "GMT+0100" and day names other than "Mon"…"Sun",
// and says nothing of obsolete syntax (RFC 5322 §4.3).
func ParseDate(v string) (Date, bool) {
	v, _ = HeaderText(v, "")
	v = strings.TrimSpace(v)
	if v == "" {
		return Date{}, false
	}
	d, ok := parseRFC5322(v)
	if !ok {
		d, ok = parseLayouts(v)
	}
	if !ok || d.Time.Year() < 1970 || d.Time.Year() > 2200 {
		return Date{}, false
	}
	return d, true
}

// parseRFC5322 reads [day-of-week ","] day month year hour ":" minute [":" second] zone,
// with §4.3's obsolete forms.
func parseRFC5322(v string) (Date, bool) {
	var d Date
	text, hadComment := dropComments(v)
	d.Obsolete = hadComment
	f := strings.Fields(strings.ReplaceAll(text, ",", " "))
	wday := -1
	if len(f) > 0 {
		if w, ok := weekday(f[0]); ok {
			wday, f = w, f[1:]
		}
	}
	if len(f) < 4 {
		return d, false
	}
	day, err := strconv.Atoi(f[0])
	if err != nil || len(f[0]) > 2 || day < 1 || day > 31 {
		return d, false
	}
	mon, full, ok := month(f[1])
	if !ok {
		return d, false
	}
	d.Nonstandard = full
	year, err := strconv.Atoi(f[2])
	if err != nil || len(f[2]) < 2 {
		return d, false
	}
	switch len(f[2]) {
	case 2: // RFC 5322 §4.3: 00-49 is 2000-2049, 50-99 is 1950-1999
		d.Obsolete = true
		if year < 50 {
			year += 2000
		} else {
			year += 1900
		}
	case 3:
		d.Obsolete = true
		year += 1900
	}
	hh, mm, ss, ok := clock(f[3])
	if !ok {
		return d, false
	}
	off := 0
	if len(f) < 5 {
		d.Nonstandard, d.ZoneUnknown = true, true
	} else {
		z, ok := zone(f[4], &d)
		if !ok {
			return d, false
		}
		off = z
	}
	if day > daysIn(time.Month(mon), year) {
		return d, false
	}
	t := time.Date(year, time.Month(mon), day, hh, mm, ss, 0, time.FixedZone(zoneName(f, d), off))
	if wday >= 0 && time.Weekday(wday) != t.Weekday() {
		d.WeekdayWrong = true
	}
	d.Time = t
	return d, true
}

func zoneName(f []string, d Date) string {
	if len(f) >= 5 && !d.ZoneUnknown && isAlpha(f[4]) {
		return upperASCII(f[4])
	}
	return ""
}

// zone reads a zone token and returns its offset in seconds.
func zone(z string, d *Date) (int, bool) {
	up := upperASCII(strings.TrimSuffix(z, "."))
	if len(up) == 5 && (up[0] == '+' || up[0] == '-') && isDigits(up[1:]) {
		if up == "-0000" {
			d.ZoneUnknown = true // RFC 5322 §3.3: no information about the local zone
		}
		return offset(up[0], up[1:3], up[3:5])
	}
	if len(up) == 6 && (up[0] == '+' || up[0] == '-') && up[3] == ':' && isDigits(up[1:3]+up[4:]) {
		d.Nonstandard = true
		return offset(up[0], up[1:3], up[4:6])
	}
	if (strings.HasPrefix(up, "GMT") || strings.HasPrefix(up, "UTC")) && len(up) > 4 {
		d.Nonstandard = true
		n := numericZone(up[3:])
		if len(n) != 5 || !isDigits(n[1:]) {
			return 0, false
		}
		return offset(n[0], n[1:3], n[3:5])
	}
	if off, ok := zones[up]; ok {
		d.Obsolete = true
		if !rfcZones[up] {
			d.Nonstandard = true
		}
		d.ZoneAmbiguous = ambiguousZones[up]
		return off, true
	}
	if len(up) == 1 && up[0] >= 'A' && up[0] <= 'Z' && up[0] != 'J' {
		// RFC 5322 §4.3: RFC 822 defined the military zones backwards, so they are read
		// as "-0000", unknown.
		d.Obsolete, d.ZoneUnknown = true, true
		return 0, true
	}
	if isAlpha(up) && len(up) >= 3 && len(up) <= 5 {
		d.Obsolete, d.ZoneUnknown = true, true // §4.3: an unknown name is "-0000"
		return 0, true
	}
	return 0, false
}

func offset(sign byte, hh, mm string) (int, bool) {
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if err1 != nil || err2 != nil || h > 23 || m > 59 {
		return 0, false
	}
	o := h*3600 + m*60
	if sign == '-' {
		o = -o
	}
	return o, true
}

// clock reads hh:mm[:ss]; a leap second reads as :59.
func clock(s string) (hh, mm, ss int, ok bool) {
	p := strings.Split(s, ":")
	if len(p) < 2 || len(p) > 3 {
		return 0, 0, 0, false
	}
	n := make([]int, 3)
	for i, x := range p {
		if len(x) == 0 || len(x) > 2 || !isDigits(x) {
			return 0, 0, 0, false
		}
		n[i], _ = strconv.Atoi(x)
	}
	if n[0] > 23 || n[1] > 59 || n[2] > 60 {
		return 0, 0, 0, false
	}
	return n[0], n[1], min(n[2], 59), true
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// dropComments removes (comments), nested and with quoted-pairs (RFC 5322 §3.2.2).
func dropComments(v string) (string, bool) {
	if !strings.Contains(v, "(") {
		return v, false
	}
	var b strings.Builder
	depth := 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '\\' && depth > 0:
			i++
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
			if depth == 0 {
				b.WriteByte(' ')
			}
		case depth == 0:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

var dayNames = []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

func weekday(s string) (int, bool) {
	s = LowerASCII(strings.TrimSuffix(s, "."))
	if len(s) < 3 {
		return 0, false
	}
	for i, d := range dayNames {
		if strings.HasPrefix(d, s) {
			return i, true
		}
	}
	return 0, false
}

var monthNames = []string{"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"}

// month reads a month name: the three letters of RFC 5322 §3.3, or the full name or a
// longer abbreviation ("Sept").
func month(s string) (m int, long, ok bool) {
	s = LowerASCII(strings.TrimSuffix(s, "."))
	if len(s) < 3 {
		return 0, false, false
	}
	for i, n := range monthNames {
		if strings.HasPrefix(n, s) {
			return i + 1, len(s) != 3, true
		}
	}
	return 0, false, false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return s != ""
}

func numericZone(z string) string {
	if z == "" || (z[0] != '+' && z[0] != '-') {
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
	return z[:1] + d
}
