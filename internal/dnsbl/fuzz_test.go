package dnsbl

import (
	"net/netip"
	"strings"
	"testing"
)

// FuzzDecode: whatever a list answers, an answer outside 127/8 or an error code is never
// "listed", and a listing always has a meaning.
func FuzzDecode(f *testing.F) {
	for _, tc := range decodeCases {
		var b []byte
		for _, a := range parseAnswers(tc.answers) {
			if a.Is4() {
				x := a.As4()
				b = append(b, x[:]...)
			}
		}
		f.Add(tc.zone, b)
	}
	lists := map[string]*List{}
	for _, l := range Builtin() {
		lists[l.Zone] = &l
	}
	f.Fuzz(func(t *testing.T, zone string, raw []byte) {
		l := lists[zone]
		if l == nil {
			l = lists["zen.spamhaus.org"]
		}
		var answers []netip.Addr
		for i := 0; i+4 <= len(raw) && len(answers) < 16; i += 4 {
			answers = append(answers, netip.AddrFrom4([4]byte(raw[i:i+4])))
		}
		v := l.Decode(answers)
		for _, a := range answers {
			if (!loopback.Contains(a) || l.isError(a)) && v.Status != Unknown {
				t.Fatalf("%v gave %s", answers, v.Status)
			}
		}
		if len(answers) == 0 && v.Status != NotListed {
			t.Fatalf("no answer gave %s", v.Status)
		}
		if v.Status == Listed && (v.Meaning == "" || v.Advice == "" || len(v.Codes) == 0) {
			t.Fatalf("listing without meaning: %+v", v)
		}
		if v.Status == Unknown && v.Advice == "" {
			t.Fatalf("unknown without advice: %+v", v)
		}
	})
}

// FuzzTargets: the notice reader never panics, and what it returns is always checkable.
func FuzzTargets(f *testing.F) {
	f.Add([]byte(postfixNotice))
	f.Add([]byte("To: a@sender.example\n\n550 [2001:db8::25] blocked using a blocklist\n"))
	f.Add([]byte("From: postmaster@example.net\nTo: a@sender.example\n\n550 5.7.1 Your IP 203.0.113.9 is listed on bl.spamcop.net\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		ips, doms := NoticeTargets(raw)
		if len(ips) > 6 || len(doms) > 6 {
			t.Fatalf("too many targets: %v %v", ips, doms)
		}
		for _, s := range append(ips, doms...) {
			if _, err := ParseTarget(s); err != nil || strings.TrimSpace(s) != s {
				t.Fatalf("unusable target %q: %v", s, err)
			}
		}
	})
}
