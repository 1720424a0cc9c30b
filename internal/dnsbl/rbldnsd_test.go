package dnsbl_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/dnsbl"
	"github.com/reportmail/reportmail/internal/testkit/dnstest"
)

func rbldnsdLists(t *testing.T) []dnsbl.List {
	t.Helper()
	l, err := dnsbl.ParseLists([]byte(dnstest.RbldnsdLists))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// checkOne runs a whole check of one target through server.
func checkOne(t *testing.T, server string, lists []dnsbl.List, target string) []dnsbl.Result {
	t.Helper()
	r, err := dnsbl.NewResolver(server)
	if err != nil {
		t.Fatal(err)
	}
	tg, err := dnsbl.ParseTarget(target)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	rep := dnsbl.Check(ctx, dnsbl.Config{Lists: lists, Resolver: r, QueryTimeout: 3 * time.Second}, []dnsbl.Target{tg})
	return rep[0].Results
}

func find(t *testing.T, rs []dnsbl.Result, zone, name string) dnsbl.Result {
	t.Helper()
	for _, r := range rs {
		if r.Zone == zone && r.Name == name {
			return r
		}
	}
	t.Fatalf("no result for %s in %s: %+v", name, zone, rs)
	return dnsbl.Result{}
}

func TestRbldnsd(t *testing.T) {
	srv := dnstest.RequireRbldnsd(t)
	lists := rbldnsdLists(t)
	for _, tc := range []struct {
		target, zone, name string
		status             dnsbl.Status
		reason             dnsbl.Reason
		codes              string
		meaning            string // part of it
		txt                string // part of it
	}{
		{"192.0.2.1", dnstest.ZoneIP, "192.0.2.1", dnsbl.NotListed, 0, "", "Not listed", ""},
		{"192.0.2.2", dnstest.ZoneIP, "192.0.2.2", dnsbl.Listed, 0, "127.0.0.2", "SBL", "Test SBL listing for 192.0.2.2"},
		{"192.0.2.3", dnstest.ZoneIP, "192.0.2.3", dnsbl.Listed, 0, "127.0.0.3", "CSS", "CSS"},
		{"192.0.2.4", dnstest.ZoneIP, "192.0.2.4", dnsbl.Listed, 0, "127.0.0.4", "XBL", "XBL"},
		{"192.0.2.9", dnstest.ZoneIP, "192.0.2.9", dnsbl.Listed, 0, "127.0.0.9", "DROP", ""},
		{"192.0.2.10", dnstest.ZoneIP, "192.0.2.10", dnsbl.Listed, 0, "127.0.0.10", "PBL ISP", ""},
		{"192.0.2.11", dnstest.ZoneIP, "192.0.2.11", dnsbl.Listed, 0, "127.0.0.11", "PBL Spamhaus", ""},
		{"192.0.2.99", dnstest.ZoneIP, "192.0.2.99", dnsbl.Listed, 0, "127.0.0.99", "listed, code not described", "nobody described"},
		{"2001:db8::25", dnstest.ZoneIP, "2001:db8::25", dnsbl.Listed, 0, "127.0.0.4", "XBL", "IPv6"},
		{"2001:db8::1", dnstest.ZoneIP, "2001:db8::1", dnsbl.NotListed, 0, "", "", ""},
		{"192.0.2.1", dnstest.ZoneError, "192.0.2.1", dnsbl.Unknown, dnsbl.ErrorCode, "127.255.255.254", "public resolvers", ""},
		{"192.0.2.2", dnstest.ZoneBadTest, "192.0.2.2", dnsbl.Unknown, dnsbl.TestFailed, "127.0.0.2", "test entries", ""},
		{"192.0.2.1", dnstest.ZoneBadTest, "192.0.2.1", dnsbl.Unknown, dnsbl.TestFailed, "", "test entries", ""},
		{"192.0.2.2", dnstest.ZoneMute, "192.0.2.2", dnsbl.Unknown, dnsbl.TestFailed, "127.0.0.2", "test entries", ""},
		{"192.0.2.1", dnstest.ZoneMute, "192.0.2.1", dnsbl.Unknown, dnsbl.TestFailed, "", "test entries", ""},
		// A parent listing with every name under it: the host and each parent are listed.
		{"mx1.mail.example-msp.test", dnstest.ZoneDomain, "mx1.mail.example-msp.test", dnsbl.Listed, 0, "127.0.1.2", "spam domain", "example-msp.test"},
		{"mx1.mail.example-msp.test", dnstest.ZoneDomain, "example-msp.test", dnsbl.Listed, 0, "127.0.1.2", "spam domain", ""},
		// Only the registrable domain listed: the host is clean, the parent names the listing.
		{"relay.example-isp.test", dnstest.ZoneDomain, "relay.example-isp.test", dnsbl.NotListed, 0, "", "", ""},
		{"relay.example-isp.test", dnstest.ZoneDomain, "example-isp.test", dnsbl.Listed, 0, "127.0.1.4", "phish domain", "registrable domain only"},
		{"clean.example.test", dnstest.ZoneDomain, "example.test", dnsbl.NotListed, 0, "", "", ""},
	} {
		t.Run(tc.target+"/"+tc.zone+"/"+tc.name, func(t *testing.T) {
			r := find(t, checkOne(t, srv.Addr, lists, tc.target), tc.zone, tc.name)
			if r.Status != tc.status || r.Reason != tc.reason {
				t.Fatalf("status %s reason %d, want %s %d: %+v", r.Status, r.Reason, tc.status, tc.reason, r)
			}
			if strings.Join(r.Codes, ",") != tc.codes {
				t.Errorf("codes %v, want %s", r.Codes, tc.codes)
			}
			if !strings.Contains(r.Meaning, tc.meaning) || !strings.Contains(r.TXT, tc.txt) {
				t.Errorf("meaning %q txt %q, want %q and %q", r.Meaning, r.TXT, tc.meaning, tc.txt)
			}
			if r.Status == dnsbl.Unknown && r.Advice == "" {
				t.Errorf("an unknown result without advice: %+v", r)
			}
			if !strings.HasSuffix(r.Query, "."+tc.zone+".") {
				t.Errorf("query %q does not end in the zone and a dot", r.Query)
			}
		})
	}
}

// An IP is never asked of a domain list, nor a domain of an IP list.
func TestKindsNeverMix(t *testing.T) {
	srv := dnstest.RequireRbldnsd(t)
	lists := rbldnsdLists(t)
	for _, r := range checkOne(t, srv.Addr, lists, "192.0.2.2") {
		if r.Zone == dnstest.ZoneDomain {
			t.Errorf("an IP asked of a domain list: %+v", r)
		}
	}
	for _, r := range checkOne(t, srv.Addr, lists, "mail.example-msp.test") {
		if r.Zone != dnstest.ZoneDomain {
			t.Errorf("a domain asked of an IP list: %+v", r)
		}
	}
}
