package outlookmsg

import (
	"os"
	"testing"
)

// BenchmarkConvertCorpus converts every .msg of the shared corpus once per iteration: the
// in-process half of `make bench`'s comparison with msgconvert, without process start-up.
func BenchmarkConvertCorpus(b *testing.B) {
	var files [][]byte
	var size int64
	for _, f := range corpusFiles(b) {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, data)
		size += int64(len(data))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, data := range files {
			_, _ = Convert(data)
		}
	}
}
