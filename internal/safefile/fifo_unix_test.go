//go:build unix

package safefile

import "syscall"

func mkfifoAt(p string) error { return syscall.Mkfifo(p, 0o600) }
