package intake

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzRead feeds Read anything: it must answer with an Item (never an error without a
// mailbox index, never a panic) that keeps the invariants.
func FuzzRead(f *testing.F) {
	_ = filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(p, string(filepath.Separator)+"fuzz"+string(filepath.Separator)) {
			return err
		}
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
		return nil
	})
	for _, c := range generated(f) {
		f.Add(c.data)
	}
	f.Add(big25("\n")[:8192])
	for _, count := range []string{"35", "0", "-1", "999999999999999999999", "garbage", "20"} {
		f.Add([]byte(count + "\nSubject: x\nFrom: a@b.example\n\nbody\n<?xml version=\"1.0\"?>\n<plist version=\"1.0\">\n</plist>\n"))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		it, err := Read("fuzz", data, Options{})
		if err != nil {
			t.Fatalf("error %v", err)
		}
		checkInvariants(t, it)
	})
}
