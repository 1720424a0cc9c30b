package report

import (
	"encoding/base64"
	"fmt"
	"mime"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/reportmail/reportmail/internal/mailmsg"
	"github.com/reportmail/reportmail/internal/provider"
)

// maxSubjectRunes bounds the original subject inside the report's Subject; the summary
// carries it in full.
const maxSubjectRunes = 200

// address checks one address for From or To and returns the whole header field (field is
// "From" or "To") and the bare address. Lists and groups are refused: the report goes to
// one desk, from one person.
func address(field, s string, sentinel error) (header, bare string, err error) {
	list, ok := mailmsg.ParseAddressList(strings.TrimSpace(s), "")
	if !ok || len(list) != 1 || list[0].Group != "" || !mailmsg.PlausibleAddress(list[0].Addr) || !isASCII(list[0].Addr) {
		// Non-ASCII addresses need SMTPUTF8, which the sending library does not speak.
		return "", "", fmt.Errorf("%w: %q", sentinel, s)
	}
	a := mail.Address{Name: mailmsg.Shorten(list[0].Name, 100), Address: list[0].Addr}
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

// prefixFor is the words the Subject starts with: the provider profile's, which the caller
// puts in Options, else the built-in profile's (smx.json), for a caller that has no profile
// at hand and for outbox records written before reports carried their own.
func prefixFor(o *Options) string {
	if p := mailmsg.OneLine(o.SubjectPrefix); p != "" {
		return p
	}
	return provider.Default().SubjectPrefixes.For(string(o.Kind))
}

// subjectFor puts the prefix words first, once: a subject that already starts with them
// (any case) gets them in their proper case rather than twice.
func subjectFor(prefix, original string) string {
	s := mailmsg.OneLine(original)
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
	return prefix + ": " + mailmsg.Shorten(s, maxSubjectRunes)
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
