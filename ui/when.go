package ui

import (
	"time"

	"fyne.io/fyne/v2/lang"
	"golang.org/x/text/language"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// formatWhen is the one way the window shows a date and time: the same words on the card, in
// the mailbox picker and wherever else an instant is shown, in the local time zone and in
// the order and clock the user's region writes them ("Jan 2, 2026, 3:04 PM" in the United
// States, "2 Jan 2026, 15:04" in Germany, "2 Jan 2026, 3:04 PM" in New Zealand).
func formatWhen(t time.Time) string {
	return formatWhenFor(t.Local(), whenRegion)
}

// whenRegion is the user's region as the system says it (LANG and friends on Linux, the
// user's settings on Windows and macOS), read once.
var whenRegion = systemRegion()

func systemRegion() string {
	tag, err := language.Parse(lang.SystemLocale().String())
	if err != nil {
		return ""
	}
	r, _ := tag.Region()
	return r.String()
}

// Regions that write the month before the day, and those that use a 12-hour clock; the
// rest of the world writes day month year and a 24-hour clock.
var (
	monthFirst = map[string]bool{"US": true, "PH": true, "FM": true, "MH": true, "PW": true}
	twelveHour = map[string]bool{"US": true, "CA": true, "AU": true, "NZ": true, "IN": true, "PH": true,
		"PK": true, "BD": true, "EG": true, "SA": true, "MY": true,
		"FM": true, "MH": true, "PW": true, "CO": true, "MX": true, "KR": true, "TW": true, "HK": true}
)

func formatWhenFor(t time.Time, region string) string {
	clock := "15:04"
	if twelveHour[region] {
		clock = "3:04 PM"
	}
	if monthFirst[region] {
		return t.Format("Jan 2, 2006, " + clock)
	}
	return t.Format("2 Jan 2006, " + clock)
}

// formatWhenText is formatWhen for a date given as text: RFC 3339 as the check gives it, or
// a Date header as a rejection notice quotes it. Text that is neither is shown as it is.
func formatWhenText(text string) string {
	if t, err := time.Parse(time.RFC3339, text); err == nil {
		return formatWhen(t)
	}
	if d, ok := mailmsg.ParseDate(text); ok {
		return formatWhen(d.Time)
	}
	return text
}
