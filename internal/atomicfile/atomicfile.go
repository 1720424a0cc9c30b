// Package atomicfile writes files so that a crash or a full disk leaves either the old file
// or the new one, never half of one. It is the app's own files' name for safefile.Replace,
// which holds the one implementation (and its refusal to replace a pipe, device or link).
package atomicfile

import (
	"os"

	"github.com/reportmail/reportmail/internal/safefile"
)

// Write replaces path with data: a temporary file in the same folder, written, flushed to
// disk, renamed over path, and the folder's entry flushed too. A folder, device, pipe or
// symbolic link at path is refused rather than replaced.
func Write(path string, data []byte, perm os.FileMode) error {
	return safefile.Replace(path, data, perm)
}

// SyncDir makes a rename or a new file in dir durable; see safefile.SyncDir.
func SyncDir(dir string) error { return safefile.SyncDir(dir) }
