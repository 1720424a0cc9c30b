package outbox

import (
	"math/rand/v2"
	"time"
)

// schedule is the wait after the 1st, 2nd, … failed attempt. Short at first (a blip in the
// connection), then hourly: a report is never given up on for a temporary problem.
var schedule = []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute, time.Hour}

// Backoff is the wait after attempt number n (1-based) failed for a temporary reason, with
// jitter (±10%) so that many reports queued during an outage do not all retry at once.
// jitter is in [-1, 1]; Backoff(n, 0) is the plain schedule.
func Backoff(n int, jitter float64) time.Duration {
	if n < 1 {
		n = 1
	}
	d := schedule[min(n, len(schedule))-1]
	return d + time.Duration(float64(d)*0.1*max(-1, min(1, jitter)))
}

func randomJitter() float64 { return rand.Float64()*2 - 1 }
