package mailmsg

import (
	"encoding/base64"
	"strings"
)

// Transfer encodings as TransferEncoding names them (RFC 2045 §6.1).
const (
	SevenBit        = "7bit"
	EightBit        = "8bit"
	Binary          = "binary"
	QuotedPrintable = "quoted-printable"
	Base64          = "base64"
)

// TransferEncoding normalises a Content-Transfer-Encoding value: lower case, comments and
// white space gone, "" read as 7bit (RFC 2045 §6.1). known is false for anything else
// ("x-uuencode", garbage); Decode then passes the body through unchanged, which keeps the
// ASCII text a reader looks for.
func TransferEncoding(v string) (enc string, known bool) {
	if i := strings.IndexByte(v, '('); i >= 0 {
		v = v[:i]
	}
	v = LowerASCII(strings.TrimSpace(v))
	switch v {
	case "", SevenBit:
		return SevenBit, true
	case EightBit, Binary, QuotedPrintable, Base64:
		return v, true
	}
	return v, false
}

// Decode undoes a transfer encoding (a value as TransferEncoding returns), producing at
// most limit bytes (limit <= 0: no bound). Identity and unknown encodings return body itself
// (cut to limit), not a copy. Nothing here fails: a body that does not decode cleanly comes
// back as far as it decoded, as mail programs show it (RFC 2045 §6.7 note 4, §6.8).
func Decode(body []byte, enc string, limit int) []byte {
	switch enc {
	case Base64:
		return DecodeBase64(body, limit)
	case QuotedPrintable:
		return DecodeQP(body, limit)
	}
	return capBytes(body, limit)
}

// DecodeBase64 decodes base64 leniently: line breaks and any non-alphabet byte are skipped,
// padding ends the data (what follows is another stream), a missing tail of two or three
// characters still gives its bytes. It reads only what limit bytes of output need, with one
// allocation: runs of alphabet characters are decoded straight into the output.
func DecodeBase64(b []byte, limit int) []byte {
	n := len(b)/4*3 + 3
	if limit > 0 && n > limit+3 {
		n = limit + 3
	}
	out := make([]byte, 0, n)
	full := func() bool { return limit > 0 && len(out) >= limit }
	var carry [4]byte
	nc := 0
	enc := base64.StdEncoding
	for pos := 0; pos < len(b) && !full(); {
		start := pos
		for pos < len(b) && isBase64(b[pos]) {
			pos++
		}
		run := b[start:pos]
		for nc > 0 && nc < 4 && len(run) > 0 {
			carry[nc] = run[0]
			nc++
			run = run[1:]
		}
		if nc == 4 {
			k, _ := enc.Decode(out[len(out):len(out)+3], carry[:])
			out = out[:len(out)+k]
			nc = 0
		}
		whole := len(run) / 4 * 4
		if room := (cap(out) - len(out)) / 3 * 4; whole > room {
			whole = room
		}
		if whole > 0 {
			k, _ := enc.Decode(out[len(out):len(out)+whole/4*3], run[:whole])
			out = out[:len(out)+k]
		}
		if full() || whole < len(run)/4*4 {
			break
		}
		nc += copy(carry[nc:], run[whole:])
		if pos < len(b) && b[pos] == '=' {
			break
		}
		pos++
	}
	if nc >= 2 && !full() { // a lone sixth bit is noise; two or three characters carry bytes
		var tail [3]byte
		k, _ := base64.RawStdEncoding.Decode(tail[:], carry[:nc])
		out = append(out, tail[:k]...)
	}
	return capBytes(out, limit)
}

func isBase64(c byte) bool { return base64Alphabet[c] }

var base64Alphabet = func() (t [256]bool) {
	for _, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") {
		t[c] = true
	}
	return t
}()

// DecodeQP decodes quoted-printable leniently: "=XX" in either case is a byte, "=" before a
// line end (with white space between) is a soft break, and any other "=" is kept as it is
// (RFC 2045 §6.7 note 4 asks decoders to be robust). White space at the end of a line is
// dropped (§6.7 rule 3). Line ends stay as written.
//
// QUIRK: mime/quotedprintable stops at the first bad escape, losing the rest of the text.
func DecodeQP(b []byte, limit int) []byte {
	n := len(b)
	if limit > 0 && n > limit {
		n = limit
	}
	out := make([]byte, 0, n)
	for i := 0; i < len(b) && (limit <= 0 || len(out) < limit); i++ {
		c := b[i]
		switch c {
		case '=':
			if i+2 < len(b) && unhex(b[i+1]) >= 0 && unhex(b[i+2]) >= 0 {
				out = append(out, byte(unhex(b[i+1])<<4|unhex(b[i+2])))
				i += 2
				continue
			}
			j := i + 1
			for j < len(b) && (b[j] == ' ' || b[j] == '\t') {
				j++
			}
			if j < len(b) && b[j] == '\r' && j+1 < len(b) && b[j+1] == '\n' {
				j++
			}
			if j < len(b) && b[j] == '\n' {
				i = j
				continue
			}
			if j == len(b) {
				return out // a soft break at the very end
			}
			out = append(out, c)
		case ' ', '\t':
			j := i
			for j < len(b) && (b[j] == ' ' || b[j] == '\t') {
				j++
			}
			if j == len(b) || b[j] == '\n' || (b[j] == '\r' && j+1 < len(b) && b[j+1] == '\n') {
				i = j - 1 // trailing white space: drop it, keep the line end
				continue
			}
			out = append(out, b[i:j]...)
			i = j - 1
		default:
			out = append(out, c)
		}
	}
	return capBytes(out, limit)
}

func unhex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'F':
		return int(c - 'A' + 10)
	case c >= 'a' && c <= 'f':
		return int(c - 'a' + 10)
	}
	return -1
}
