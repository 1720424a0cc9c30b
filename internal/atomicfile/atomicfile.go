// Package atomicfile writes files so that a crash or a full disk leaves either the old file
// or the new one, never half of one. Reports, drafts and converted messages all go through it.
package atomicfile

import (
	"os"
	"path/filepath"
	"runtime"
)

// Write replaces path with data: a temporary file in the same folder, written, flushed to
// disk, renamed over path, and the folder's entry flushed too.
func Write(path string, data []byte, perm os.FileMode) error {
	dir, name := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+name+"-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), perm); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	return SyncDir(dir)
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
