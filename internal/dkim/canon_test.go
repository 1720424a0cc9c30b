package dkim

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"testing"
)

func canonString(body string, relaxed bool) string {
	var b bytes.Buffer
	canonBody([]byte(body), relaxed, &b)
	return b.String()
}

// TestCanonRFC6376 uses the examples of RFC 6376 §3.4.5 and the empty-body rules of §3.4.3
// and §3.4.4.
func TestCanonRFC6376(t *testing.T) {
	tests := []struct {
		name, body, simple, relaxed string
	}{
		{"rfc6376 3.4.5", " C \r\nD \t E\r\n\r\n\r\n", " C \r\nD \t E\r\n", " C\r\nD E\r\n"},
		{"empty", "", "\r\n", ""},
		{"only empty lines", "\r\n\r\n\r\n", "\r\n", ""},
		{"only whitespace lines", " \r\n\t\r\n", " \r\n\t\r\n", ""},
		{"no final line end", "abc", "abc\r\n", "abc\r\n"},
		{"inner empty lines kept", "a\r\n\r\n\r\nb\r\n\r\n", "a\r\n\r\n\r\nb\r\n", "a\r\n\r\n\r\nb\r\n"},
		{"bare LF treated as line end", "a  b\n\nc\n\n", "a  b\r\n\r\nc\r\n", "a b\r\n\r\nc\r\n"},
		{"trailing whitespace", "x \t \r\ny\r\n", "x \t \r\ny\r\n", "x\r\ny\r\n"},
		{"leading whitespace collapsed", "\t\tz\r\n", "\t\tz\r\n", " z\r\n"},
		{"many blank lines then text", "a\r\n" + string(bytes.Repeat([]byte("\r\n"), 100)) + "b\r\n",
			"a\r\n" + string(bytes.Repeat([]byte("\r\n"), 100)) + "b\r\n",
			"a\r\n" + string(bytes.Repeat([]byte("\r\n"), 100)) + "b\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := canonString(tt.body, false); got != tt.simple {
				t.Errorf("simple = %q, want %q", got, tt.simple)
			}
			if got := canonString(tt.body, true); got != tt.relaxed {
				t.Errorf("relaxed = %q, want %q", got, tt.relaxed)
			}
		})
	}
}

// TestCanonMatchesReference compares the streaming canonicaliser with a plain line-by-line
// reference on awkward inputs.
func TestCanonMatchesReference(t *testing.T) {
	inputs := []string{
		"", "\r", "\n", "\r\n", "a", "a\r", "a\r\r\n", " \r\n x", "\t\r\n\r\n \r\nq  \r\n\r\n",
		"a\nb\r\nc\n\r\n", "x\r\n\r\ny \r\n  \r\n", "A  B\tC \r\nD\r\n", "\r\n\r\nabc",
	}
	for _, in := range inputs {
		for _, relaxed := range []bool{false, true} {
			if got, want := canonString(in, relaxed), referenceCanon(in, relaxed); got != want {
				t.Errorf("canon(%q, relaxed=%v) = %q, want %q", in, relaxed, got, want)
			}
		}
	}
}

func referenceCanon(body string, relaxed bool) string {
	var lines []string
	for len(body) > 0 {
		i := bytes.IndexByte([]byte(body), '\n')
		if i < 0 {
			lines = append(lines, body)
			break
		}
		line := body[:i]
		if len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
		lines = append(lines, line)
		body = body[i+1:]
	}
	for i, l := range lines {
		if relaxed {
			var b []byte
			ws := false
			for j := 0; j < len(l); j++ {
				if l[j] == ' ' || l[j] == '\t' {
					ws = true
					continue
				}
				if ws {
					b = append(b, ' ')
					ws = false
				}
				b = append(b, l[j])
			}
			lines[i] = string(b)
		}
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	var out string
	for _, l := range lines {
		out += l + "\r\n"
	}
	if out == "" && !relaxed {
		out = "\r\n"
	}
	return out
}

func FuzzCanon(f *testing.F) {
	for _, s := range []string{"", " C \r\nD \t E\r\n\r\n\r\n", "a\nb", "\r\r\n \t\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, relaxed := range []bool{false, true} {
			if got, want := canonString(string(body), relaxed), referenceCanon(string(body), relaxed); got != want {
				t.Fatalf("canon(%q, relaxed=%v) = %q, want %q", body, relaxed, got, want)
			}
		}
	})
}

func bhOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return base64.StdEncoding.EncodeToString(sum[:])
}
