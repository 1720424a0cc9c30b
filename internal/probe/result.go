package probe

import (
	"fmt"
	"strings"
	"time"
)

// Verdict is spec/cli.md's per-port verdict.
type Verdict string

// Verdicts.
const (
	Good    Verdict = "good"
	Warning Verdict = "warning"
	Bad     Verdict = "bad"
	Closed  Verdict = "closed"
)

// CertInfo is what the server's certificate says, checked by hand against the roots.
type CertInfo struct {
	Subject    string
	Issuer     string
	Hosts      []string // DNS names and IP addresses it is for
	NotBefore  time.Time
	NotAfter   time.Time
	DaysLeft   int  // whole days until NotAfter; negative once it has run out
	Trusted    bool // the chain leads to a trusted root (its dates aside)
	HostnameOK bool
}

// Result is what one port showed.
type Result struct {
	Target
	Host            string
	Verdict         Verdict
	Problems        []*Problem
	Reachable       bool
	Greeting        string
	StartTLSOffered bool
	TLSVersion      string // "TLS 1.3"
	Cipher          string
	Cert            *CertInfo
	AuthBeforeTLS   []string // SASL mechanisms (and POP3 USER, IMAP LOGIN) offered in the clear
	AuthAfterTLS    []string
	LoginDisabled   bool // IMAP said LOGINDISABLED before TLS
	Transcript      []string
	Elapsed         time.Duration
}

// Security is how the port is encrypted, in spec/cli.md's words: "SSL" or "STARTTLS".
func (r Result) Security() string {
	if r.Implicit() {
		return "SSL"
	}
	return "STARTTLS"
}

// Safe says a mail program can use the port: good, or a warning only.
func (r Result) Safe() bool { return r.Verdict == Good || r.Verdict == Warning }

// Recommended is the best safe port each way, nil where there is none.
type Recommended struct {
	Incoming, Outgoing *Result
}

// Report is the whole check.
type Report struct {
	Host        string
	Results     []Result // in the order of Options.Ports
	Recommended Recommended
}

// Safe says there is a safe port for fetching mail and one for sending it.
func (r Report) Safe() bool { return r.Recommended.Incoming != nil && r.Recommended.Outgoing != nil }

// Transcript is every port's conversation, for the IT provider. Nothing secret is in it:
// no credential is ever sent.
func (r Report) Transcript() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Mail server check of %s\n", r.Host)
	for _, res := range r.Results {
		fmt.Fprintf(&b, "\n== %s port %d (%s, %s): %s", res.Service(), res.Port, res.Proto, res.Security(), res.Verdict)
		for i, p := range res.Problems {
			sep := ", "
			if i == 0 {
				sep = " — "
			}
			b.WriteString(sep + string(p.Code))
		}
		fmt.Fprintf(&b, " (%d ms)\n", res.Elapsed.Milliseconds())
		for _, line := range res.Transcript {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// preference orders the protocols each way: for fetching, encrypted from the first byte
// before STARTTLS (RFC 8314) and IMAP before POP3, which keeps mail on the server; for
// sending, 587 (RFC 6409, what the provider's guide lists first) before 465 and 25, which
// many internet providers block.
var preference = map[Proto]int{IMAPS: 0, IMAP: 1, POP3S: 2, POP3: 3, Submission: 0, Submissions: 1, SMTP: 2}

func recommend(results []Result) Recommended {
	var rec Recommended
	better := func(cur *Result, r *Result) bool {
		if cur == nil {
			return true
		}
		if (r.Verdict == Good) != (cur.Verdict == Good) {
			return r.Verdict == Good
		}
		return preference[r.Proto] < preference[cur.Proto]
	}
	for i := range results {
		r := &results[i]
		if !r.Safe() {
			continue
		}
		if r.Incoming() {
			if better(rec.Incoming, r) {
				rec.Incoming = r
			}
		} else if better(rec.Outgoing, r) {
			rec.Outgoing = r
		}
	}
	return rec
}
