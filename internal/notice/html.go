package notice

import (
	"html"
	"strings"
)

// htmlText reduces an HTML part (Exchange and Microsoft 365 notices send their words only
// there) to its text: tags removed, block ends as line ends, entities decoded.
func htmlText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '<' {
			k := strings.IndexByte(s[i:], '<')
			if k < 0 {
				k = len(s) - i
			}
			b.WriteString(s[i : i+k])
			i += k
			continue
		}
		end := strings.IndexByte(s[i:], '>')
		if end < 0 {
			break
		}
		tag := tagHead(s[i+1 : i+end])
		i += end + 1
		switch {
		case strings.HasPrefix(tag, "style") || strings.HasPrefix(tag, "script"):
			name := "</" + strings.Fields(lower(s[i-end:i-1]) + " ")[0]
			if k := indexFold(s[i:], name); k >= 0 {
				i += k
			}
		case strings.HasPrefix(tag, "br") || strings.HasPrefix(tag, "/p") || strings.HasPrefix(tag, "/div") ||
			strings.HasPrefix(tag, "/tr") || strings.HasPrefix(tag, "p ") || tag == "p" || strings.HasPrefix(tag, "/h"):
			b.WriteByte('\n')
		case strings.HasPrefix(tag, "/td"):
			b.WriteByte(' ')
		}
	}
	return html.UnescapeString(b.String())
}

// tagHead is as much of lower(raw) as the tests on a tag look at: its first eight bytes when
// they are ASCII (each then lowers to one byte, whatever follows), else all of it. Lowering
// whole tags, style attributes and all, cost more than the rest of the HTML reading.
func tagHead(raw string) string {
	if len(raw) > tagHeadLen && isASCII(raw[:tagHeadLen]) {
		raw = raw[:tagHeadLen]
	}
	return lower(raw)
}

// tagHeadLen is more than the longest name htmlText tests for ("script"), so that a longer
// tag never equals a short one ("p").
const tagHeadLen = 8

// indexFold is strings.Index ignoring ASCII case, without lower-casing the rest of the text
// (which, once per tag, would cost the square of the text's length).
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		k := strings.IndexByte(s[i:], '<')
		if k < 0 {
			return -1
		}
		i += k
		if i+len(sub) <= len(s) && strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}
