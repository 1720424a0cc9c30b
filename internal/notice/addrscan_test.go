package notice

import (
	"regexp"
	"slices"
	"testing"
)

// addrExpr is the expression findAddrs does the work of.
const addrExpr = `[A-Za-z0-9._%+\-=/'!#$&*?^{|}~]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`

var addrRe = regexp.MustCompile(addrExpr)

var addrCases = []string{
	"", "a@b.com", "<user@example.com>: 550 no such user", "x@y@z.com", "a@b..com c@d.org", "a@b.com1x@c.de",
	"a@b.co-x", "a@b.c.d.e", "a@1.2.3.com", "first.last+tag@sub.example.co.uk.", "@example.com", "a@.com",
	"a@b", "a@b.c", "a@b.cd9", "a@b-.xx-yy.zz9", "mailer-daemon@x.org, postmaster@y.net", "'quoted'@x.com'",
	"ü@example.com ä.b@ex.de", "a@b.com\xffc@d.com", "a@ex\u00e9mple.com", "a@b.com.", "a=b@x.io",
}

func TestFindAddrsAsExpression(t *testing.T) {
	for _, s := range addrCases {
		for _, n := range []int{-1, 1, 2} {
			if got, want := findAddrs(s, n), addrRe.FindAllString(s, n); !slices.Equal(got, want) {
				t.Errorf("findAddrs(%q, %d) = %q, want %q", s, n, got, want)
			}
		}
	}
	for _, l := range labels(t) {
		s := string(readCorpus(t, l.file))
		if got, want := findAddrs(s, 200), addrRe.FindAllString(s, 200); !slices.Equal(got, want) {
			t.Errorf("%s: findAddrs = %q, want %q", l.file, got, want)
		}
	}
}

func FuzzFindAddrs(f *testing.F) {
	for _, s := range addrCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := findAddrs(s, 200), addrRe.FindAllString(s, 200); !slices.Equal(got, want) {
			t.Fatalf("findAddrs(%q) = %q, want %q", s, got, want)
		}
	})
}
