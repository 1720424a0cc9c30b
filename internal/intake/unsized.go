package intake

import (
	"bytes"
	"errors"
	"io"

	"github.com/reportmail/reportmail/internal/safefile"
)

// openUnsized reads a file whose size the file system does not report (it says 0, as /proc
// and /sys files do whatever they hold) and judges what was read, so such a file is not
// called empty; a file that really is empty still is.
func openUnsized(r io.Reader, path string, opt Options) (*Item, error) {
	return readBounded(&Item{Name: path}, r, opt, path)
}

// ReadFrom reads a message from r (standard input, say) as Open reads a file: at most
// MaxMessageSize bytes are kept, and anything bigger is judged from its start. name is only
// reported back.
func ReadFrom(name string, r io.Reader, opt Options) (*Item, error) {
	return readBounded(&Item{Name: name}, r, opt, "")
}

func readBounded(it *Item, r io.Reader, opt Options, path string) (*Item, error) {
	data, err := safefile.ReadAll(r, MaxMessageSize)
	if errors.Is(err, safefile.ErrTooBig) {
		// Only the start was kept, so even a mailbox cannot be indexed: it is too big to take.
		head := data[:min(len(data), sniffSize)]
		return tooLarge(it, head, bytes.NewReader(data), int64(len(data))+1), nil
	}
	if err != nil {
		return nil, &FileError{Path: it.Name, Err: err}
	}
	return fromBytes(it, data, opt, path)
}
