package check

import (
	"html"
	"strings"
)

// decodeTextPart returns up to about limit bytes of a text part's content as UTF-8. known is
// false when the charset could not be read; the text is then read as Windows-1252, which
// keeps the ASCII markers the forward check looks for.
func decodeTextPart(p textPart, limit int) (text string, known bool) {
	return decodeCharset(transferDecode(p.body, p.encoding, limit), p.charset, limit)
}

// transferDecode undoes a Content-Transfer-Encoding, producing at most about limit bytes.
// Unknown encodings are passed through: the markers are ASCII either way.
func transferDecode(body []byte, enc string, limit int) []byte {
	switch enc {
	case "base64":
		return decodeBase64(body, limit)
	case "quoted-printable":
		return decodeQP(body, limit)
	default:
		if len(body) > limit {
			body = body[:limit]
		}
		return body
	}
}

// decodeQP decodes quoted-printable leniently (RFC 2045 §6.7 note 4 asks decoders to be
// robust): a "=" not followed by two hex digits or a line break is kept as it is.
func decodeQP(body []byte, limit int) []byte {
	out := make([]byte, 0, min(len(body), limit))
	for i := 0; i < len(body) && len(out) < limit; i++ {
		c := body[i]
		if c != '=' {
			out = append(out, c)
			continue
		}
		if i+2 < len(body) && unhex(body[i+1]) >= 0 && unhex(body[i+2]) >= 0 {
			out = append(out, byte(unhex(body[i+1])<<4|unhex(body[i+2])))
			i += 2
			continue
		}
		// Soft line break: "=" then optional white space then the line end.
		j := i + 1
		for j < len(body) && (body[j] == ' ' || body[j] == '\t') {
			j++
		}
		if j < len(body) && body[j] == '\r' {
			j++
		}
		if j < len(body) && body[j] == '\n' {
			i = j
			continue
		}
		if j == len(body) {
			break
		}
		out = append(out, c)
	}
	return out
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

// htmlToText reduces HTML to the lines a reader sees: tags that break lines become line
// breaks, other tags vanish, script, style and comments are dropped, entities decoded and
// no-break spaces made plain spaces (Outlook writes "De&nbsp;:").
func htmlToText(s string) string {
	var b strings.Builder
	b.Grow(len(s) / 2)
	quote := 0 // depth of <blockquote>: quoted history, marked "> " like plain-text quoting
	newline := func() {
		b.WriteByte('\n')
		for range min(quote, 8) {
			b.WriteString("> ")
		}
	}
	i := 0
	for i < len(s) {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			lt = len(s) - i
		}
		// Line breaks in the source are spaces on screen; only tags break lines.
		b.WriteString(htmlSpace.Replace(s[i : i+lt]))
		i += lt
		if i >= len(s) {
			break
		}
		if strings.HasPrefix(s[i:], "<!--") {
			end := strings.Index(s[i+4:], "-->")
			if end < 0 {
				break
			}
			i += 4 + end + 3
			continue
		}
		gt := strings.IndexByte(s[i:], '>')
		if gt < 0 {
			break
		}
		tag := tagName(s[i+1 : i+gt])
		i += gt + 1
		switch tag {
		case "script", "style", "head", "title":
			// Skip to the matching end tag.
			end := indexFold(s[i:], "</"+tag)
			if end < 0 {
				i = len(s)
				continue
			}
			i += end
		case "blockquote":
			quote++
			newline()
		case "/blockquote":
			quote = max(quote-1, 0)
			newline()
		case "br", "p", "/p", "div", "/div", "tr", "/tr", "li", "hr", "table", "/table",
			"h1", "h2", "h3", "h4", "h5", "h6", "/h1", "/h2", "/h3", "/h4", "/h5", "/h6",
			"pre", "/pre", "dt", "dd":
			newline()
		case "td", "/td", "th":
			b.WriteByte(' ')
		}
	}
	text := html.UnescapeString(b.String())
	return strings.ReplaceAll(text, "\u00a0", " ")
}

var htmlSpace = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ")

// tagName returns the lower-case name of a tag, with "/" kept for end tags.
func tagName(t string) string {
	t = strings.TrimSpace(t)
	end := 0
	for end < len(t) {
		c := t[end]
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '>' || (c == '/' && end > 0) {
			break
		}
		end++
	}
	return strings.ToLower(t[:end])
}

// indexFold is strings.Index ignoring ASCII case, for short needles.
func indexFold(s, needle string) int {
	n := len(needle)
	for i := 0; i+n <= len(s); i++ {
		if strings.EqualFold(s[i:i+n], needle) {
			return i
		}
	}
	return -1
}
