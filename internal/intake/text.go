package intake

import (
	"bytes"
	"unicode/utf8"
)

// Text copied out of a "view source" window and pasted into Notepad or TextEdit reaches us
// in whatever form the editor saved: with a byte order mark, as UTF-16 ("Unicode" in
// Notepad), after some blank lines, with spaces at line ends. The functions here undo
// exactly those things and nothing else.

// encoding names the form a pasted text file was stored in, for the steps we report.
type encoding int

const (
	plainBytes encoding = iota
	utf8BOM
	utf16LE
	utf16BE
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// decodeText turns UTF-16 (with or without byte order mark) into UTF-8 and drops a UTF-8
// byte order mark. Anything else comes back as the same slice, not copied.
func decodeText(data []byte) ([]byte, encoding) {
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		return data[len(bomUTF8):], utf8BOM
	case bytes.HasPrefix(data, bomUTF16LE):
		return fromUTF16(data[2:], false), utf16LE
	case bytes.HasPrefix(data, bomUTF16BE):
		return fromUTF16(data[2:], true), utf16BE
	}
	if big, ok := guessUTF16(data); ok {
		if big {
			return fromUTF16(data, true), utf16BE
		}
		return fromUTF16(data, false), utf16LE
	}
	return data, plainBytes
}

// guessUTF16 recognises UTF-16 without a byte order mark by its shape: the source of an
// email is almost all ASCII, so every other byte is zero. Random binary data does not look
// like that; the zero bytes fall on both sides.
func guessUTF16(b []byte) (bigEndian, ok bool) {
	n := min(len(b), 4096) &^ 1
	if n < 16 {
		return false, false
	}
	var zeroEven, zeroOdd int
	for i := 0; i < n; i += 2 {
		if b[i] == 0 {
			zeroEven++
		}
		if b[i+1] == 0 {
			zeroOdd++
		}
	}
	pairs := n / 2
	switch {
	case zeroOdd*10 >= pairs*9 && zeroEven*20 < pairs:
		return false, true
	case zeroEven*10 >= pairs*9 && zeroOdd*20 < pairs:
		return true, true
	}
	return false, false
}

// fromUTF16 decodes UTF-16 into UTF-8. Unpaired surrogates and a dangling odd byte become
// U+FFFD, as every text editor shows them; a byte order mark inside is dropped.
func fromUTF16(b []byte, bigEndian bool) []byte {
	out := make([]byte, 0, len(b)/2+len(b)/16+4)
	unit := func(i int) rune {
		if bigEndian {
			return rune(b[i])<<8 | rune(b[i+1])
		}
		return rune(b[i+1])<<8 | rune(b[i])
	}
	for i := 0; i+1 < len(b); i += 2 {
		r := unit(i)
		switch {
		case r == 0xFEFF && i == 0:
			continue
		case r >= 0xD800 && r < 0xDC00:
			if i+3 < len(b) {
				if lo := unit(i + 2); lo >= 0xDC00 && lo < 0xE000 {
					r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
					i += 2
					out = utf8.AppendRune(out, r)
					continue
				}
			}
			r = utf8.RuneError
		case r >= 0xDC00 && r < 0xE000:
			r = utf8.RuneError
		}
		out = utf8.AppendRune(out, r)
	}
	if len(b)%2 == 1 {
		out = utf8.AppendRune(out, utf8.RuneError)
	}
	return out
}

// stripLeadingBlank removes the empty (or white-space-only) lines before the first header.
// It returns how many lines went.
func stripLeadingBlank(b []byte) ([]byte, int) {
	n := 0
	for len(b) > 0 {
		end, next := lineAt(b, 0)
		if next == len(b) || !isBlankOnly(b[:end]) {
			break
		}
		b = b[next:]
		n++
	}
	return b, n
}

// stripLineEndSpace removes spaces and tabs at the ends of lines, which editors and web
// pages add to copied text. It returns a new slice only when something changed, and how
// many lines changed.
func stripLineEndSpace(b []byte) ([]byte, int) {
	count := 0
	var out []byte
	start := 0
	for start < len(b) {
		end, next := lineAt(b, start)
		trimmed := end
		for trimmed > start && (b[trimmed-1] == ' ' || b[trimmed-1] == '\t') {
			trimmed--
		}
		if trimmed != end {
			if out == nil {
				out = make([]byte, 0, len(b))
				out = append(out, b[:start]...)
			}
			count++
			out = append(out, b[start:trimmed]...)
			out = append(out, b[end:next]...)
		} else if out != nil {
			out = append(out, b[start:next]...)
		}
		start = next
	}
	if out == nil {
		return b, 0
	}
	return out, count
}

// toCRLF gives every line a CR LF ending, as messages travel. Bare LF (Unix, Gmail's
// download) becomes CR LF; a file with CR alone and no LF at all (classic Mac OS) gets LF
// after each CR. A file that already uses CR LF comes back as the same slice, not copied.
func toCRLF(b []byte) []byte {
	lf := bytes.Count(b, []byte{'\n'})
	if lf == 0 {
		cr := bytes.Count(b, []byte{'\r'})
		if cr == 0 {
			return b
		}
		out := make([]byte, 0, len(b)+cr)
		start := 0
		for {
			i := bytes.IndexByte(b[start:], '\r')
			if i < 0 {
				break
			}
			out = append(out, b[start:start+i+1]...)
			out = append(out, '\n')
			start += i + 1
		}
		return append(out, b[start:]...)
	}
	crlf := bytes.Count(b, []byte("\r\n"))
	if crlf == lf {
		return b
	}
	out := make([]byte, 0, len(b)+lf-crlf)
	start := 0
	for {
		i := bytes.IndexByte(b[start:], '\n')
		if i < 0 {
			break
		}
		i += start
		if i > 0 && b[i-1] == '\r' {
			out = append(out, b[start:i+1]...)
		} else {
			out = append(out, b[start:i]...)
			out = append(out, '\r', '\n')
		}
		start = i + 1
	}
	return append(out, b[start:]...)
}

// looksBinary reports whether b (its first 64 KiB) is data rather than text: NUL bytes, or
// more than one byte in twenty a control character that text does not use.
func looksBinary(b []byte) bool {
	n := min(len(b), sniffSize)
	ctl := 0
	for _, c := range b[:n] {
		switch {
		case c == 0:
			return true
		case c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0x1b:
		case c < 0x20 || c == 0x7f:
			ctl++
		}
	}
	if ctl*20 > n {
		return true
	}
	// After UTF-16 decoding, garbage shows up as replacement characters instead.
	bad := bytes.Count(b[:n], []byte("\uFFFD"))
	return bad*3*20 > n
}

// isBlankOnly reports whether b holds nothing but white space.
func isBlankOnly(b []byte) bool {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n', '\f', '\v':
		default:
			return false
		}
	}
	return true
}

// lineAt returns the end of the line starting at pos (without its CR LF or LF) and where
// the next line starts.
func lineAt(b []byte, pos int) (end, next int) {
	nl := bytes.IndexByte(b[pos:], '\n')
	if nl < 0 {
		end = len(b)
		if end > pos && b[end-1] == '\r' {
			end--
		}
		return end, len(b)
	}
	end = pos + nl
	if end > pos && b[end-1] == '\r' {
		end--
	}
	return end, pos + nl + 1
}
