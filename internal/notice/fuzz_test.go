package notice

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// FuzzRead: any bytes give a Notice whose fields keep their promises, and never a panic.
func FuzzRead(f *testing.F) {
	for _, l := range labels(f) {
		f.Add(readCorpus(f, l.file))
	}
	f.Add([]byte(""))
	f.Add([]byte("\r\r\r"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		n := Read(raw)
		if n == nil {
			t.Fatal("nil notice")
		}
		switch n.Returned {
		case ReturnedFull:
			if !realMessage(n.ReturnedMessage) || len(n.ReturnedSHA256) != 64 {
				t.Fatalf("full claimed for %q", n.ReturnedMessage)
			}
		case ReturnedHeaders:
			if n.ReturnedSHA256 != "" {
				t.Fatal("a hash for headers only")
			}
		case ReturnedNone:
			if n.ReturnedMessage != nil {
				t.Fatal("bytes for none")
			}
		default:
			t.Fatalf("returned %q", n.Returned)
		}
		if n.Kind != KindNone && n.Reason == "" {
			t.Fatalf("%s without a reason", n.Kind)
		}
		for _, r := range n.Recipients {
			if !utf8.ValidString(r.Diagnostic) && utf8.ValidString(string(raw)) {
				t.Fatalf("diagnostic not UTF-8: %q", r.Diagnostic)
			}
		}
		if _, err := json.Marshal(n); err != nil {
			t.Fatal(err)
		}
	})
}
