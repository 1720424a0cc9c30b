package report

import (
	"encoding/base64"
	"fmt"
	"mime"
	"net/mail"
	"strings"
	"unicode/utf8"
)

// maxSubjectRunes bounds the original subject inside the report's Subject; the summary
// carries it in full.
const maxSubjectRunes = 200

// address checks one address for From or To and returns the whole header field (field is
// "From" or "To") and the bare address. Lists are refused: the report goes to one desk,
// from one person.
func address(field, s string, sentinel error) (header, bare string, err error) {
	a, perr := mail.ParseAddress(strings.TrimSpace(s))
	if perr != nil || !isASCII(a.Address) || !strings.Contains(a.Address, "@") {
		// Non-ASCII addresses need SMTPUTF8, which the sending library does not speak.
		return "", "", fmt.Errorf("%w: %q", sentinel, s)
	}
	a.Name = truncateRunes(oneLine(a.Name), 100)
	addr := strings.TrimSuffix(strings.TrimPrefix((&mail.Address{Address: a.Address}).String(), "<"), ">")
	switch {
	case a.Name == "":
		// A bare address reads better than "<…>" and every client takes it.
		return field + ": " + addr, a.Address, nil
	case isASCII(a.Name):
		return field + ": " + a.String(), a.Address, nil
	}
	return fold(field+":", []string{encodeName(a.Name), "<" + addr + ">"}), a.Address, nil
}

// encodeName writes a non-ASCII display name as a single encoded word. Decoders disagree
// about two encoded words side by side in a name (RFC 2047 6.2 drops the space between
// them; Python's email package keeps one), so a name too long for one word is shortened
// rather than split; it is only a label beside the address.
func encodeName(name string) string {
	if q := encodeWords(name); len(q) == 1 {
		return q[0]
	}
	const maxBytes = 45 // 60 base64 characters inside the 75-octet word
	if len(name) > maxBytes {
		n := maxBytes - len("…")
		for n > 0 && !utf8.RuneStart(name[n]) {
			n--
		}
		name = name[:n] + "…"
	}
	return "=?utf-8?b?" + base64.StdEncoding.EncodeToString([]byte(name)) + "?="
}

// subjectFor puts the prefix words first, once: a subject that already starts with them
// (any case) gets them in their proper case rather than twice.
func subjectFor(prefix, original string) string {
	s := oneLine(original)
	if s == "" {
		s = "(no subject)"
	}
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		rest := s[len(prefix):]
		if rest == "" || rest[0] == ':' {
			rest = strings.TrimSpace(strings.TrimPrefix(rest, ":"))
			if rest == "" {
				rest = "(no subject)"
			}
			s = rest
		}
	}
	return prefix + ": " + truncateRunes(s, maxSubjectRunes)
}

// oneLine makes s fit a header or a one-line summary field: valid UTF-8, no control
// characters, single spaces.
func oneLine(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029 {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// unstructured writes an unstructured header field (RFC 5322 3.2.5) folded to lines of at
// most 78 octets where words allow. Words that are not plain ASCII, look like encoded
// words, or are too long to fold are written as RFC 2047 encoded words; runs of them are
// encoded together so the spaces between them survive decoding.
func unstructured(name, value string) string {
	words := strings.Fields(value)
	var atoms []string
	for i := 0; i < len(words); {
		if !needsEncoding(words[i]) {
			atoms = append(atoms, words[i])
			i++
			continue
		}
		j := i + 1
		for j < len(words) && needsEncoding(words[j]) {
			j++
		}
		atoms = append(atoms, encodeWords(strings.Join(words[i:j], " "))...)
		i = j
	}
	return fold(name+":", atoms)
}

func needsEncoding(w string) bool {
	return !isASCII(w) || strings.Contains(w, "=?") || len(w) > 66 || strings.ContainsFunc(w, func(r rune) bool { return r < 0x20 || r == 0x7f })
}

// encodeWords splits s into Q-encoded words of at most 75 octets (RFC 2047 2), never
// splitting a character. Only letters, digits and !*+-/ go unescaped (the set RFC 2047 5(3)
// allows anywhere), so the words are safe in any header.
func encodeWords(s string) []string {
	const open, close, max = "=?utf-8?q?", "?=", 75
	var out []string
	var cur strings.Builder
	for _, r := range s {
		var enc string
		switch {
		case r == ' ':
			enc = "_"
		case r < utf8.RuneSelf && (isAlnum(byte(r)) || strings.ContainsRune("!*+-/", r)):
			enc = string(r)
		default:
			var b [utf8.UTFMax]byte
			n := utf8.EncodeRune(b[:], r)
			for _, c := range b[:n] {
				enc += fmt.Sprintf("=%02X", c)
			}
		}
		if len(open)+cur.Len()+len(enc)+len(close) > max {
			out = append(out, open+cur.String()+close)
			cur.Reset()
		}
		cur.WriteString(enc)
	}
	if cur.Len() > 0 {
		out = append(out, open+cur.String()+close)
	}
	return out
}

// fold joins atoms with spaces, breaking before an atom that would push a line past 78.
func fold(head string, atoms []string) string {
	var b strings.Builder
	b.WriteString(head)
	line := len(head)
	for _, a := range atoms {
		if line+1+len(a) > 78 && line > len(head) {
			b.WriteString("\r\n")
			line = 0
		}
		b.WriteByte(' ')
		b.WriteString(a)
		line += 1 + len(a)
	}
	return b.String()
}

// mediaType formats a Content-Type or Content-Disposition value with one file-name
// parameter; a name mime cannot format is left out rather than sent broken.
func mediaType(t, param, name string) string {
	if v := mime.FormatMediaType(t, map[string]string{param: name}); v != "" {
		return v
	}
	return t
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}
