package cli

import (
	"io"
	"path/filepath"
	"testing"
)

func BenchmarkZZBounceCorpus(b *testing.B) {
	files, _ := filepath.Glob("../../../shared/corpus/bounce/*/*.eml")
	args := append([]string{"bounce", "--json"}, files...)
	for i := 0; i < b.N; i++ {
		run(args, nil, io.Discard, io.Discard)
	}
}
