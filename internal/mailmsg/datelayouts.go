package mailmsg

import (
	"fmt"
	"strings"
	"time"
)

// parseLayouts reads the dates that are not RFC 5322 at all but that real mail carries
// (ISO 8601, asctime, AM/PM, month first): comments, day names, commas, "GMT+0100" and
// named zones are normalised away, then the layouts are tried in order.
func parseLayouts(v string) (Date, bool) {
	d := Date{Nonstandard: true}
	text, _ := dropComments(v)
	fields := strings.Fields(strings.ReplaceAll(text, ",", " "))
	out := make([]string, 0, len(fields))
	zoned := false
	for i, f := range fields {
		if _, ok := weekday(f); ok && i == 0 {
			continue
		}
		up := upperASCII(strings.TrimSuffix(f, "."))
		switch {
		case zones[up] != 0 || up == "UT" || up == "UTC" || up == "GMT" || up == "Z" && i > 0:
			off := zones[up]
			d.ZoneAmbiguous = d.ZoneAmbiguous || ambiguousZones[up]
			f, zoned = formatOffset(off), true
		case (strings.HasPrefix(up, "GMT") || strings.HasPrefix(up, "UTC")) && len(up) > 3:
			f, zoned = numericZone(up[3:]), true
		case len(f) == 6 && (f[0] == '+' || f[0] == '-') && f[3] == ':':
			f, zoned = f[:3]+f[4:], true
		case len(f) == 5 && (f[0] == '+' || f[0] == '-'):
			zoned = true
		case up == "AM" || up == "PM":
			f = up
		default:
			if m, _, ok := month(f); ok && isAlpha(strings.TrimSuffix(f, ".")) {
				f = time.Month(m).String()[:3]
			}
		}
		out = append(out, f)
	}
	s := strings.Join(out, " ")
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			d.Time = t
			d.ZoneUnknown = !zoned && !strings.Contains(layout, "Z07")
			return d, true
		}
	}
	return Date{}, false
}

func formatOffset(off int) string {
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("%c%02d%02d", sign, off/3600, off%3600/60)
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
	"Jan 2 15:04:05 -0700 2006",
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
