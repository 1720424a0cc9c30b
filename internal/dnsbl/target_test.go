package dnsbl

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
)

func asListsError(err error, le **ListsError) bool { return errors.As(err, le) }

func TestParseTarget(t *testing.T) {
	for _, tc := range []struct {
		in    string
		kind  Kind
		names string // comma-separated, the checked names
		bad   targetWhy
	}{
		{"192.0.2.1", IP, "192.0.2.1", -1},
		{" [192.0.2.1] ", IP, "192.0.2.1", -1},
		{"::ffff:192.0.2.1", IP, "192.0.2.1", -1},
		{"2001:DB8::25", IP, "2001:db8::25", -1},
		{"IPv6:2001:db8::25", IP, "2001:db8::25", -1},
		{"mail.example.com", Domain, "mail.example.com,example.com", -1},
		{"Mail.Example.COM.", Domain, "mail.example.com,example.com", -1},
		{"example.com", Domain, "example.com", -1},
		{"a.b.c.example.co.nz", Domain, "a.b.c.example.co.nz,b.c.example.co.nz,c.example.co.nz,example.co.nz", -1},
		{"mx1.mail.example-msp.test", Domain, "mx1.mail.example-msp.test,mail.example-msp.test,example-msp.test", -1},
		{"bücher.example", Domain, "xn--bcher-kva.example", -1},
		{"co.nz", "", "", publicSuffix},
		{"com", "", "", notName},
		{"10.1.2.3", "", "", notPublicIP},
		{"127.0.0.2", "", "", notPublicIP},
		{"fe80::1", "", "", notPublicIP},
		{"fe80::1%eth0", "", "", notName},
		{"999.1.1.1", "", "", notName},
		{"not a name", "", "", notName},
		{"", "", "", notName},
		{"a..b.com", "", "", notName},
	} {
		got, err := ParseTarget(tc.in)
		if tc.bad >= 0 {
			var te *TargetError
			if !errors.As(err, &te) || te.Why != tc.bad {
				t.Errorf("%q: %v, want why %d", tc.in, err, tc.bad)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		var names []string
		for _, c := range got.Checked {
			names = append(names, c.Name)
		}
		if got.Kind != tc.kind || strings.Join(names, ",") != tc.names {
			t.Errorf("%q: %s %v, want %s %s", tc.in, got.Kind, names, tc.kind, tc.names)
		}
		if got.Checked[0].Why == WhyParent {
			t.Errorf("%q: the target itself is not a parent", tc.in)
		}
	}
}

func TestReverseName(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.1":    "1.2.0.192",
		"127.0.0.2":    "2.0.0.127",
		"2001:db8::25": "5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2",
	} {
		if got := reverseName(netip.MustParseAddr(in)); got != want {
			t.Errorf("%s: %s, want %s", in, got, want)
		}
	}
}
