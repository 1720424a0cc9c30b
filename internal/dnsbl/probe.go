package dnsbl

import (
	"context"
	"net/netip"
	"sync"
)

// probe is a list's RFC 5782 self-test (§5: 127.0.0.2 listed and 127.0.0.1 not for an IP
// list; "test" listed and "invalid" not for a domain list). A list that answers nothing
// (as lists do through a public resolver they refuse) or everything cannot be trusted, so
// its answers become Unknown.
type probe struct {
	done chan struct{}
	mu   sync.Mutex
	v    Verdict // Status Unknown when the list failed its test
}

func (p *probe) result() Verdict {
	select {
	case <-p.done:
	default:
		return Verdict{Status: Unknown, Reason: TimedOut, Meaning: "The list did not answer in time"}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.v
}

func (l *List) testNames() (listed, notListed string) {
	listed, notListed = l.TestListed, l.TestNotListed
	if l.Type == IP {
		if listed == "" {
			listed = "127.0.0.2"
		}
		if notListed == "" {
			notListed = "127.0.0.1"
		}
		for _, n := range []*string{&listed, &notListed} {
			if a, err := netip.ParseAddr(*n); err == nil {
				*n = reverseName(a)
			}
		}
		return listed, notListed
	}
	if listed == "" {
		listed = "test"
	}
	if notListed == "" {
		notListed = "invalid"
	}
	return listed, notListed
}

func (q *querier) runProbe(ctx context.Context, l *asked) {
	defer close(l.probe.done)
	yes, no := l.testNames()
	type out struct {
		listed bool
		v      Verdict
	}
	ch := make(chan out, 2)
	for _, n := range []struct {
		name   string
		listed bool
	}{{yes, true}, {no, false}} {
		go func() {
			ch <- out{n.listed, l.verdict(q.lookup(ctx, n.name+"."+l.ask+".", false))}
		}()
	}
	var got [2]out
	got[0], got[1] = <-ch, <-ch
	v := Verdict{Status: Listed}
	for _, g := range got {
		switch {
		case g.v.Status == Unknown:
			v = g.v // its own reason (an error code, a time-out) says more than "test failed"
		case v.Status != Unknown && (g.listed && g.v.Status != Listed || !g.listed && g.v.Status != NotListed):
			v = Verdict{Status: Unknown, Reason: TestFailed,
				Meaning: "The list did not answer its own test entries as it must, so its answers cannot be trusted here",
				Advice:  l.unknownAdvice()}
		}
	}
	l.probe.mu.Lock()
	l.probe.v = v
	l.probe.mu.Unlock()
}
