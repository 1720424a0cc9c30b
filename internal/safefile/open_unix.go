//go:build unix

package safefile

import (
	"os"
	"syscall"
)

// openNoBlock opens path without waiting: a named pipe with no writer opens at once with
// O_NONBLOCK (Open then refuses it), and O_NOCTTY keeps a terminal from becoming ours.
// Regular files ignore O_NONBLOCK, so it need not be cleared before reading.
func openNoBlock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
}
