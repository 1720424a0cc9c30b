// Package testtool finds the reference programs tests compare against (7-Zip, Info-ZIP
// unzip, msgconvert, Python). A result is only proven by the tools desks and users really
// use, so in CI (CI=true) a missing tool fails the test; elsewhere it is skipped, saying why.
package testtool

import (
	"os"
	"os/exec"
	"testing"
)

// Find returns the path of the first of names on PATH, or ends the test through Missing.
// hint says how to get the tool, e.g. "Debian: apt-get install 7zip".
func Find(t testing.TB, hint string, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	Missing(t, "none of %v is installed (%s)", names, hint)
	return ""
}

// Missing ends a test whose reference tool is absent: fails in CI, skips elsewhere.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}
