package dnsbl_test

import (
	"context"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/reportmail/reportmail/internal/dnsbl"
	"github.com/reportmail/reportmail/internal/testkit/dnstest"
)

// rfcTest are RFC 5782's test entries for an IP list, answering as they must.
var rfcTest = map[string][]string{"2.0.0.127": {"127.0.0.2"}}

func fakeList(zone string) dnsbl.List {
	return dnsbl.List{Name: zone, Zone: zone, Type: dnsbl.IP,
		Codes: map[string]string{"127.0.0.2": "listed"}, Advice: "remove it"}
}

func TestFakeServers(t *testing.T) {
	srv := dnstest.Start(t, dnstest.Options{},
		dnstest.Zone{Name: "slow.fake.test", Delay: 300 * time.Millisecond, Listed: map[string][]string{"2.0.0.127": {"127.0.0.2"}, "2.2.0.192": {"127.0.0.2"}}, TXT: "slow but listed"},
		dnstest.Zone{Name: "silent.fake.test", Silent: true},
		dnstest.Zone{Name: "servfail.fake.test", Rcode: dns.RcodeServerFailure},
		dnstest.Zone{Name: "refused.fake.test", Rcode: dns.RcodeRefused},
		dnstest.Zone{Name: "outside.fake.test", Listed: map[string][]string{"2.0.0.127": {"127.0.0.2"}, "1.2.0.192": {"10.0.0.1"}}},
		dnstest.Zone{Name: "mixed.fake.test", Listed: map[string][]string{"2.0.0.127": {"127.0.0.2"}, "1.2.0.192": {"127.0.0.2", "198.51.100.7"}}},
	)
	var lists []dnsbl.List
	for _, z := range []string{"slow.fake.test", "silent.fake.test", "servfail.fake.test", "refused.fake.test", "outside.fake.test", "mixed.fake.test"} {
		lists = append(lists, fakeList(z))
	}
	r, _ := dnsbl.NewResolver(srv.Addr)
	for _, tc := range []struct {
		target, zone string
		status       dnsbl.Status
		reason       dnsbl.Reason
	}{
		{"192.0.2.2", "slow.fake.test", dnsbl.Listed, 0},
		{"192.0.2.1", "slow.fake.test", dnsbl.NotListed, 0},
		{"192.0.2.1", "silent.fake.test", dnsbl.Unknown, dnsbl.TimedOut},
		{"192.0.2.1", "servfail.fake.test", dnsbl.Unknown, dnsbl.ServerFailed},
		{"192.0.2.1", "refused.fake.test", dnsbl.Unknown, dnsbl.ServerFailed},
		{"192.0.2.1", "outside.fake.test", dnsbl.Unknown, dnsbl.NotLoopback},
		{"192.0.2.1", "mixed.fake.test", dnsbl.Unknown, dnsbl.NotLoopback},
		{"192.0.2.2", "outside.fake.test", dnsbl.NotListed, 0},
	} {
		t.Run(tc.target+"/"+tc.zone, func(t *testing.T) {
			tg, _ := dnsbl.ParseTarget(tc.target)
			rep := dnsbl.Check(context.Background(), dnsbl.Config{Lists: lists, Resolver: r, QueryTimeout: 700 * time.Millisecond}, []dnsbl.Target{tg})
			res := find(t, rep[0].Results, tc.zone, tc.target)
			if res.Status != tc.status || res.Reason != tc.reason {
				t.Fatalf("got %s/%d, want %s/%d: %+v", res.Status, res.Reason, tc.status, tc.reason, res)
			}
			if tc.status == dnsbl.Listed && res.TXT != "slow but listed" {
				t.Errorf("TXT %q", res.TXT)
			}
		})
	}
}

// The whole check is bounded by its context: a list that never answers ends as Unknown
// (timed out) when the context ends, even with a long per-query time-out.
func TestWholeCheckBounded(t *testing.T) {
	srv := dnstest.Start(t, dnstest.Options{}, dnstest.Zone{Name: "silent.fake.test", Silent: true},
		dnstest.Zone{Name: "fine.fake.test", Listed: rfcTest})
	r, _ := dnsbl.NewResolver(srv.Addr)
	tg, _ := dnsbl.ParseTarget("192.0.2.1")
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	rep := dnsbl.Check(ctx, dnsbl.Config{Lists: []dnsbl.List{fakeList("silent.fake.test"), fakeList("fine.fake.test")},
		Resolver: r, QueryTimeout: time.Hour}, []dnsbl.Target{tg})
	if s := find(t, rep[0].Results, "silent.fake.test", "192.0.2.1"); s.Status != dnsbl.Unknown || s.Reason != dnsbl.TimedOut {
		t.Errorf("silent list: %+v", s)
	}
	if s := find(t, rep[0].Results, "fine.fake.test", "192.0.2.1"); s.Status != dnsbl.NotListed {
		t.Errorf("answering list: %+v", s)
	}
}

// Progress sees every result once.
func TestProgress(t *testing.T) {
	srv := dnstest.Start(t, dnstest.Options{}, dnstest.Zone{Name: "a.fake.test", Listed: rfcTest},
		dnstest.Zone{Name: "b.fake.test", Listed: rfcTest})
	r, _ := dnsbl.NewResolver(srv.Addr)
	t1, _ := dnsbl.ParseTarget("192.0.2.1")
	t2, _ := dnsbl.ParseTarget("198.51.100.1")
	seen := map[[2]string]int{}
	rep := dnsbl.Check(context.Background(), dnsbl.Config{Lists: []dnsbl.List{fakeList("a.fake.test"), fakeList("b.fake.test")},
		Resolver: r, Progress: func(ti int, res dnsbl.Result) { seen[[2]string{res.Name, res.Zone}]++ }}, []dnsbl.Target{t1, t2})
	if len(seen) != 4 || len(rep[0].Results)+len(rep[1].Results) != 4 {
		t.Fatalf("progress %v, results %+v", seen, rep)
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("%v reported %d times", k, n)
		}
	}
}
