package notice

import "testing"

func TestFindBlocklist(t *testing.T) {
	cases := []struct {
		diag, reason string
		want         *Blocklist
	}{
		{"554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.1",
			"blocked", &Blocklist{Zone: "zen.spamhaus.org", Listed: "192.0.2.1", URL: "https://www.spamhaus.org/query/ip/192.0.2.1"}},
		{"550 rejected because 198.51.100.7 is in a black list at b.barracudacentral.org",
			"blocked", &Blocklist{Zone: "b.barracudacentral.org", Listed: "198.51.100.7"}},
		{"554 Blocked - see http://www.spamcop.net/bl.shtml?203.0.113.9",
			"blocked", &Blocklist{Zone: "bl.spamcop.net", Listed: "203.0.113.9", URL: "http://www.spamcop.net/bl.shtml?203.0.113.9"}},
		{"550 5.1.1 user unknown", "userunknown", nil},
	}
	for _, c := range cases {
		got := findBlocklist(c.diag, c.reason)
		if (got == nil) != (c.want == nil) || got != nil && *got != *c.want {
			t.Errorf("%q: got %+v, want %+v", c.diag, got, c.want)
		}
	}
}

// A notice with lone-CR line ends (classic Mac OS) reads like its CRLF twin.
func TestLoneCRNotice(t *testing.T) {
	labels(t)
	dos, mac := Read(readCorpus(t, "dos/lhost-qmail-01.eml")), Read(readCorpus(t, "mac/lhost-qmail-01.eml"))
	if mac.Kind != dos.Kind || mac.Reason != dos.Reason || mac.Returned != dos.Returned || mac.Kind == KindNone {
		t.Fatalf("mac %s/%s/%s, dos %s/%s/%s", mac.Kind, mac.Reason, mac.Returned, dos.Kind, dos.Reason, dos.Returned)
	}
}
