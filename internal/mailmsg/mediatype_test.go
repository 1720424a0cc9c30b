package mailmsg

import (
	"maps"
	"testing"
)

func TestParseMediaType(t *testing.T) {
	for _, tc := range []struct {
		in      string
		typ     string
		params  map[string]string
		damaged bool
		warn    Warning
	}{
		{in: `text/plain; charset="utf-8"`, typ: "text/plain", params: map[string]string{"charset": "utf-8"}},
		{in: `TEXT/HTML;CHARSET=ISO-8859-1`, typ: "text/html", params: map[string]string{"charset": "ISO-8859-1"}},
		{in: "", typ: ""},
		{in: "garbage", typ: "garbage"}, // a disposition-shaped word; Or gives the default
		{in: "text/", typ: "", damaged: true},
		{in: `multipart/mixed;; boundary="b1"`, typ: "multipart/mixed", params: map[string]string{"boundary": "b1"}},
		{in: `multipart/mixed; boundary==_Part_1_2.3`, typ: "multipart/mixed", params: map[string]string{"boundary": "=_Part_1_2.3"}},
		{in: `multipart/mixed; boundary=abc def`, typ: "multipart/mixed", params: map[string]string{"boundary": "abc def"}},
		// Apple Mail: no semicolon before x-unix-mode.
		{in: `application/vnd.ms-excel; name*0=a; name*1=x.xls x-unix-mode=0666`, typ: "application/vnd.ms-excel",
			params: map[string]string{"name": "ax.xls", "x-unix-mode": "0666"}, damaged: true},
		// RFC 2231 §3, §4: continuations, charset'lang'value, percent escapes.
		{in: "attachment; filename*0*=iso-8859-1''caf%E9; filename*1*=%20menu.txt", typ: "attachment",
			params: map[string]string{"filename": "café menu.txt"}},
		{in: "attachment; filename*=UTF-8''%E2%82%AC.pdf; filename=euro.pdf", typ: "attachment",
			params: map[string]string{"filename": "€.pdf"}},
		{in: "attachment; filename*=x-unknown''%41%42", typ: "attachment", params: map[string]string{"filename": "AB"}, warn: UnknownCharset},
		{in: "attachment; filename*=utf-8''bad%zz", typ: "attachment", params: map[string]string{"filename": "bad%zz"}},
		{in: `text/plain; charset=us-ascii; charset=utf-8`, typ: "text/plain", params: map[string]string{"charset": "us-ascii"}, damaged: true},
		{in: `text/plain; name="unterminated`, typ: "text/plain", params: map[string]string{"name": "unterminated"}, damaged: true},
		{in: `text/plain; name="a\"b"`, typ: "text/plain", params: map[string]string{"name": `a"b`}},
		{in: "text/plain;\r\n\tformat=flowed", typ: "text/plain", params: map[string]string{"format": "flowed"}},
		{in: "text/plain; =x; y", typ: "text/plain", params: map[string]string{}, damaged: true},
	} {
		m := ParseMediaType(tc.in)
		want := tc.params
		if want == nil {
			want = map[string]string{}
		}
		if m.Type != tc.typ || !maps.Equal(m.Params, want) || m.Damaged != tc.damaged || m.Warning != tc.warn {
			t.Errorf("ParseMediaType(%q) = %q %v damaged=%v warn=%v, want %q %v damaged=%v warn=%v",
				tc.in, m.Type, m.Params, m.Damaged, m.Warning, tc.typ, want, tc.damaged, tc.warn)
		}
	}
	if got := ParseMediaType("garbage").Or("text/plain").Type; got != "text/plain" {
		t.Errorf("Or = %q", got)
	}
}
