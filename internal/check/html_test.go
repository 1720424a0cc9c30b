package check

import (
	"strings"
	"testing"
)

func TestHTMLToText(t *testing.T) {
	in := "<html><head><style>p{}</style><title>t</title></head><body><div>Hi<br>there</div>" +
		"<!-- note --><b>From:</b>&nbsp;A &lt;a@b&gt;<br>\n<blockquote>quoted<br>more</blockquote>after<script>x()</script></body></html>"
	got := htmlToText(in)
	for _, want := range []string{"\nHi\nthere\n", "From: A <a@b>", "\n> quoted\n> more\n", "after"} {
		if !strings.Contains(got, want) {
			t.Errorf("htmlToText = %q, missing %q", got, want)
		}
	}
	for _, bad := range []string{"p{}", "note", "x()", "<b>", "<br>"} {
		if strings.Contains(got, bad) {
			t.Errorf("htmlToText = %q, kept %q", got, bad)
		}
	}
}
