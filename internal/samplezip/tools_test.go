package samplezip

import (
	"os"
	"os/exec"
	"testing"

	"github.com/reportmail/reportmail/internal/testkit/testtool"
)

// tool is the first of names on PATH (fails in CI when none is).
func tool(t testing.TB, names ...string) string {
	t.Helper()
	return testtool.Find(t, "Debian: apt-get install 7zip unzip", names...)
}

// sevenZip is 7-Zip under any of the names distributions give it (Debian 12's 7zip
// package installs only 7zz).
func sevenZip(t testing.TB) string { return tool(t, "7z", "7zz", "7za") }

func infoZip(t testing.TB) string { return tool(t, "unzip") }

// run runs a tool and returns its combined output; ok reports a zero exit status.
func run(t testing.TB, env []string, name string, args ...string) (out string, ok bool) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	b, err := cmd.CombinedOutput()
	if err != nil {
		if _, exit := err.(*exec.ExitError); !exit {
			t.Fatalf("%s: %v", name, err)
		}
	}
	return string(b), err == nil
}
