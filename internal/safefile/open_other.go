//go:build !unix

package safefile

import "os"

// openNoBlock looks before it opens: Windows has no O_NONBLOCK for opening, and a named
// pipe or device there is not something a person saves an email as. Open checks the opened
// file again.
func openNoBlock(path string) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &NotFileError{Path: path, Kind: kindOf(st.Mode())}
	}
	return os.Open(path)
}
