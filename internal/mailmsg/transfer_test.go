package mailmsg

import (
	"bytes"
	"strings"
	"testing"
)

func TestDecodeBase64(t *testing.T) {
	for in, want := range map[string]string{
		"aGVsbG8gd29ybGQ=":           "hello world",
		"aGVs\r\nbG8g\r\n d29y bGQ=": "hello world",
		"aGVsbG8gd29ybGQ":            "hello world", // missing padding
		"aGVsbG8=\r\nd29ybGQ=":       "hello",       // padding ends the data
		"a#GVs!bG8":                  "hello",
		"":                           "",
	} {
		if got := string(DecodeBase64([]byte(in), 0)); got != want {
			t.Errorf("DecodeBase64(%q) = %q, want %q", in, got, want)
		}
	}
	long := bytes.Repeat([]byte("aGVsbG8gd29ybGQh\r\n"), 1000)
	if got := DecodeBase64(long, 7); string(got) != "hello w" {
		t.Errorf("limited: %q", got)
	}
}

func TestDecodeQP(t *testing.T) {
	for in, want := range map[string]string{
		"caf=C3=A9":             "café",
		"caf=c3=a9":             "café",
		"soft=\r\nbreak":        "softbreak",
		"soft= \r\nbreak":       "softbreak",
		"soft=\nbreak":          "softbreak",
		"100% =XY sure":         "100% =XY sure",
		"trailing   \r\nnext":   "trailing\r\nnext",
		"a = b":                 "a = b",
		"end=":                  "end",
		"tab\tinside\tline\r\n": "tab\tinside\tline\r\n",
	} {
		if got := string(DecodeQP([]byte(in), 0)); got != want {
			t.Errorf("DecodeQP(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTransferEncoding(t *testing.T) {
	for in, want := range map[string]string{"": "7bit", " Base64 ": "base64", "8bit (comment)": "8bit", "x-uue": "x-uue"} {
		got, known := TransferEncoding(in)
		if got != want || known != (want != "x-uue") {
			t.Errorf("TransferEncoding(%q) = %q %v", in, got, known)
		}
	}
	if got := string(Decode([]byte("abc"), "x-uue", 0)); got != "abc" {
		t.Errorf("unknown passes through: %q", got)
	}
}

func TestTransport(t *testing.T) {
	line998 := strings.Repeat("a", 998)
	for _, tc := range []struct {
		name   string
		in     string
		eight  bool
		enc    string
		hold   Hold
		seven8 [2]bool // SevenBitClean, EightBitClean
	}{
		{"ascii", "hello\r\nworld\r\n", false, "7bit", Travels, [2]bool{true, true}},
		{"998 octets is allowed", line998 + "\r\n", false, "7bit", Travels, [2]bool{true, true}},
		{"999 is not", line998 + "a\r\n", false, "", LongLine, [2]bool{false, false}},
		{"8-bit with 8BITMIME", "caf\xc3\xa9\r\n", true, "8bit", Travels, [2]bool{false, true}},
		{"8-bit without", "caf\xc3\xa9\r\n", false, "", NoEightBit, [2]bool{false, true}},
		{"NUL", "a\x00b\r\n", true, "", NULByte, [2]bool{false, false}},
		{"bare CR", "a\rb\r\n", true, "", BareCR, [2]bool{false, false}},
		{"bare LF", "a\nb", true, "", BareLF, [2]bool{false, false}},
	} {
		enc, hold := Transport([]byte(tc.in), tc.eight)
		if enc != tc.enc || hold != tc.hold {
			t.Errorf("%s: Transport = %q %v, want %q %v", tc.name, enc, hold, tc.enc, tc.hold)
		}
		if SevenBitClean([]byte(tc.in)) != tc.seven8[0] || EightBitClean([]byte(tc.in)) != tc.seven8[1] {
			t.Errorf("%s: clean = %v %v, want %v", tc.name, SevenBitClean([]byte(tc.in)), EightBitClean([]byte(tc.in)), tc.seven8)
		}
	}
	if Has8Bit([]byte("abc")) || !Has8Bit([]byte("caf\xe9")) {
		t.Error("Has8Bit")
	}
}
