package notice

import (
	"html"
	"strings"
	"testing"
)

// htmlTextRef is htmlText as it was when it lowered each whole tag: the answers must agree.
func htmlTextRef(s string) string {
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
		tag := strings.ToLower(s[i+1 : i+end])
		i += end + 1
		switch {
		case strings.HasPrefix(tag, "style") || strings.HasPrefix(tag, "script"):
			name := "</" + strings.Fields(tag + " ")[0]
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

var htmlCases = []string{
	"<p>a</p><BR>b<br/>c", `<STYLE type="text/css">p{}</style>x`, "<script>1</SCRIPT>y", "<P>a<P class=x>b",
	"<pre>a</pre>", "<TD>a</TD><td>b", "</DİV>x", "<\u212a>k", "<p", "<p>&amp;&lt;", "<İ>", "<styleİ>a</styleİ>b",
	"<table><tr><td>1</td></tr></table>", "<scriptX>q</scriptx>r", "<H1>t</H1>", "<p\xff>z",
}

func TestHTMLTextAsBefore(t *testing.T) {
	for _, s := range htmlCases {
		if got, want := htmlText(s), htmlTextRef(s); got != want {
			t.Errorf("htmlText(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzHTMLText(f *testing.F) {
	for _, s := range htmlCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := htmlText(s), htmlTextRef(s); got != want {
			t.Fatalf("htmlText(%q) = %q, want %q", s, got, want)
		}
	})
}
