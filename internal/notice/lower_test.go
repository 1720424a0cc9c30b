package notice

import (
	"strings"
	"testing"
)

var lowerCases = []string{
	"", "abc", "ABC", "Mixed Case 550 5.7.1", "ünïcödé ÜNÏCÖDÉ", "\xff\xfeBAD\x80", "İSTANBUL", "\u212a KELVIN",
	"\u017f long s", "\uFFFD\xc3", "日本語 ABC", "ǅ title", "trailing \xe2\x82",
}

// TestLower: lower is strings.ToLower byte for byte, and lowerPrefix is lower of the prefix.
func TestLower(t *testing.T) {
	for _, s := range lowerCases {
		checkLower(t, s)
	}
}

func FuzzLower(f *testing.F) {
	for _, s := range lowerCases {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		checkLower(t, s)
		if n < 0 || n > len(s) {
			return
		}
		if got, want := lowerPrefix(s, lower(s), n), strings.ToLower(s[:n]); got != want {
			t.Fatalf("lowerPrefix(%q, %d) = %q, want %q", s, n, got, want)
		}
	})
}

func checkLower(t *testing.T, s string) {
	t.Helper()
	if got, want := lower(s), strings.ToLower(s); got != want {
		t.Fatalf("lower(%q) = %q, want %q", s, got, want)
	}
	for n := 0; n <= len(s); n++ {
		if got, want := lowerPrefix(s, lower(s), n), strings.ToLower(s[:n]); got != want {
			t.Fatalf("lowerPrefix(%q, %d) = %q, want %q", s, n, got, want)
		}
	}
}
