package outbox

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// Bounds on what the outbox reads back. Its files are its own, but a damaged disk, a sync
// tool or a person can put anything there, and a list must not run out of memory for it.
const (
	maxRecord  = 1 << 20   // state.json, options.json
	maxMessage = 512 << 20 // message.eml and the inputs: the intake takes originals of 100 MB
)

var errNotRegular = errors.New("outbox: not a regular file")

// readBounded reads a regular file of at most max bytes; a folder, pipe or device in its
// place is refused before it is read (opening a pipe would wait for a writer for ever, so
// the name is checked first and the opened file again).
func readBounded(path string, max int64) ([]byte, error) {
	st, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, errNotRegular
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return nil, errNotRegular
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("outbox: %s holds more than %d bytes", path, max)
	}
	return data, nil
}
