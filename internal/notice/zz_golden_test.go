package notice

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func TestZZGoldenDump(t *testing.T) {
	out := os.Getenv("NOTICE_DUMP")
	if out == "" {
		t.Skip()
	}
	var files []string
	filepath.Walk("../../../shared/corpus", func(p string, i os.FileInfo, err error) error {
		if err == nil && i.Mode().IsRegular() && i.Size() < 20<<20 {
			files = append(files, p)
		}
		return nil
	})
	f, _ := os.Create(out)
	defer f.Close()
	enc := json.NewEncoder(f)
	for _, p := range files {
		b, _ := os.ReadFile(p)
		enc.Encode([]any{p, Read(b)})
	}
	t.Logf("%d files", len(files))
}
