//go:build unix

package oauthserver

import (
	"os"
	"syscall"
	"testing"
	"time"
)

// PortLockFile serialises the test packages that listen on the mail stack's fixed
// introspection port: go test runs packages in parallel, and only one server can answer
// Dovecot there. flock is released by the kernel if a test process dies, so a crashed run
// never leaves the port locked.
const PortLockFile = "/tmp/reportmail-oauth-port.lock"

// portLockWait bounds the wait for another package's tests on the port; theirs take well
// under a minute.
const portLockWait = 5 * time.Minute

func lockFixedPort(t testing.TB) {
	t.Helper()
	f, err := os.OpenFile(PortLockFile, os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		t.Fatalf("oauthserver: cannot open the port lock %s: %v", PortLockFile, err)
	}
	deadline := time.Now().Add(portLockWait)
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if err != syscall.EWOULDBLOCK || time.Now().After(deadline) {
			f.Close()
			t.Fatalf("oauthserver: another test package kept the introspection port (lock %s): %v", PortLockFile, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	// Registered before the server's own clean-up, so it runs after the server closed.
	t.Cleanup(func() { f.Close() })
}
