package cli

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/probe"
	"github.com/reportmail/reportmail/internal/send"
)

func init() {
	commandUsage["probe"] = `  probe [--json] [--ca-file PEM] [--ports LIST] [--timeout SECONDS] HOST
                                         check a mail server's ports live and say which are safe
                                         (LIST like imaps:993,submission:587; no password is sent)
`
	// As for blocklist: the general usage is built before init runs.
	usage = strings.Replace(usage, "  version ", commandUsage["probe"]+"  version ", 1)
}

// The JSON of spec/cli.md's probe; greeting, login_disabled, sentence, transcript and
// summary are additions.
type probeCertJSON struct {
	Subject    string   `json:"subject"`
	Issuer     string   `json:"issuer"`
	Hosts      []string `json:"hosts"`
	NotAfter   string   `json:"not_after"`
	DaysLeft   int      `json:"days_left"`
	Trusted    bool     `json:"trusted"`
	HostnameOK bool     `json:"hostname_ok"`
}

type probeProblemJSON struct {
	Code    probe.Code `json:"code"`
	Message string     `json:"message"`
	Advice  string     `json:"advice"`
}

type probePortJSON struct {
	Proto           probe.Proto        `json:"proto"`
	Port            int                `json:"port"`
	Security        string             `json:"security"`
	Reachable       bool               `json:"reachable"`
	Greeting        string             `json:"greeting"`
	StartTLSOffered bool               `json:"starttls_offered"`
	TLSVersion      string             `json:"tls_version"`
	Cipher          string             `json:"cipher"`
	Certificate     *probeCertJSON     `json:"certificate"`
	AuthBeforeTLS   []string           `json:"auth_before_tls"`
	AuthAfterTLS    []string           `json:"auth_after_tls"`
	LoginDisabled   bool               `json:"login_disabled"`
	Verdict         probe.Verdict      `json:"verdict"`
	Sentence        string             `json:"sentence"`
	Problems        []probeProblemJSON `json:"problems"`
	MS              int64              `json:"ms"`
	Transcript      []string           `json:"transcript"`
}

type probeOutput struct {
	Host        string          `json:"host"`
	Ports       []probePortJSON `json:"ports"`
	Recommended struct {
		Incoming *probe.Target `json:"incoming"`
		Outgoing *probe.Target `json:"outgoing"`
	} `json:"recommended"`
	Summary string `json:"summary"`
}

func (e env) probe(args []string) int {
	fs := flag.NewFlagSet("probe", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "")
	caFile := fs.String("ca-file", "", "")
	ports := fs.String("ports", "", "")
	timeout := fs.Float64("timeout", 60, "")
	args, err := parse(fs, args)
	if err != nil {
		return e.flagFailed("probe", err)
	}
	if len(args) != 1 {
		e.say("Name one mail server to check, for example: reportmail-cli probe mail.example.com")
		return exitFail
	}
	if *timeout <= 0 || *timeout > 3600 {
		e.say("The --timeout option must be a number of seconds between 1 and 3600.")
		return exitFail
	}
	total := time.Duration(*timeout * float64(time.Second))
	o := probe.Options{Host: args[0], Timeout: min(probe.DefaultTimeout, total)}
	if *ports != "" {
		if o.Ports, err = probe.ParseTargets(*ports); err != nil {
			e.say("%s", plain.ProbeError(err))
			return exitFail
		}
	}
	if *caFile != "" {
		var pool *x509.CertPool
		if pool, err = send.LoadCAFile(*caFile); err != nil {
			e.say("%s", plain.Sentence(err))
			return exitFail
		}
		o.Roots = pool
	}
	ctx, cancel := context.WithTimeout(context.Background(), total)
	defer cancel()
	rep, err := probe.Run(ctx, o)
	if err != nil {
		e.say("%s", plain.ProbeError(err))
		return exitFail
	}
	now := time.Now()
	out := probeJSON(rep, now)
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return exitFail
		}
	} else {
		e.printProbe(out)
	}
	if rep.Safe() {
		return exitYes
	}
	return exitNo
}

func probeJSON(rep probe.Report, now time.Time) probeOutput {
	out := probeOutput{Host: rep.Host, Ports: make([]probePortJSON, 0, len(rep.Results)), Summary: plain.ProbeRecommended(rep)}
	for _, r := range rep.Results {
		p := probePortJSON{
			Proto: r.Proto, Port: r.Port, Security: r.Security(), Reachable: r.Reachable,
			Greeting: r.Greeting, StartTLSOffered: r.StartTLSOffered, TLSVersion: r.TLSVersion,
			Cipher: r.Cipher, AuthBeforeTLS: nonNil(r.AuthBeforeTLS), AuthAfterTLS: nonNil(r.AuthAfterTLS),
			LoginDisabled: r.LoginDisabled, Verdict: r.Verdict, Sentence: plain.ProbePort(r, now),
			Problems: []probeProblemJSON{}, MS: r.Elapsed.Milliseconds(), Transcript: nonNil(r.Transcript),
		}
		if c := r.Cert; c != nil {
			p.Certificate = &probeCertJSON{Subject: c.Subject, Issuer: c.Issuer, Hosts: nonNil(c.Hosts),
				NotAfter: c.NotAfter.UTC().Format(time.RFC3339), DaysLeft: c.DaysLeft, Trusted: c.Trusted, HostnameOK: c.HostnameOK}
		}
		for _, pr := range r.Problems {
			m, a := plain.ProbeProblem(pr, now)
			p.Problems = append(p.Problems, probeProblemJSON{Code: pr.Code, Message: m, Advice: a})
		}
		out.Ports = append(out.Ports, p)
	}
	if in := rep.Recommended.Incoming; in != nil {
		out.Recommended.Incoming = &probe.Target{Proto: in.Proto, Port: in.Port}
	}
	if o := rep.Recommended.Outgoing; o != nil {
		out.Recommended.Outgoing = &probe.Target{Proto: o.Proto, Port: o.Port}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (e env) printProbe(out probeOutput) {
	fmt.Fprintf(e.stdout, "Mail server %s\n\n", out.Host)
	for _, p := range out.Ports {
		fmt.Fprintf(e.stdout, "  %-12s %5d  %-8s  %-7s  %s\n", p.Proto, p.Port, p.Security, p.Verdict, p.Sentence)
	}
	fmt.Fprintf(e.stdout, "\n%s\n", out.Summary)
}
