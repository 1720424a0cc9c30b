package notice

import "testing"

// BenchmarkCorpus reads every notice of the corpus once per iteration, in one process.
func BenchmarkCorpus(b *testing.B) {
	ls := labels(b)
	raws := make([][]byte, len(ls))
	size := 0
	for i, l := range ls {
		raws[i] = readCorpus(b, l.file)
		size += len(raws[i])
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, r := range raws {
			Read(r)
		}
	}
}
