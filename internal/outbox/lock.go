package outbox

import (
	"errors"
	"os"
	"path/filepath"
)

// lock is a held per-report lock (flock on Unix, LockFileEx on Windows). Locks belong to
// an open file, so two goroutines of one process exclude each other as two processes do,
// and the system drops the lock when a process dies: a crash leaves nothing stuck.
//
// The lock file exists only while someone holds it: the holder removes it before letting
// go. Someone who opened the same file meanwhile and then gets the lock holds a lock on a
// file nobody else can find, so every locker checks after locking that the name still
// leads to the file it locked, and starts again otherwise.
type lock struct {
	f    *os.File
	path string
}

// tryLock takes the report's lock without waiting; ErrBusy when someone holds it.
func (o *Outbox) tryLock(id string) (*lock, error) {
	path := filepath.Join(o.dir, locksDir, id)
	for range 100 { // each round is lost only to a holder that just let go: never many
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
		held, herr := f.Stat()
		named, nerr := os.Stat(path)
		if herr == nil && nerr == nil && os.SameFile(held, named) {
			return &lock{f: f, path: path}, nil
		}
		unlockFile(f)
		f.Close()
	}
	return nil, ErrBusy
}

// unlock removes the lock file, then releases the lock. Removing it while still holding the
// lock is what makes this safe: nobody can be holding it, and whoever opened it meanwhile
// sees, once locked, that it is gone. Windows may refuse to remove a file another process
// has open; it then stays for the next holder to remove, which is harmless.
func (l *lock) unlock() {
	os.Remove(l.path)
	unlockFile(l.f)
	l.f.Close()
}

// busy says whether another holder has the report locked right now (a live "sending").
func (o *Outbox) busy(id string) bool {
	l, err := o.tryLock(id)
	if err != nil {
		return errors.Is(err, ErrBusy)
	}
	l.unlock()
	return false
}
