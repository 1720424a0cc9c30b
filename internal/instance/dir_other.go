//go:build !unix && !windows

package instance

import (
	"errors"
	"os"
	"path/filepath"
)

const (
	defaultNetwork = "tcp"
	isWindows      = false
)

func DefaultDir() (string, error) { return filepath.Join(os.TempDir(), "reportmail"), nil }

func privateDir(string) error { return errors.ErrUnsupported }
