package dnsbl

import (
	"net/netip"
	"strings"
	"testing"
)

func builtinByZone(t testing.TB, zone string) *List {
	t.Helper()
	for _, l := range Builtin() {
		if l.Zone == zone {
			return &l
		}
	}
	t.Fatalf("no built-in list %s", zone)
	return nil
}

var decodeCases = []struct {
	zone    string
	answers string // comma-separated
	status  Status
	reason  Reason
	meaning string // part of it
	advice  string // part of it
}{
	{"zen.spamhaus.org", "", NotListed, NoReason, "", ""},
	{"zen.spamhaus.org", "127.0.0.2", Listed, NoReason, "SBL", "network's owner first"},
	{"zen.spamhaus.org", "127.0.0.3", Listed, NoReason, "CSS", "stop what sent"},
	{"zen.spamhaus.org", "127.0.0.4", Listed, NoReason, "XBL", "infected"},
	{"zen.spamhaus.org", "127.0.0.9", Listed, NoReason, "DROP", "network's owner"},
	{"zen.spamhaus.org", "127.0.0.10", Listed, NoReason, "your provider says this address should not send mail directly", "provider's"},
	{"zen.spamhaus.org", "127.0.0.11", Listed, NoReason, "PBL", "remove it yourself"},
	{"zen.spamhaus.org", "127.0.0.11,127.0.0.4,127.0.0.4", Listed, NoReason, "XBL: a computer", "Clean the infected"},
	{"zen.spamhaus.org", "127.0.0.77", Listed, NoReason, "listed, code not described", "Fix what caused"},
	{"zen.spamhaus.org", "127.255.255.254", Unknown, ErrorCode, "public or shared DNS resolvers", "Data Query Service"},
	{"zen.spamhaus.org", "127.255.255.252", Unknown, ErrorCode, "typed wrongly", ""},
	{"zen.spamhaus.org", "127.255.255.255", Unknown, ErrorCode, "too many", ""},
	{"zen.spamhaus.org", "127.255.255.1", Unknown, ErrorCode, "error code", ""},
	{"zen.spamhaus.org", "127.0.0.2,127.255.255.254", Unknown, ErrorCode, "", ""},
	{"zen.spamhaus.org", "10.1.2.3", Unknown, NotLoopback, "rewriting", ""},
	{"zen.spamhaus.org", "127.0.0.2,93.184.216.34", Unknown, NotLoopback, "", ""},
	{"zen.spamhaus.org", "::1", Unknown, NotLoopback, "", ""},
	{"dbl.spamhaus.org", "127.0.1.255", Unknown, ErrorCode, "IP addresses", ""},
	{"dbl.spamhaus.org", "127.0.1.2", Listed, NoReason, "used in spam", "hacked website"},
	{"dbl.spamhaus.org", "127.0.1.104", Listed, NoReason, "genuine domain abused for phishing", ""},
	{"multi.surbl.org", "127.0.0.24", Listed, NoReason, "phishing; SURBL: the domain is used to spread malware", ""},
	{"multi.surbl.org", "127.0.0.1", Unknown, ErrorCode, "refused", ""},
	{"multi.surbl.org", "127.0.0.3", Listed, NoReason, "listed, code not described", ""},
	{"multi.uribl.com", "127.0.0.14", Listed, NoReason, "black", ""},
	{"bl.spamcop.net", "127.0.0.2", Listed, NoReason, "SpamCop", "expires by itself"},
	{"dnsbl-1.uceprotect.net", "127.0.0.2", Listed, NoReason, "level 1", "levels 2 and 3"},
}

func parseAnswers(s string) []netip.Addr {
	var out []netip.Addr
	for _, f := range strings.Split(s, ",") {
		if a, err := netip.ParseAddr(f); err == nil {
			out = append(out, a)
		}
	}
	return out
}

func TestDecode(t *testing.T) {
	for _, tc := range decodeCases {
		l := builtinByZone(t, tc.zone)
		v := l.Decode(parseAnswers(tc.answers))
		if v.Status != tc.status || v.Reason != tc.reason {
			t.Errorf("%s %s: %s/%d, want %s/%d", tc.zone, tc.answers, v.Status, v.Reason, tc.status, tc.reason)
		}
		if !strings.Contains(v.Meaning, tc.meaning) || !strings.Contains(v.Advice, tc.advice) {
			t.Errorf("%s %s: meaning %q advice %q, want %q / %q", tc.zone, tc.answers, v.Meaning, v.Advice, tc.meaning, tc.advice)
		}
	}
}

func TestBuiltin(t *testing.T) {
	lists := Builtin()
	want := map[string]Kind{"zen.spamhaus.org": IP, "dbl.spamhaus.org": Domain, "bl.spamcop.net": IP,
		"b.barracudacentral.org": IP, "dnsbl-1.uceprotect.net": IP, "psbl.surriel.com": IP,
		"bl.mailspike.net": IP, "multi.surbl.org": Domain, "multi.uribl.com": Domain}
	if len(lists) != len(want) {
		t.Errorf("%d lists, want %d", len(lists), len(want))
	}
	for _, l := range lists {
		if want[l.Zone] != l.Type {
			t.Errorf("%s: type %s", l.Zone, l.Type)
		}
		if strings.Contains(l.Zone, "sorbs") {
			t.Errorf("SORBS closed in 2024: %s", l.Zone)
		}
		if l.DelistURL == "" || l.Advice == "" || len(l.Codes) == 0 {
			t.Errorf("%s: no delisting page, advice or codes", l.Zone)
		}
		for code := range l.Codes {
			if v := l.Decode(parseAnswers(code)); v.Status != Listed {
				t.Errorf("%s: its own code %s is %s", l.Zone, code, v.Status)
			}
		}
	}
}

func TestParseListsRefuses(t *testing.T) {
	for _, in := range []string{
		``, `[]`, `{"lists": []}`, `{"lists": [{"name": "x", "zone": "bad zone", "type": "ip", "codes": {}}]}`,
		`{"lists": [{"name": "x", "zone": "a.test", "type": "both", "codes": {}}]}`,
		`{"lists": [{"name": "x", "zone": "a.test", "type": "ip", "codes": {"300.0.0.1": "x"}}]}`,
		`{"lists": [{"name": "x", "zone": "a.test", "type": "ip", "codes": {}, "error_codes": ["127.255.255.0/99"]}]}`,
		`{"lists": [{"name": "", "zone": "a.test", "type": "ip", "codes": {}}]}`,
		`{"lists": [{"name": "x", "zone": "a.test", "type": "ip"}, {"name": "y", "zone": "a.test", "type": "ip"}]}`,
	} {
		_, err := ParseLists([]byte(in))
		var le *ListsError
		if err == nil || !asListsError(err, &le) || !strings.HasSuffix(le.Plain(), ".") {
			t.Errorf("%s: %v", in, err)
		}
	}
}
