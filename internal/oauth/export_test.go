package oauth

import "time"

// SetClock lets tests outside the package (the real-server ones) move time on.
func SetClock(c *Config, now func() time.Time) { c.now = now }
