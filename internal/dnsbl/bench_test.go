package dnsbl_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/dnsbl"
	"github.com/reportmail/reportmail/internal/testkit/dnstest"
)

// BenchmarkSlowLists: one IP against ten IP lists and one host with three parent labels
// against ten domain lists, every answer (test entries, TXT and NXDOMAIN included) taking
// 200 ms. All questions go out at once, so the whole check should take about one answer's
// time; x_answer is the whole check's time over one answer's (goal ≤ 1.3).
func BenchmarkSlowLists(b *testing.B) {
	const delay = 200 * time.Millisecond
	var zones []dnstest.Zone
	var lists []dnsbl.List
	for i := range 10 {
		ip := fmt.Sprintf("ip%d.slow.test", i)
		dom := fmt.Sprintf("dom%d.slow.test", i)
		zones = append(zones,
			dnstest.Zone{Name: ip, Delay: delay, Listed: map[string][]string{"2.0.0.127": {"127.0.0.2"}, "2.2.0.192": {"127.0.0.2"}}, TXT: "listed"},
			dnstest.Zone{Name: dom, Delay: delay, Listed: map[string][]string{"test": {"127.0.1.2"}, "example-msp.test": {"127.0.1.2"}}, TXT: "listed"})
		lists = append(lists,
			dnsbl.List{Name: ip, Zone: ip, Type: dnsbl.IP, Codes: map[string]string{"127.0.0.2": "listed"}, Advice: "x"},
			dnsbl.List{Name: dom, Zone: dom, Type: dnsbl.Domain, Codes: map[string]string{"127.0.1.2": "listed"}, Advice: "x"})
	}
	srv := dnstest.Start(b, dnstest.Options{}, zones...)
	r, _ := dnsbl.NewResolver(srv.Addr)
	ip, _ := dnsbl.ParseTarget("192.0.2.2")
	host, _ := dnsbl.ParseTarget("mx1.eu.mail.example-msp.test")
	targets := []dnsbl.Target{ip, host}
	cfg := dnsbl.Config{Lists: lists, Resolver: r, QueryTimeout: 5 * time.Second}
	b.ResetTimer()
	var total time.Duration
	for range b.N {
		start := time.Now()
		rep := dnsbl.Check(context.Background(), cfg, targets)
		total += time.Since(start)
		n := 0
		for _, t := range rep {
			for _, res := range t.Results {
				if res.Status == dnsbl.Unknown {
					b.Fatalf("unknown: %+v", res)
				}
				n++
			}
		}
		if n != 10+10*4 {
			b.Fatalf("%d results", n)
		}
	}
	b.ReportMetric(float64(total)/float64(b.N)/float64(delay), "x_answer")
}
