package check

import (
	"bytes"
	"encoding/base64"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// toUTF8 turns raw bytes into text. Mail programs that ignore RFC 2047 write UTF-8 or
// Latin-1 (in practice Windows-1252) straight into headers; valid UTF-8 is taken as it is,
// anything else as Windows-1252, which never fails.
func toUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	out, err := charmap.Windows1252.NewDecoder().String(s)
	if err != nil {
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	return out
}

// toUTF8Hint is toUTF8 for header bytes that may be in the message's own charset: mailers
// in Asia write Big5 or GB2312 straight into the Subject and declare it only for the body.
func toUTF8Hint(s, hint string) string {
	if utf8.ValidString(s) || hint == "" || isLatinCharset(hint) {
		return toUTF8(s)
	}
	if out, ok := decodeCharset([]byte(s), hint, len(s)*4+16); ok && !strings.ContainsRune(out, utf8.RuneError) {
		return out
	}
	return toUTF8(s)
}

func isLatinCharset(cs string) bool {
	switch strings.ToLower(cs) {
	case "", "us-ascii", "ascii", "utf-8", "utf8", "iso-8859-1", "latin1", "windows-1252", "cp1252":
		return true
	}
	return false
}

// decodeCharset converts data in the named charset to UTF-8, producing at most about limit
// bytes. ok is false when the charset is unknown.
func decodeCharset(data []byte, cs string, limit int) (string, bool) {
	cs = strings.ToLower(strings.TrimSpace(cs))
	if isLatinCharset(cs) {
		return toUTF8(string(data)), true
	}
	var r io.Reader
	if cs == "utf-16" && !hasBOM(data) {
		// RFC 2781 says big-endian without a byte-order mark; Windows writes little-endian.
		// The zero bytes of ASCII text tell which.
		r = utf16Decoder(data).Reader(bytes.NewReader(data))
	} else {
		var err error
		if r, err = charset.Reader(cs, bytes.NewReader(data)); err != nil {
			return toUTF8(string(data)), false
		}
	}
	// Decoders can expand (one byte to three); the bound keeps memory proportional.
	out, err := io.ReadAll(io.LimitReader(r, int64(limit)))
	if err != nil && len(out) == 0 {
		return toUTF8(string(data)), false
	}
	return strings.ToValidUTF8(string(out), "\uFFFD"), true
}

func hasBOM(b []byte) bool {
	return len(b) >= 2 && (b[0] == 0xff && b[1] == 0xfe || b[0] == 0xfe && b[1] == 0xff)
}

func utf16Decoder(b []byte) interface{ Reader(io.Reader) io.Reader } {
	var even, odd int
	for i := 0; i+1 < len(b) && i < 512; i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	order := unicode.BigEndian
	if odd > even {
		order = unicode.LittleEndian
	}
	return unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder()
}

// decodeWords decodes RFC 2047 encoded words leniently, as mail readers do: raw 8-bit bytes
// inside a word, spaces in Q text, missing padding and unknown charsets (left as written)
// are all tolerated. Adjacent words in one charset are joined before conversion, since
// senders split multi-byte characters across words. Text outside words goes through
// toUTF8Hint.
func decodeWords(s, hint string) string {
	if !strings.Contains(s, "=?") {
		return toUTF8Hint(s, hint)
	}
	var out strings.Builder
	var pending []byte // decoded bytes of adjacent words in pendingCS
	pendingCS := ""
	flush := func() {
		if len(pending) > 0 {
			text, _ := decodeCharset(pending, pendingCS, len(pending)*4+16)
			out.WriteString(text)
			pending, pendingCS = pending[:0], ""
		}
	}
	lastWasWord := false
	for len(s) > 0 {
		i := strings.Index(s, "=?")
		if i < 0 {
			flush()
			out.WriteString(toUTF8Hint(s, hint))
			break
		}
		cs, data, n, ok := encodedWord(s[i:])
		if !ok {
			flush()
			out.WriteString(toUTF8Hint(s[:i+2], hint))
			s = s[i+2:]
			lastWasWord = false
			continue
		}
		gap := s[:i]
		// RFC 2047 §6.2: white space between adjacent encoded words is dropped.
		if !(lastWasWord && strings.TrimSpace(gap) == "") {
			flush()
			out.WriteString(toUTF8Hint(gap, hint))
		}
		if _, known := decodeCharset(nil, cs, 0); !known {
			flush()
			out.WriteString(toUTF8(s[i : i+n]))
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
	return out.String()
}

// encodedWord parses "=?charset?enc?text?=" at the start of s and returns the charset, the
// decoded bytes and the length consumed.
func encodedWord(s string) (cs string, data []byte, n int, ok bool) {
	const maxWord = 4096
	rest := s[2:]
	q1 := strings.IndexByte(rest, '?')
	if q1 <= 0 || q1 > 64 || len(rest) < q1+3 || rest[q1+2] != '?' {
		return "", nil, 0, false
	}
	cs = rest[:q1]
	if star := strings.IndexByte(cs, '*'); star >= 0 {
		cs = cs[:star] // RFC 2231 language suffix
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
		data = decodeBase64([]byte(text), len(text))
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

// decodeBase64 decodes leniently: white space and stray characters are skipped, a missing
// tail is tolerated. It reads only as much input as limit bytes of output need.
func decodeBase64(body []byte, limit int) []byte {
	want := limit/3*4 + 4
	clean := make([]byte, 0, min(len(body), want))
	for _, c := range body {
		if c == '=' {
			break // padding ends the data; anything after it is another stream
		}
		if isBase64(c) {
			clean = append(clean, c)
			if len(clean) >= want {
				break
			}
		}
	}
	if len(clean)%4 == 1 {
		clean = clean[:len(clean)-1]
	}
	out, err := base64.RawStdEncoding.DecodeString(string(clean))
	if err != nil {
		return nil
	}
	return out[:min(len(out), limit)]
}

func isBase64(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
}
