package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/reportmail/reportmail/internal/dnsbl"
	"github.com/reportmail/reportmail/internal/ipowner"
	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/safefile"
)

func init() {
	commandUsage["blocklist"] = `  blocklist [--json] [--lists FILE] [--resolver HOST:PORT] [--no-owner] [--rdap URL]
            [--timeout SECONDS] TARGET...
                                         is an IP address or a domain on DNS blocklists, who owns
                                         the address, and how to get it removed (a TARGET that is
                                         a file is read as a rejection notice; Spamhaus key:
                                         $REPORTMAIL_DQS_KEY)
`
	// The general usage lists every command; it is built before init runs, so the
	// blocklist line is slotted in here rather than in cli.go, which other commands share.
	usage = strings.Replace(usage, "  version ", commandUsage["blocklist"]+"  version ", 1)
}

// noticeTargets reads a rejection notice for the addresses and sending domains to check.
// It is a seam: the notice reader replaces this simple first reading.
var noticeTargets func(raw []byte) (ips, domains []string) = dnsbl.NoticeTargets

// rdapClient replaces the RDAP HTTP client (tests trust their own server with it).
var rdapClient *http.Client

// maxNotice bounds a rejection notice read for its targets.
const maxNotice = 20 << 20

type blocklistTarget struct {
	Target  string          `json:"target"`
	Kind    dnsbl.Kind      `json:"kind"`
	Notice  string          `json:"from_notice,omitempty"` // the notice file it was read from
	Checked []dnsbl.Checked `json:"checked"`
	Owner   *ownerJSON      `json:"owner"`
	Results []dnsbl.Result  `json:"results"`
}

type ownerJSON struct {
	ipowner.Owner
	Summary string `json:"summary"`
}

type blocklistOutput struct {
	Targets []blocklistTarget `json:"targets"`
	Listed  int               `json:"listed"`
	Unknown int               `json:"unknown"`
}

func (e env) blocklist(args []string) int {
	fs := flag.NewFlagSet("blocklist", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "")
	listsFile := fs.String("lists", "", "")
	resolver := fs.String("resolver", "", "")
	noOwner := fs.Bool("no-owner", false, "")
	rdap := fs.String("rdap", "", "")
	timeout := fs.Float64("timeout", 30, "")
	args, err := parse(fs, args)
	if err != nil {
		return e.flagFailed("blocklist", err)
	}
	if len(args) == 0 {
		e.say("Name an IP address, a domain or a saved rejection notice to check, for example: reportmail-cli blocklist 192.0.2.1")
		return exitFail
	}
	if *timeout <= 0 || *timeout > 3600 {
		e.say("The --timeout option must be a number of seconds between 1 and 3600.")
		return exitFail
	}
	cfg := dnsbl.Config{}
	if *listsFile != "" {
		data, err := safefile.Read(*listsFile, dnsbl.MaxListsFile)
		if err == nil {
			cfg.Lists, err = dnsbl.ParseLists(data)
		}
		if err != nil {
			e.say("%s", plain.Sentence(err))
			return exitFail
		}
	}
	if cfg.Resolver, err = dnsbl.NewResolver(*resolver); err != nil {
		e.say("%s", plain.Sentence(err))
		return exitFail
	}
	if key := strings.TrimSpace(os.Getenv("REPORTMAIL_DQS_KEY")); key != "" {
		if err := dnsbl.ValidKey(key); err != nil {
			e.say("%s", plain.Sentence(err))
			return exitFail
		}
		cfg.DQSKey = key
	}
	owner := ipowner.Config{Resolver: cfg.Resolver, Client: rdapClient}
	if *rdap != "" {
		if owner.Bootstrap, err = ipowner.Server(*rdap); err != nil {
			e.say("%s", plain.Sentence(err))
			return exitFail
		}
	}
	total := time.Duration(*timeout * float64(time.Second))
	cfg.QueryTimeout = min(dnsbl.DefaultQueryTimeout, total)
	owner.Timeout = min(10*time.Second, total)

	targets, notices, code := e.blocklistTargets(args)
	if code != exitYes {
		return code
	}
	ctx, cancel := context.WithTimeout(context.Background(), total)
	defer cancel()
	out := blocklistOutput{Targets: make([]blocklistTarget, len(targets))}
	var wg sync.WaitGroup
	for i, t := range targets {
		out.Targets[i] = blocklistTarget{Target: t.Input, Kind: t.Kind, Notice: notices[i], Checked: t.Checked}
		if t.Kind == dnsbl.IP && !*noOwner {
			wg.Add(1)
			go func() {
				defer wg.Done()
				o := ipowner.Lookup(ctx, owner, t.Addr)
				out.Targets[i].Owner = &ownerJSON{Owner: o, Summary: o.Sentence()}
			}()
		}
	}
	reports := dnsbl.Check(ctx, cfg, targets)
	wg.Wait()
	for i, r := range reports {
		out.Targets[i].Results = r.Results
		if out.Targets[i].Results == nil {
			out.Targets[i].Results = []dnsbl.Result{}
		}
		for _, res := range r.Results {
			switch res.Status {
			case dnsbl.Listed:
				out.Listed++
			case dnsbl.Unknown:
				out.Unknown++
			}
		}
	}
	code = exitYes
	switch {
	case out.Listed > 0:
		code = exitNo
	case out.Unknown > 0:
		code = exitFail
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err != nil {
			return exitFail
		}
		return code
	}
	writeBlocklist(e.stdout, out)
	return code
}

// blocklistTargets reads every TARGET: an address, a name, or a rejection notice (a file,
// or "-" for standard input). The same target twice is checked once.
func (e env) blocklistTargets(args []string) ([]dnsbl.Target, []string, int) {
	var targets []dnsbl.Target
	var from []string
	seen := map[string]bool{}
	add := func(t dnsbl.Target, notice string) {
		if k := t.Checked[0].Name; !seen[k] {
			seen[k] = true
			targets = append(targets, t)
			from = append(from, notice)
		}
	}
	for _, a := range args {
		if t, err := dnsbl.ParseTarget(a); err == nil && !isFile(a) {
			add(t, "")
			continue
		} else if !isFile(a) && a != stdinArg {
			e.say("%s", plain.Sentence(err))
			return nil, nil, exitFail
		}
		raw, err := e.readNotice(a)
		if err != nil {
			e.say("%s", plain.Sentence(err))
			return nil, nil, exitFail
		}
		ips, domains := noticeTargets(raw)
		n := 0
		for _, s := range append(ips, domains...) {
			if t, err := dnsbl.ParseTarget(s); err == nil {
				add(t, a)
				n++
			}
		}
		if n == 0 {
			e.say("Report Mail found no listed address or sending domain in “%s”: give the address or domain from the notice instead.", shown(a))
			return nil, nil, exitFail
		}
	}
	return targets, from, exitYes
}

func isFile(name string) bool {
	st, err := os.Stat(name)
	return err == nil && !st.IsDir()
}

func (e env) readNotice(name string) ([]byte, error) {
	if name != stdinArg {
		return safefile.Read(name, maxNotice)
	}
	if e.in.used {
		return nil, errStdinTwice
	}
	e.in.used = true
	return safefile.ReadAll(e.in.r, maxNotice)
}

// writeBlocklist prints listings first, each with its meaning and next step, then what
// could not be checked, then one line for the lists that do not list the target.
func writeBlocklist(w io.Writer, out blocklistOutput) {
	for i, t := range out.Targets {
		if i > 0 {
			fmt.Fprintln(w)
		}
		what := "IP address"
		if t.Kind == dnsbl.Domain {
			what = "domain"
		}
		fmt.Fprintf(w, "%s (%s)", shown(t.Target), what)
		if t.Notice != "" {
			fmt.Fprintf(w, ", from the notice %s", shown(t.Notice))
		}
		fmt.Fprintln(w)
		if t.Owner != nil {
			fmt.Fprintf(w, "  %s\n", t.Owner.Summary)
		}
		rs := append([]dnsbl.Result(nil), t.Results...)
		rank := map[dnsbl.Status]int{dnsbl.Listed: 0, dnsbl.Unknown: 1, dnsbl.NotListed: 2}
		sort.SliceStable(rs, func(a, b int) bool { return rank[rs[a].Status] < rank[rs[b].Status] })
		dirty := map[string]bool{}
		for _, r := range rs {
			if r.Status != dnsbl.NotListed {
				dirty[r.List] = true
			}
		}
		var clean []string
		for _, r := range rs {
			name := ""
			if r.Why == dnsbl.WhyParent {
				name = fmt.Sprintf(" (the parent domain %s)", r.Name)
			} else if t.Kind == dnsbl.Domain && r.Name != t.Checked[0].Name {
				name = " (" + r.Name + ")"
			}
			switch r.Status {
			case dnsbl.Listed:
				fmt.Fprintf(w, "  LISTED on %s%s — %s.\n", r.List, name, r.Meaning)
				fmt.Fprintf(w, "    What to do: %s\n", r.Advice)
				if r.DelistURL != "" {
					fmt.Fprintf(w, "    Delisting page: %s\n", r.DelistURL)
				}
				if r.TXT != "" {
					fmt.Fprintf(w, "    The list says: %s\n", r.TXT)
				}
			case dnsbl.Unknown:
				fmt.Fprintf(w, "  COULD NOT CHECK %s%s — %s.\n", r.List, name, r.Meaning)
				fmt.Fprintf(w, "    What to do: %s\n", r.Advice)
			default:
				if !dirty[r.List] {
					dirty[r.List] = true // once
					clean = append(clean, r.List)
				}
			}
		}
		if len(clean) > 0 {
			fmt.Fprintf(w, "  Not listed on %s.\n", strings.Join(clean, ", "))
		}
	}
	fmt.Fprintln(w)
	switch {
	case out.Listed > 0:
		fmt.Fprintf(w, "%d listing%s found.", out.Listed, blPlural(out.Listed))
	case out.Unknown > 0:
		fmt.Fprint(w, "No listing found, but some lists could not be checked.")
	default:
		fmt.Fprint(w, "No list lists it.")
	}
	if out.Listed > 0 && out.Unknown > 0 {
		fmt.Fprintf(w, " %d check%s could not be done.", out.Unknown, blPlural(out.Unknown))
	}
	fmt.Fprintln(w)
}

func blPlural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
