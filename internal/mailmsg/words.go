package mailmsg

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxWord bounds one encoded word's text. RFC 2047 §2 allows 75 octets; senders write
// longer ones, and readers decode them, but a megabyte between "=?" and "?=" is damage.
const maxWord = 4096

// DecodeWords decodes the RFC 2047 encoded words in a header value, leniently, as mail
// readers do: raw 8-bit bytes inside a word, spaces inside Q text, missing base64 padding
// and words glued to the text around them are tolerated. White space between adjacent
// encoded words is dropped (RFC 2047 §6.2), and adjacent words in one charset are joined
// before conversion, since senders split multi-byte characters across words. A malformed
// word stays as written; a word in an unknown charset stays as written and sets
// UnknownCharset. Text outside words is read by HeaderText with hint.
//
// QUIRK: mime.WordDecoder fails the whole value on one unknown charset or bad word
// (RFC 2047 §6.3 only asks that such a word be shown as it is), and decodes each word on its
// own, which breaks a character split across two words.
func DecodeWords(s, hint string) (string, Warning) {
	var warn Warning
	plain := func(t string) string {
		out, w := HeaderText(t, hint)
		warn |= w
		return out
	}
	if !strings.Contains(s, "=?") {
		return plain(s), warn
	}
	var out strings.Builder
	out.Grow(len(s))
	var pending []byte // decoded bytes of adjacent words in pendingCS
	pendingCS := ""
	flush := func() {
		if len(pending) > 0 {
			text, w := DecodeCharset(pending, pendingCS, len(pending)*4+16)
			warn |= w
			out.WriteString(text)
			pending, pendingCS = pending[:0], ""
		}
	}
	lastWasWord := false
	for len(s) > 0 {
		i := strings.Index(s, "=?")
		if i < 0 {
			flush()
			out.WriteString(plain(s))
			break
		}
		cs, data, n, ok := encodedWord(s[i:])
		if !ok {
			flush()
			out.WriteString(plain(s[:i+2]))
			s = s[i+2:]
			lastWasWord = false
			continue
		}
		gap := s[:i]
		if !(lastWasWord && strings.TrimSpace(gap) == "") {
			flush()
			out.WriteString(plain(gap))
		}
		if !KnownCharset(cs) {
			flush()
			warn |= UnknownCharset
			out.WriteString(plain(s[i : i+n]))
		} else {
			if !strings.EqualFold(cs, pendingCS) {
				flush()
				pendingCS = cs
			}
			pending = append(pending, data...)
		}
		s = s[i+n:]
		lastWasWord = true
	}
	flush()
	return out.String(), warn
}

// encodedWord parses "=?charset?enc?text?=" at the start of s and returns the charset, the
// decoded bytes and the length consumed.
func encodedWord(s string) (cs string, data []byte, n int, ok bool) {
	rest := s[2:]
	q1 := strings.IndexByte(rest, '?')
	if q1 <= 0 || q1 > 64 || len(rest) < q1+3 || rest[q1+2] != '?' {
		return "", nil, 0, false
	}
	cs = rest[:q1]
	if star := strings.IndexByte(cs, '*'); star >= 0 {
		cs = cs[:star] // RFC 2231 §5 language suffix
	}
	enc := rest[q1+1] | 0x20
	text := rest[q1+3:]
	end := strings.Index(text, "?=")
	if end < 0 || end > maxWord {
		return "", nil, 0, false
	}
	text = text[:end]
	switch enc {
	case 'b':
		data = DecodeBase64([]byte(text), 0)
	case 'q':
		data = make([]byte, 0, len(text))
		for i := 0; i < len(text); i++ {
			switch c := text[i]; {
			case c == '_':
				data = append(data, ' ')
			case c == '=' && i+2 < len(text) && unhex(text[i+1]) >= 0 && unhex(text[i+2]) >= 0:
				data = append(data, byte(unhex(text[i+1])<<4|unhex(text[i+2])))
				i += 2
			default:
				data = append(data, c)
			}
		}
	default:
		return "", nil, 0, false
	}
	return cs, data, 2 + q1 + 3 + end + 2, true
}

// OneLine makes s fit one line of a header or a summary: valid UTF-8, control characters
// (C0, DEL, C1, the Unicode line and paragraph separators) turned into spaces, runs of white
// space collapsed, ends trimmed.
//
// It is one pass that writes nothing for a value already on one line: every notice, summary
// and result card cleans many values, and most need no change.
func OneLine(s string) string {
	if onOneLine(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false // white space since the last word
	bad := false   // the byte before was invalid: a run of them is one U+FFFD
	for i := 0; i < len(s); {
		r, w := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(s[i:])
		}
		word := s[i : i+w]
		i += w
		if r == utf8.RuneError && w == 1 {
			if bad {
				continue
			}
			bad, word = true, "\uFFFD"
		} else {
			bad = false
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029 || unicode.IsSpace(r) {
				space = true
				continue
			}
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteString(word)
	}
	return b.String()
}

// onOneLine reports whether OneLine(s) is s: printable ASCII, single spaces between words,
// none at the ends.
func onOneLine(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c >= 0x7f || (c == ' ' && s[i+1] == ' ') {
			return false
		}
	}
	return true
}

// Shorten cuts s to at most n runes, ending in "…" when it was cut.
func Shorten(s string, n int) string {
	if n <= 0 || utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// Text is the one way to turn an unstructured header value (Subject, Comments, a display
// field) into text for people: encoded words decoded, raw bytes read by the one fallback
// rule (hint as in HeaderText), and the result on one line.
func Text(raw, hint string) (string, Warning) {
	s, w := DecodeWords(raw, hint)
	return OneLine(s), w
}
