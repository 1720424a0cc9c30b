package ui

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/storage"
)

// The open dialogs never offer a named pipe: Fyne opens the chosen file on the UI
// goroutine, and opening a pipe blocks until someone writes to it.
func TestOpenDialogsOfferOnlyRegularFiles(t *testing.T) {
	dir := t.TempDir()
	eml := filepath.Join(dir, "a.eml")
	if err := os.WriteFile(eml, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	pipe := filepath.Join(dir, "pipe.eml")
	if err := mkfifo(pipe); err != nil {
		t.Skip("no named pipes here:", err)
	}
	cases := []struct {
		f    regularFiles
		path string
		want bool
	}{
		{regularFiles{exts: mailExtensions}, eml, true},
		{regularFiles{exts: mailExtensions}, pipe, false},
		{regularFiles{}, pipe, false},
		{regularFiles{}, eml, true},
		{regularFiles{exts: []string{".json"}}, eml, false},
		{regularFiles{exts: mailExtensions}, filepath.Join(dir, "A.EML"), false}, // not there
	}
	for _, c := range cases {
		if got := c.f.Matches(storage.NewFileURI(c.path)); got != c.want {
			t.Errorf("%v.Matches(%s) = %v, want %v", c.f.exts, filepath.Base(c.path), got, c.want)
		}
	}
}
