package outbox

import (
	"errors"
	"os"
	"path/filepath"
)

// lock is a held per-report lock (flock on Unix, LockFileEx on Windows). Locks belong to
// an open file, so two goroutines of one process exclude each other as two processes do,
// and the system drops the lock when a process dies: a crash leaves nothing stuck.
type lock struct {
	f    *os.File
	path string
}

// tryLock takes the report's lock without waiting; ErrBusy when someone holds it.
func (o *Outbox) tryLock(id string) (*lock, error) {
	path := filepath.Join(o.dir, locksDir, id)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, errWouldBlock) {
			return nil, ErrBusy
		}
		return nil, err
	}
	return &lock{f: f, path: path}, nil
}

// unlock releases the lock; gone says the report left the queue for good, so the lock file
// can go too. Whoever takes a lock re-reads the report afterwards, which makes removing a
// lock file that someone else has just opened harmless.
func (l *lock) unlock(gone bool) {
	unlockFile(l.f)
	l.f.Close()
	if gone {
		os.Remove(l.path)
	}
}

// busy says whether another holder has the report locked right now (a live "sending").
func (o *Outbox) busy(id string) bool {
	l, err := o.tryLock(id)
	if err != nil {
		return errors.Is(err, ErrBusy)
	}
	l.unlock(false)
	return false
}
