package ui

import (
	"os"
	"strings"

	"fyne.io/fyne/v2"
)

// regularFiles lists only files Report Mail can read without blocking: Fyne's open dialog
// opens the chosen file on the UI goroutine before our callback runs, so a named pipe that
// could be chosen would freeze the window. exts, when given, also limits the names (folders
// are always shown; the dialog does not filter them).
type regularFiles struct{ exts []string }

func (f regularFiles) Matches(u fyne.URI) bool {
	if len(f.exts) > 0 {
		ok := false
		for _, e := range f.exts {
			ok = ok || strings.EqualFold(u.Extension(), e)
		}
		if !ok {
			return false
		}
	}
	if u.Scheme() != "file" {
		return true
	}
	st, err := os.Stat(u.Path())
	return err == nil && st.Mode().IsRegular()
}
