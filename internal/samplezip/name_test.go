package samplezip

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSafeName(t *testing.T) {
	cases := map[string]string{
		"Your invoice":                   "Your invoice.eml",
		"Re: [EXT] ../../etc/passwd":     "Re [EXT] .. .. etc passwd.eml",
		`C:\Windows\system32`:            "C Windows system32.eml",
		"":                               "message.eml",
		"   ":                            "message.eml",
		"...":                            "message.eml",
		"CON":                            "_CON.eml",
		"con.txt":                        "_con.txt.eml",
		"LPT1 ":                          "_LPT1.eml",
		"COM¹":                           "_COM¹.eml",
		"Conference":                     "Conference.eml",
		"tab\there\r\nnew line":          "tab here new line.eml",
		"a<b>c|d?e*f\"g":                 "a b c d e f g.eml",
		"trailing dots...":               "trailing dots.eml",
		".hidden":                        "hidden.eml",
		"-rf":                            "rf.eml",
		"saved.EML":                      "saved.eml",
		"Grüße 日本語":                      "Grüße 日本語.eml",
		"photo\u202egpj.exe":             "photogpj.exe.eml",
		"zero\u200bwidth":                "zerowidth.eml",
		"bad \xff utf8":                  "bad _ utf8.eml",
		strings.Repeat("x", 300):         strings.Repeat("x", 100) + ".eml",
		strings.Repeat("é", 80):          strings.Repeat("é", 50) + ".eml",
		"Invoice #4471 – 50% off! (2/3)": "Invoice #4471 – 50% off! (2 3).eml",
	}
	for in, want := range cases {
		if got := SafeName(in); got != want {
			t.Errorf("SafeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSafeFileName(t *testing.T) {
	cases := []struct{ in, ext, want string }{
		{`C:\Users\me\Desktop\Invoice.MSG`, ".msg", "Invoice.msg"},
		{"/home/me/notice", ".eml", "notice.eml"},
		{"aux.msg", ".msg", "_aux.msg"},
		{"", ".msg", "attachment.msg"},
		{"report.tar.gz", ".eml", "report.tar.gz"},
		{"weird.ext with space", ".eml", "weird.ext with space.eml"},
	}
	for _, c := range cases {
		if got := SafeFileName(c.in, c.ext); got != c.want {
			t.Errorf("SafeFileName(%q, %q) = %q, want %q", c.in, c.ext, got, c.want)
		}
	}
}

func FuzzSafeName(f *testing.F) {
	for _, s := range []string{"Your invoice", "CON", "a/b\\c", "x.eml.eml", strings.Repeat("é", 60), "\u202e", "com1.eml"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := SafeName(s)
		if SafeName(n) != n {
			t.Fatalf("SafeName not idempotent: %q -> %q -> %q", s, n, SafeName(n))
		}
		checkFileName(t, n, ".eml")
	})
}

func FuzzSafeFileName(f *testing.F) {
	for _, s := range []string{`C:\x\Invoice.msg`, "aux.msg", "", "a.b.c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := SafeFileName(s, ".msg")
		checkFileName(t, n, extension(n))
	})
}

func checkFileName(t *testing.T, n, ext string) {
	t.Helper()
	stem := strings.TrimSuffix(n, ext)
	switch {
	case !utf8.ValidString(n):
		t.Fatalf("%q is not UTF-8", n)
	case ext == "" || !strings.HasSuffix(n, ext):
		t.Fatalf("%q lacks its extension %q", n, ext)
	case len(stem) == 0 || len(stem) > maxStem:
		t.Fatalf("%q: stem length %d", n, len(stem))
	case strings.ContainsAny(n, `<>:"/\|?*`):
		t.Fatalf("%q has a reserved character", n)
	case strings.HasPrefix(n, ".") || strings.HasPrefix(n, "-") || strings.HasSuffix(stem, " ") || strings.HasSuffix(stem, "."):
		t.Fatalf("%q starts or ends badly", n)
	}
	dev := stem
	if i := strings.IndexByte(dev, '.'); i >= 0 {
		dev = dev[:i]
	}
	if reservedDevice(strings.TrimRight(dev, " ")) {
		t.Fatalf("%q is a Windows device name", n)
	}
	for _, r := range n {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || (unicode.IsSpace(r) && r != ' ') {
			t.Fatalf("%q has control or invisible character %U", n, r)
		}
	}
}
