package safefile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// ExistsError means path is already a file and the person did not say to replace it.
type ExistsError struct{ Path string }

func (e *ExistsError) Error() string { return "safefile: " + strconv.Quote(e.Path) + " already exists" }

func (e *ExistsError) Is(target error) bool { return target == fs.ErrExist }

// Write puts data at path, a file a person named (convert -o, a draft, a zip, an exported
// settings file). path must be a new name, or an existing regular file when replace is
// true; a folder, device, pipe, socket or symbolic link there is refused (*NotFileError),
// and an existing file without replace is an *ExistsError. Like Replace, a crash leaves the
// old file or the new one, never half of one.
func Write(path string, data []byte, perm fs.FileMode, replace bool) error {
	if err := checkDest(path, replace); err != nil {
		return err
	}
	tmp, err := writeTemp(path, data, perm)
	if err != nil {
		return err
	}
	defer os.Remove(tmp) // a no-op once renamed; only the extra name once linked
	if replace {
		err = renameOver(tmp, path)
	} else {
		err = placeNew(tmp, path)
	}
	if err != nil {
		return err
	}
	return SyncDir(dirOf(path))
}

// WriteNew writes data under path or, when that name is taken, the first free one of
// "name (2).ext", "name (3).ext" …, and returns the name used: for files the app names
// itself (a draft named after its subject), where asking would be odd and replacing wrong.
func WriteNew(path string, data []byte, perm fs.FileMode) (string, error) {
	ext := filepath.Ext(path)
	stem := strings.TrimSuffix(path, ext)
	try := path
	for n := 2; ; n++ {
		err := Write(try, data, perm, false)
		var ee *ExistsError
		if !errors.As(err, &ee) && !errors.Is(err, ErrNotFile) || n > 999 {
			return try, err
		}
		try = fmt.Sprintf("%s (%d)%s", stem, n, ext)
	}
}

// Replace writes data over path atomically: a temporary file in the same folder, written,
// flushed to disk, renamed over path, and the folder's entry flushed too. A folder, device,
// pipe, socket or symbolic link at path is refused, never replaced.
func Replace(path string, data []byte, perm fs.FileMode) error {
	return Write(path, data, perm, true)
}

// checkDest refuses a destination that is not a regular file, or that exists when it may
// not be replaced. Lstat, so a symbolic link is seen as one and not followed.
func checkDest(path string, replace bool) error {
	st, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return &NotFileError{Path: path, Kind: kindOf(st.Mode())}
	}
	if !replace {
		return &ExistsError{Path: path}
	}
	return nil
}

// writeTemp writes data to a new temporary file beside path and returns its name.
func writeTemp(path string, data []byte, perm fs.FileMode) (string, error) {
	tmp, err := os.CreateTemp(dirOf(path), "."+filepath.Base(path)+"-*.tmp") // created 0600
	if err != nil {
		return "", err
	}
	name := tmp.Name()
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(name, perm)
	}
	if err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

// renameOver looks once more just before renaming, so a pipe or link put there while the
// data was written is still refused (rename would replace it without a word).
func renameOver(tmp, path string) error {
	if err := checkDest(path, true); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// placeNew gives the temporary file its real name only if that name is free: a hard link
// fails if anything is there, where rename would replace it. File systems without hard
// links (FAT on a USB stick, some network shares) get a last look and a rename instead.
func placeNew(tmp, path string) error {
	err := os.Link(tmp, path)
	if err == nil {
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		if derr := checkDest(path, false); derr != nil {
			return derr
		}
		return &ExistsError{Path: path}
	}
	if err := checkDest(path, false); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func dirOf(path string) string {
	if dir := filepath.Dir(path); dir != "" {
		return dir
	}
	return "."
}

// SyncDir makes a rename or a new file in dir durable (POSIX: the directory entry lives in
// the directory). Windows cannot open a directory for syncing and commits renames itself.
func SyncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
