// Package dnsbl asks DNS blocklists (RFC 5782) whether an IP address or a domain is listed,
// and says in plain words what each answer means and what to do about it. It is built on
// the standard resolver: every query at once, each with its own time-out, names ending in a
// dot. An answer that cannot be trusted (a time-out, SERVFAIL or REFUSED, an answer outside
// 127.0.0.0/8, the list's own error codes, a list whose RFC 5782 test entries answer
// wrongly) is Unknown, never "not listed".
package dnsbl

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// DefaultQueryTimeout bounds one DNS question.
const DefaultQueryTimeout = 5 * time.Second

// maxInFlight keeps a long notice with many names from opening hundreds of sockets.
const maxInFlight = 128

// Config says which lists to ask and how.
type Config struct {
	Lists        []List        // nil: Builtin()
	Resolver     *net.Resolver // nil: the system's resolvers, read by Go's own resolver
	QueryTimeout time.Duration // one question; 0: DefaultQueryTimeout
	// DQSKey, when set, sends lists with a DQSZone to <key>.<dqs_zone>. The key never
	// appears in a Result.
	DQSKey string
	// Progress, when set, is called once per result as soon as it is final, one call at a
	// time, so results can be shown as they come.
	Progress func(target int, r Result)
}

// Result is one list's answer about one name, in spec/cli.md's JSON shape.
type Result struct {
	List      string   `json:"list"`
	Zone      string   `json:"zone"`
	Name      string   `json:"name"`
	Query     string   `json:"query"`
	Status    Status   `json:"status"`
	Codes     []string `json:"codes"`
	Meaning   string   `json:"meaning"`
	TXT       string   `json:"txt"`
	DelistURL string   `json:"delist_url"`
	Advice    string   `json:"advice"`
	MS        int64    `json:"ms"`
	Why       string   `json:"why"` // why the name was checked (the host, a parent domain, the IP)
	Reason    Reason   `json:"-"`
}

// Report is everything found about one target, results in list order then name order.
type Report struct {
	Target  Target
	Results []Result
}

// NewResolver returns a resolver that sends every question to server (HOST:PORT), or the
// system's resolvers when server is empty.
func NewResolver(server string) (*net.Resolver, error) {
	if server == "" {
		return &net.Resolver{PreferGo: true}, nil
	}
	host, port, err := net.SplitHostPort(server)
	if err != nil || host == "" || port == "" {
		return nil, &ResolverError{Server: shortShown(server)}
	}
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, server)
	}}, nil
}

// ValidKey checks a Spamhaus Data Query Service key: it becomes a DNS label.
func ValidKey(key string) error {
	if len(key) < 8 || len(key) > 63 {
		return &TargetError{Why: badKey}
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return &TargetError{Why: badKey}
		}
	}
	return nil
}

// asked is a list as this check asks it: the zone queried and the zone shown.
type asked struct {
	*List
	ask, shown string
	probe      *probe
}

type job struct {
	target int
	list   *asked
	name   Checked
	query  string
}

// Check asks every list about every target at once and returns when all have answered or
// ctx ends; what has not answered by then is Unknown (timed out).
func Check(ctx context.Context, cfg Config, targets []Target) []Report {
	lists := cfg.Lists
	if lists == nil {
		lists = Builtin()
	}
	r := cfg.Resolver
	if r == nil {
		r, _ = NewResolver("")
	}
	timeout := cfg.QueryTimeout
	if timeout <= 0 {
		timeout = DefaultQueryTimeout
	}
	used := make([]*asked, len(lists))
	for i := range lists {
		l := &lists[i]
		if l.codes == nil { // a List built by hand, not by ParseLists
			l.prepare()
		}
		a := &asked{List: l, ask: l.Zone, shown: l.Zone}
		if cfg.DQSKey != "" && l.DQSZone != "" {
			a.ask, a.shown = cfg.DQSKey+"."+l.DQSZone, l.DQSZone
		}
		used[i] = a
	}
	reports := make([]Report, len(targets))
	var jobs []job
	for ti, t := range targets {
		reports[ti].Target = t
		for _, l := range used {
			if l.Type != t.Kind || t.Kind == IP && t.Addr.Is6() && !l.IPv6 {
				continue
			}
			for _, c := range t.Checked {
				q := c.Name
				if t.Kind == IP {
					q = reverseName(t.Addr)
				}
				jobs = append(jobs, job{target: ti, list: l, name: c, query: q})
			}
		}
	}
	q := &querier{r: r, timeout: timeout, sem: make(chan struct{}, maxInFlight)}
	for _, j := range jobs {
		if j.list.probe == nil {
			j.list.probe = &probe{done: make(chan struct{})}
			go q.runProbe(ctx, j.list)
		}
	}
	results := make([][]Result, len(jobs))
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := q.ask(ctx, j)
			results[i] = []Result{res}
			if cfg.Progress != nil {
				mu.Lock()
				defer mu.Unlock()
				cfg.Progress(j.target, res)
			}
		}()
	}
	wg.Wait()
	for i, j := range jobs {
		reports[j.target].Results = append(reports[j.target].Results, results[i]...)
	}
	return reports
}

type querier struct {
	r       *net.Resolver
	timeout time.Duration
	sem     chan struct{}
}

// answer is what one DNS name gave.
type answer struct {
	addrs []netip.Addr
	txt   string
	err   error
}

// lookup asks for the A records of name (and, at the same time, its TXT: waiting for the A
// answer first would double the time of every listing).
func (q *querier) lookup(ctx context.Context, name string, wantTXT bool) answer {
	select {
	case q.sem <- struct{}{}:
		defer func() { <-q.sem }()
	case <-ctx.Done():
		return answer{err: ctx.Err()}
	}
	ctx, cancel := context.WithTimeout(ctx, q.timeout)
	defer cancel()
	txt := make(chan string, 1)
	if wantTXT {
		go func() {
			t, err := q.r.LookupTXT(ctx, name)
			if err != nil {
				t = nil
			}
			txt <- mailmsg.Shorten(mailmsg.OneLine(strings.Join(t, " ")), 300)
		}()
	}
	addrs, err := q.r.LookupNetIP(ctx, "ip4", name)
	a := answer{addrs: addrs, err: err}
	if wantTXT && err == nil && len(addrs) > 0 {
		select {
		case a.txt = <-txt:
		case <-ctx.Done():
		}
	}
	return a
}

// verdict turns a lookup into a list's verdict.
func (l *asked) verdict(a answer) Verdict {
	if a.err == nil {
		return l.Decode(a.addrs)
	}
	var de *net.DNSError
	switch {
	case errors.As(a.err, &de) && de.IsNotFound:
		return Verdict{Status: NotListed}
	case errors.Is(a.err, context.DeadlineExceeded), errors.Is(a.err, context.Canceled),
		errors.As(a.err, &de) && de.IsTimeout:
		return Verdict{Status: Unknown, Reason: TimedOut,
			Meaning: "The list did not answer in time", Advice: l.unknownAdvice()}
	}
	return Verdict{Status: Unknown, Reason: ServerFailed,
		Meaning: "The list's server refused or failed to answer", Advice: l.unknownAdvice()}
}

func (q *querier) ask(ctx context.Context, j job) Result {
	l := j.list
	name := j.query + "." + l.ask + "."
	start := time.Now()
	var v Verdict
	var a answer
	if len(name) > 254 {
		v = Verdict{Status: Unknown, Reason: ServerFailed, Meaning: "The name is too long to ask a blocklist about"}
	} else {
		a = q.lookup(ctx, name, true)
		v = l.verdict(a)
	}
	ms := time.Since(start).Milliseconds()
	if v.Status != Unknown {
		select {
		case <-l.probe.done:
		case <-ctx.Done():
		}
		if p := l.probe.result(); p.Status == Unknown {
			v = Verdict{Status: Unknown, Reason: p.Reason, Codes: v.Codes, Meaning: p.Meaning, Advice: p.Advice}
		}
	}
	res := Result{List: l.Name, Zone: l.shown, Name: j.name.Name, Why: j.name.Why,
		Query: j.query + "." + l.shown + ".", Status: v.Status, Codes: v.Codes,
		Meaning: v.Meaning, Advice: v.Advice, MS: ms, Reason: v.Reason}
	if l.shown != l.ask {
		res.Query = j.query + ".<key>." + l.shown + "."
	}
	if res.Codes == nil {
		res.Codes = []string{}
	}
	if v.Status == Listed {
		res.TXT = a.txt
		res.DelistURL = l.DelistURL
	}
	if v.Status == NotListed {
		res.Meaning = "Not listed"
	}
	return res
}
