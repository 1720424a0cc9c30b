package notice

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// lower is strings.ToLower(s), byte for byte. strings.ToLower falls back to a rune-by-rune
// map over the whole string at the first non-ASCII byte, and notices are read in lower case
// several times each: this one copies runs of bytes that need no change in one go and
// decodes only the non-ASCII runes.
func lower(s string) string {
	i := 0
	for i < len(s) && asIs[s[i]] {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + utf8.UTFMax)
	b.WriteString(s[:i])
	for i < len(s) {
		j := i
		for j < len(s) && asIs[s[j]] {
			j++
		}
		b.WriteString(s[i:j])
		if i = j; i == len(s) {
			break
		}
		if c := s[i]; c < utf8.RuneSelf {
			b.WriteByte(c + 'a' - 'A')
			i++
			continue
		}
		// An invalid byte decodes as utf8.RuneError and is written as U+FFFD, as
		// strings.Map (and so strings.ToLower) writes it.
		r, w := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(unicode.ToLower(r))
		i += w
	}
	return b.String()
}

// asIs marks the bytes lower copies unchanged: ASCII but for the capitals.
var asIs = func() (t [256]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = c < 'A' || c > 'Z'
	}
	return t
}()

// lowerPrefix is lower(s[:n]) given low, lower(s): its prefix when s[:n] is ASCII (each
// byte then lowers to one byte), else lowered afresh, since a non-ASCII rune may lower to
// more or fewer bytes.
func lowerPrefix(s, low string, n int) string {
	if n >= len(s) {
		return low
	}
	if !isASCII(s[:n]) {
		return lower(s[:n])
	}
	return low[:n]
}
