package intake

import (
	"fmt"
	"strconv"
)

// FileError means the file could not be read at all: it is missing, not readable, or a
// folder. Err is the underlying error (an *fs.PathError or a syscall error), so
// errors.Is(err, fs.ErrNotExist) and friends work through it.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string {
	return "intake: cannot read " + strconv.Quote(e.Path) + ": " + e.Err.Error()
}

func (e *FileError) Unwrap() error { return e.Err }

// MboxIndexError means Options.MboxIndex asked for a message the mailbox file does not have.
type MboxIndexError struct {
	Index int // what was asked for (1-based)
	Count int // how many messages the file holds
}

func (e *MboxIndexError) Error() string {
	return fmt.Sprintf("intake: mailbox has %d messages, no message %d", e.Count, e.Index)
}
