//go:build !unix

package safefile

import "errors"

func mkfifoAt(string) error { return errors.ErrUnsupported }
