package mailmsg

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Warning flags what reading a value had to guess. A warning is never a failure: the text
// comes back readable either way, and callers decide whether the guess deserves a finding.
type Warning uint8

const (
	// UnknownCharset: a declared charset is not in the table; the bytes were read with the
	// fallback rule (UTF-8 if valid, else Windows-1252) or, for an encoded word, left as written.
	UnknownCharset Warning = 1 << iota
	// RawEightBit: a header carried 8-bit bytes outside any encoded word (RFC 5322 §2.2
	// allows only US-ASCII); they were read with the fallback rule.
	RawEightBit
)

// FallbackText is the one rule for bytes whose charset nobody declared or that no table
// knows: valid UTF-8 is taken as it is (RFC 6532 allows it in headers), anything else is
// read as Windows-1252, the superset of ISO-8859-1 that Windows mailers actually write and
// that decodes every byte, so nothing is lost to U+FFFD.
func FallbackText(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(out)
}

// latinCharset reports the charsets whose bytes the fallback rule reads at least as well as
// their own decoder: senders label Windows-1252 text "iso-8859-1" and UTF-8 text "us-ascii".
func latinCharset(cs string) bool {
	switch cs {
	case "", "us-ascii", "ascii", "utf-8", "utf8", "iso-8859-1", "iso8859-1", "latin1", "latin-1",
		"windows-1252", "cp1252":
		return true
	}
	return false
}

// KnownCharset reports whether DecodeCharset can read cs with its own table.
func KnownCharset(cs string) bool {
	cs = strings.ToLower(strings.TrimSpace(cs))
	if latinCharset(cs) || cs == "utf-16" {
		return true
	}
	_, err := charset.Reader(cs, bytes.NewReader(nil))
	return err == nil
}

// DecodeCharset converts data in charset cs to UTF-8, producing at most about limit bytes
// (limit <= 0 means no bound). An unknown charset gives the fallback text and the
// UnknownCharset warning, never an error. The table is go-message's (IANA and WHATWG names);
// "utf-16" without a byte-order mark is read in whichever order its zero bytes show, since
// Windows writes little-endian although RFC 2781 §4.3 says big-endian.
func DecodeCharset(data []byte, cs string, limit int) (string, Warning) {
	cs = strings.ToLower(strings.TrimSpace(cs))
	if latinCharset(cs) {
		return FallbackText(capBytes(data, limit)), 0
	}
	var r io.Reader
	if cs == "utf-16" && !hasBOM(data) {
		r = utf16Decoder(data).Reader(bytes.NewReader(data))
	} else {
		var err error
		if r, err = charset.Reader(cs, bytes.NewReader(data)); err != nil {
			return FallbackText(capBytes(data, limit)), UnknownCharset
		}
	}
	if limit > 0 {
		// Decoders expand (one byte to three); the bound keeps memory proportional.
		r = io.LimitReader(r, int64(limit))
	}
	out, err := io.ReadAll(r)
	if err != nil && len(out) == 0 {
		return FallbackText(capBytes(data, limit)), UnknownCharset
	}
	return strings.ToValidUTF8(string(out), "\uFFFD"), 0
}

// HeaderText reads header bytes outside encoded words. hint is the charset the message
// declares for its body, or "": mailers in Asia write Big5 or GB2312 straight into the
// Subject and declare it only in Content-Type. The hint is used only when the bytes are not
// UTF-8, it is not a Latin charset, and it decodes without a replacement character;
// otherwise the fallback rule applies. Raw 8-bit bytes give the RawEightBit warning.
func HeaderText(s, hint string) (string, Warning) {
	if isASCII(s) {
		return s, 0
	}
	if utf8.ValidString(s) {
		return s, RawEightBit
	}
	hint = strings.ToLower(strings.TrimSpace(hint))
	if !latinCharset(hint) {
		if out, w := DecodeCharset([]byte(s), hint, len(s)*4+16); w == 0 && !strings.ContainsRune(out, utf8.RuneError) {
			return out, RawEightBit
		}
	}
	return FallbackText([]byte(s)), RawEightBit
}

func capBytes(b []byte, limit int) []byte {
	if limit > 0 && len(b) > limit {
		return b[:limit]
	}
	return b
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
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
