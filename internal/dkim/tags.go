package dkim

import (
	"errors"
	"fmt"
	"strings"
)

// Tags is a parsed DKIM tag-list (RFC 6376 §3.2). Values keep their inner whitespace; outer
// whitespace and folding are removed.
type Tags map[string]string

var errEmptyTagList = errors.New("empty tag list")

// ParseTags parses a tag-list such as a DKIM-Signature header value. It follows RFC 6376 §3.2
// closely enough that a signature a verifier would reject is reported as malformed, but it
// tolerates empty tag-specs (";;"), which real signers emit and verifiers accept.
func ParseTags(s string) (Tags, error) {
	tags := Tags{}
	for spec := range strings.SplitSeq(s, ";") {
		spec = trimFWS(spec)
		if spec == "" {
			continue
		}
		eq := strings.IndexByte(spec, '=')
		if eq < 0 {
			return nil, fmt.Errorf("tag %q has no value", clip(spec))
		}
		name := trimFWS(spec[:eq])
		if !validTagName(name) {
			return nil, fmt.Errorf("invalid tag name %q", clip(name))
		}
		value := trimFWS(spec[eq+1:])
		if !validTagValue(value) {
			return nil, fmt.Errorf("tag %s has an invalid value", name)
		}
		// §3.2: a duplicated tag makes the whole tag-list invalid.
		if _, dup := tags[name]; dup {
			return nil, fmt.Errorf("tag %s appears twice", name)
		}
		tags[name] = value
	}
	if len(tags) == 0 {
		return nil, errEmptyTagList
	}
	return tags, nil
}

func isFWS(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func trimFWS(s string) string {
	i, j := 0, len(s)
	for i < j && isFWS(s[i]) {
		i++
	}
	for j > i && isFWS(s[j-1]) {
		j--
	}
	return s[i:j]
}

// validTagName: tag-name = ALPHA *ALNUMPUNC, ALNUMPUNC = ALPHA / DIGIT / "_".
func validTagName(s string) bool {
	if s == "" || !isAlpha(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !isAlpha(c) && !(c >= '0' && c <= '9') && c != '_' {
			return false
		}
	}
	return true
}

func isAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// validTagValue: tval = 1*VALCHAR (%x21-3A / %x3C-7E) separated by FWS. A CR or LF must be
// part of a fold (followed by WSP), otherwise the header was damaged.
func validTagValue(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
		case c == '\r' || c == '\n':
			// Folding: CRLF (or bare LF from a LF-only file) followed by WSP.
			j := i + 1
			if c == '\r' && j < len(s) && s[j] == '\n' {
				j++
			}
			if j >= len(s) || (s[j] != ' ' && s[j] != '\t') {
				return false
			}
			i = j - 1
		case c >= 0x21 && c <= 0x7e && c != ';':
		default:
			return false
		}
	}
	return true
}

// stripFWS removes all whitespace, as base64 tag values allow it anywhere (§3.5 b=, bh=).
func stripFWS(s string) string {
	if !strings.ContainsAny(s, " \t\r\n") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if !isFWS(s[i]) {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func clip(s string) string {
	const max = 40
	if len(s) > max {
		return s[:max] + "…"
	}
	return s
}
