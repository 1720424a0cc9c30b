// Package safefile is the one way Report Mail touches a file a person named: a dropped
// email, a CA certificate, a provider profile, a draft or a zip to write. Reading refuses
// anything that is not a regular file before it can block (a named pipe, a terminal, a
// device) and never reads more than the caller's bound; writing never replaces a device, a
// pipe or what a symbolic link points to, and replaces an existing file only when asked.
package safefile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"strconv"
	"syscall"
)

// Kind says what a path is when it is not a regular file.
type Kind int

const (
	Other Kind = iota
	Folder
	Pipe
	Device
	Socket
	Symlink
)

var kindWords = [...]string{Other: "a special file", Folder: "a folder", Pipe: "a pipe",
	Device: "a device", Socket: "a socket", Symlink: "a symbolic link"}

func (k Kind) String() string { return kindWords[k] }

// Errors for errors.Is. The typed errors below carry the path and details.
var (
	ErrNotFile = errors.New("safefile: not a regular file")
	ErrTooBig  = errors.New("safefile: file too big")
)

// NotFileError means path is a folder, pipe, device, socket or (for writes) symbolic link:
// reading a pipe or device can wait for ever or never end, and writing over one would send
// the data somewhere other than a file.
type NotFileError struct {
	Path string
	Kind Kind
}

func (e *NotFileError) Error() string {
	return "safefile: " + strconv.Quote(e.Path) + " is " + e.Kind.String()
}

// Is matches ErrNotFile, and syscall.EISDIR for a folder as the operating system would.
func (e *NotFileError) Is(target error) bool {
	return target == ErrNotFile || (e.Kind == Folder && target == syscall.EISDIR)
}

// TooBigError means the file holds more than Max bytes, the caller's bound.
type TooBigError struct {
	Path string
	Max  int64
}

func (e *TooBigError) Error() string {
	return "safefile: " + strconv.Quote(e.Path) + " is over " + strconv.FormatInt(e.Max, 10) + " bytes"
}

func (e *TooBigError) Is(target error) bool { return target == ErrTooBig }

// kindOf names a non-regular mode.
func kindOf(m fs.FileMode) Kind {
	switch {
	case m.IsDir():
		return Folder
	case m&fs.ModeSymlink != 0:
		return Symlink
	case m&fs.ModeNamedPipe != 0:
		return Pipe
	case m&(fs.ModeDevice|fs.ModeCharDevice) != 0:
		return Device
	case m&fs.ModeSocket != 0:
		return Socket
	}
	return Other
}

// Open opens path for reading only if it is a regular file, deciding that before anything
// can block: on Unix the open itself does not wait (O_NONBLOCK) and the check is on the
// opened file, so the path cannot be swapped in between. The size in the returned FileInfo
// is what the file system says, which for /proc and /sys files is 0 whatever they hold:
// read with ReadAll rather than trusting it.
func Open(path string) (*os.File, fs.FileInfo, error) {
	f, err := openNoBlock(path)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, nil, &NotFileError{Path: path, Kind: kindOf(st.Mode())}
	}
	return f, st, nil
}

// Read returns the whole of the regular file at path, or a *TooBigError when it holds more
// than max bytes (found by reading, not from the size the file system reports).
func Read(path string, max int64) ([]byte, error) {
	f, _, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := ReadAll(f, max)
	var tb *TooBigError
	if errors.As(err, &tb) {
		tb.Path = path
	}
	return data, err
}

// ReadAll reads r to its end, at most max bytes: one byte more is a *TooBigError (without a
// path) and what was read is returned with it, for callers that still look at the start.
func ReadAll(r io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return data[:max], &TooBigError{Max: max}
	}
	return data, nil
}
