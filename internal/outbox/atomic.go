package outbox

import (
	"encoding/json"
	"os"
	"path/filepath"

	"github.com/reportmail/reportmail/internal/atomicfile"
)

// writeAtomic replaces dir/name with data so that after a crash the file is the old or the
// new one. Only the user may read reports: they hold other people's email.
func writeAtomic(dir, name string, data []byte) error {
	return atomicfile.Write(filepath.Join(dir, name), data, 0o600)
}

func writeJSON(dir, name string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(dir, name, append(data, '\n'))
}

// renameDir moves a whole report folder and makes both folders' entries durable.
func renameDir(from, to string) error {
	if err := os.Rename(from, to); err != nil {
		return err
	}
	if err := atomicfile.SyncDir(filepath.Dir(to)); err != nil {
		return err
	}
	return atomicfile.SyncDir(filepath.Dir(from))
}
