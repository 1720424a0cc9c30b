package check

import (
	"html"
	"strings"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// decodeTextPart returns up to about limit bytes of a text part's content as UTF-8. known is
// false when the charset could not be read; the text is then read by mailmsg's fallback rule,
// which keeps the ASCII markers the forward check looks for.
func decodeTextPart(p textPart, limit int) (text string, known bool) {
	text, w := mailmsg.DecodeCharset(mailmsg.Decode(p.body, p.encoding, limit), p.charset, limit)
	return text, w&mailmsg.UnknownCharset == 0
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
	return mailmsg.LowerASCII(t[:end]) // tag names are ASCII: "SCRİPT" is no script tag
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
