package mailmsg

import (
	"strings"
	"testing"
)

// oneLineRef is OneLine as first written, in the obvious three passes: the one-pass OneLine
// must give the same string for every input.
func oneLineRef(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029 {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

var oneLineCases = []string{
	"", " ", "plain", "two  spaces", " lead", "trail ", "tab\there", "line\r\n end", "\x00nul\x7fdel",
	"c1\u0085next\u00a0nbsp", "sep\u2028line\u2029para", "ideo\u3000space", "bad\xff\xfebytes", "\xffstart",
	"end\xe2\x82", "valid\uFFFD\xffmix", "\uFFFD\uFFFD", "日本語 テキスト", "  \t\n  ", "a \xff b", "\xff \xff",
	"ok text, one line.", "x\u200by", "\u1680ogham",
}

func TestOneLineSameAsReference(t *testing.T) {
	for _, s := range oneLineCases {
		if got, want := OneLine(s), oneLineRef(s); got != want {
			t.Errorf("OneLine(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzOneLine(f *testing.F) {
	for _, s := range oneLineCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := OneLine(s), oneLineRef(s); got != want {
			t.Fatalf("OneLine(%q) = %q, want %q", s, got, want)
		}
	})
}

// FuzzOneLineValue: ParseMediaType's clean-up is strings.Map's, which also turns invalid
// UTF-8 into U+FFFD, whether or not the value had a line end.
func FuzzOneLineValue(f *testing.F) {
	for _, s := range []string{"text/plain", "text/plain;\r\n charset=x", "a\xffb", "multipart/mixed;\n\tboundary=\"x\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.Map(func(r rune) rune {
			if r == '\r' || r == '\n' {
				return ' '
			}
			return r
		}, s)
		if got := oneLineValue(s); got != want {
			t.Fatalf("oneLineValue(%q) = %q, want %q", s, got, want)
		}
	})
}
