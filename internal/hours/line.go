package hours

import (
	"strings"
	"time"
)

// Line is the one sentence the Support screen shows, e.g.
//
//	Support is open now (until 7:00 PM NZDT).
//	Closed for Matariki — expect a reply from Monday 8:00 AM NZST.
//	Closed — expect a reply from tomorrow 8:00 AM NZDT (2:00 PM your time).
//
// user is the person's own zone (time.Local in the app); when it keeps the same clock as the
// desk, or is nil, no "your time" is added.
func (s Status) Line(user *time.Location) string {
	if s.Open {
		until := clockText(s.ClosesAt)
		if y := YourTime(s.ClosesAt, s.Now, user); y != "" {
			until += ", " + y
		}
		return "Support is open now (until " + until + ")."
	}
	var b strings.Builder
	b.WriteString("Closed")
	if len(s.Holidays) > 0 {
		b.WriteString(" for ")
		b.WriteString(joinNames(s.Holidays))
	}
	b.WriteString(" — expect a reply from ")
	b.WriteString(s.ReplyFrom(user))
	b.WriteString(".")
	return b.String()
}

// ReplyFrom is when the desk will next pick up mail, in words: "Monday 8:00 AM NZDT", with
// " (Sunday 7:00 PM your time)" when the user's clock differs. While open it is "now".
// The report screen reuses it after sending ("the desk replies from …").
func (s Status) ReplyFrom(user *time.Location) string {
	if s.Open {
		return "now"
	}
	out := Phrase(s.NextOpen, s.Now)
	if y := YourTime(s.NextOpen, s.Now, user); y != "" {
		out += " (" + y + ")"
	}
	return out
}

// Phrase says t relative to now, both read in t's zone, with the zone's abbreviation taken
// at t itself: a Friday in March can promise "Monday 8:00 AM NZST" because DST ends between.
// "today", "tomorrow", a weekday within the week, or weekday and date beyond it.
func Phrase(t, now time.Time) string {
	return dayWord(DateOf(t), DateOf(now.In(t.Location()))) + " " + clockText(t)
}

// YourTime gives t on the user's own clock, "10:00 AM your time", adding the day ("Sunday
// 7:00 PM your time") when it falls on a different date there than at the desk. Empty when
// user is nil or shows the same clock as the desk at t.
func YourTime(t, now time.Time, user *time.Location) string {
	if user == nil {
		return ""
	}
	local := t.In(user)
	_, deskOff := t.Zone()
	_, userOff := local.Zone()
	if deskOff == userOff {
		return ""
	}
	text := local.Format("3:04 PM") + " your time"
	if DateOf(local) != DateOf(t) {
		text = dayWord(DateOf(local), DateOf(now.In(user))) + " " + text
	}
	return text
}

func clockText(t time.Time) string { return t.Format("3:04 PM MST") }

func dayWord(d, today Date) string {
	switch n := today.DaysUntil(d); {
	case n == 0:
		return "today"
	case n == 1:
		return "tomorrow"
	case n > 1 && n < 7:
		return d.Weekday().String()
	default:
		return d.Weekday().String() + " " + d.civil().Format("2 January")
	}
}

// joinNames reads a list the way people say it: "A", "A and B", "A, B and C".
func joinNames(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
