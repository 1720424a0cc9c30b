package hours

import (
	"errors"
	"strings"
)

// ErrClock is returned by ParseClock for anything that is not a time like 08:00.
var ErrClock = errors.New("not a time like 08:00")

// Clock is a time of day on the 24-hour clock, in minutes after midnight. 24*60 is the
// midnight that ends a day, so a desk can close at "24:00".
type Clock int

// ParseClock reads "HH:MM" or "H:MM" (24-hour; "24:00" allowed), the one way a provider
// profile writes its opening and closing times. Only digits count: strconv.Atoi alone would
// take "+8:00" and "-0:00".
func ParseClock(s string) (Clock, error) {
	hs, ms, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || len(hs) < 1 || len(hs) > 2 || len(ms) != 2 || !digits(hs) || !digits(ms) {
		return 0, ErrClock
	}
	h, m := number(hs), number(ms)
	if m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, ErrClock
	}
	return Clock(h*60 + m), nil
}

// Hour is 0–24.
func (c Clock) Hour() int { return int(c) / 60 }

// Minute is 0–59.
func (c Clock) Minute() int { return int(c) % 60 }

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func number(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
