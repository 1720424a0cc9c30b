package mailmsg

import "testing"

func TestDecodeWords(t *testing.T) {
	for _, tc := range []struct {
		in, hint, want string
		warn           Warning
	}{
		// Pinned (issue 9): a raw Latin-1 subject reads as Windows-1252, the same for the
		// mailbox picker (intake's display gave "caf\uFFFD") and the result card.
		{"caf\xe9", "", "café", RawEightBit},
		{"\x93quoted\x94 \x80", "", "\u201cquoted\u201d €", RawEightBit},
		{"café", "", "café", RawEightBit}, // raw UTF-8 (RFC 6532)
		{"plain", "", "plain", 0},
		{"=?iso-8859-1?q?R=E9sum=E9?=", "", "Résumé", 0},
		{"=?windows-1252?q?Caf=E9?= menu", "", "Café menu", 0},
		{"=?utf-8?q?Gr=C3=BC=C3=9Fe?=", "", "Grüße", 0},
		{"=?UTF-8?B?Q2Fmw6k=?=", "", "Café", 0},
		{"=?utf-8?b?Q2Fmw6k?=", "", "Café", 0}, // missing padding
		// RFC 2047 §6.2: white space between adjacent words goes; around them it stays.
		{"=?utf-8?q?a?= =?utf-8?q?b?=", "", "ab", 0},
		{"x =?utf-8?q?a?=  y", "", "x a  y", 0},
		// A character split across two words.
		{"=?utf-8?b?w6k=?= =?utf-8?b?4oI=?= =?utf-8?b?rA==?=", "", "é€", 0},
		{"=?utf-8*en?q?hi?=", "", "hi", 0},
		// Malformed words stay as written.
		{"=?utf-8?x?abc?=", "", "=?utf-8?x?abc?=", 0},
		{"=?utf-8?q?unterminated", "", "=?utf-8?q?unterminated", 0},
		// Unknown charset: a warning, the word as written.
		{"=?x-klingon?q?abc?= ok", "", "=?x-klingon?q?abc?= ok", UnknownCharset},
		// A raw Big5 subject with the body's charset as the hint.
		{"\xa4\xa4\xa4\xe5", "big5", "中文", RawEightBit},
		{"\xa4\xa4\xa4\xe5", "", "¤¤¤å", RawEightBit},
	} {
		got, w := DecodeWords(tc.in, tc.hint)
		if got != tc.want || w != tc.warn {
			t.Errorf("DecodeWords(%q, %q) = %q %v, want %q %v", tc.in, tc.hint, got, w, tc.want, tc.warn)
		}
	}
}

func TestText(t *testing.T) {
	got, _ := Text("  =?utf-8?q?a?=\r\n\t b\x01c\u2028d  ", "")
	if got != "a b c d" {
		t.Errorf("Text = %q", got)
	}
	h := ParseHeader([]byte("Subject: caf\xe9\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\n"))
	if s, _ := h.Text("Subject"); s != "café" {
		t.Errorf("Header.Text = %q", s)
	}
	if got := Shorten("abcdef", 4); got != "abc…" {
		t.Errorf("Shorten = %q", got)
	}
}

func TestDecodeCharset(t *testing.T) {
	if s, w := DecodeCharset([]byte("\xff\xfeh\x00i\x00"), "utf-16", 0); s != "hi" || w != 0 {
		t.Errorf("utf-16 BOM: %q %v", s, w)
	}
	if s, _ := DecodeCharset([]byte("h\x00i\x00"), "utf-16", 0); s != "hi" {
		t.Errorf("utf-16 little-endian without BOM: %q", s)
	}
	if s, w := DecodeCharset([]byte("caf\xe9"), "x-unknown", 0); s != "café" || w != UnknownCharset {
		t.Errorf("unknown: %q %v", s, w)
	}
	if s, _ := DecodeCharset([]byte("\xcf\xf0\xe8"), "windows-1251", 0); s != "При" {
		t.Errorf("cp1251: %q", s)
	}
}
