//go:build unix

package dkim

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time this process has used. Speed tests measure it rather than the
// wall clock, so a machine busy with other work does not fail them.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
