//go:build windows

package instance

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
)

const (
	defaultNetwork = "tcp"
	isWindows      = true
)

var errLocked = errors.New("instance: another copy holds the lock")

// errorSharingViolation is ERROR_SHARING_VIOLATION, which package syscall does not name.
const errorSharingViolation = syscall.Errno(32)

// DefaultDir is in the user's own profile (%AppData%), which Windows keeps to that user; the
// token file there is what keeps other users' programs from handing files over.
func DefaultDir() (string, error) {
	d, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "Report Mail", "instance"), nil
}

func privateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return ErrUnsafeDir
	}
	return nil
}

// tryLock opens the lock file with no sharing: a second open fails until the holder exits,
// and Windows closes the handle of a process that died.
func tryLock(path string) (release func(), err error) {
	p, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		return nil, err
	}
	h, err := syscall.CreateFile(p, syscall.GENERIC_READ|syscall.GENERIC_WRITE, 0, nil,
		syscall.OPEN_ALWAYS, syscall.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		if errors.Is(err, errorSharingViolation) {
			return nil, errLocked
		}
		return nil, err
	}
	return func() { syscall.CloseHandle(h) }, nil
}
