//go:build !(linux || darwin || freebsd || openbsd || netbsd || dragonfly || windows)

package instance

import "errors"

var errLocked = errors.New("instance: another copy holds the lock")

// tryLock: no lock on this system, so no single running copy; each start opens its own window.
func tryLock(string) (func(), error) { return nil, errors.ErrUnsupported }
