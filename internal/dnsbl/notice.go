package dnsbl

import (
	"regexp"
	"strings"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// NoticeTargets is a simple first reading of a rejection notice for the blocklist check:
// the addresses its own text says are listed or blocked, and the sending domains (the
// returned message's From and the servers in its Received "by" clauses; the notice's To
// when nothing was returned). It is a stopgap until the notice reader names the listed
// address and the sending domains itself; it reads only what internal/mailmsg hands it.
func NoticeTargets(raw []byte) (ips, domains []string) {
	const maxText = 2 << 20
	var text strings.Builder
	var returned []*mailmsg.Header
	top := mailmsg.ParseHeader(raw)
	mailmsg.Walk(raw, mailmsg.Limits{MaxParts: 200}, func(p *mailmsg.Part) mailmsg.Action {
		switch t := p.Type.Type; {
		case p.Multipart():
		case p.Message():
			returned = append(returned, mailmsg.ParseHeader(p.Decoded(1<<20)))
		case t == "text/rfc822-headers":
			returned = append(returned, mailmsg.ParseHeader(p.Decoded(1<<20)))
		case t == "" || t == "text/plain" || t == "message/delivery-status" || t == "message/global-delivery-status":
			if text.Len() < maxText {
				text.Write(p.Decoded(maxText - text.Len()))
				text.WriteByte('\n')
			}
		}
		return mailmsg.Continue
	})
	ips = listedIPs(text.String())
	seen := map[string]bool{}
	add := func(name string) {
		name = strings.ToLower(strings.TrimSuffix(name, "."))
		if len(domains) >= 6 || seen[name] || localName(name) {
			return
		}
		if t, err := ParseTarget(name); err == nil && t.Kind == Domain {
			seen[name] = true
			domains = append(domains, t.Checked[0].Name)
		}
	}
	for _, h := range returned {
		if list, ok := h.Addresses("From"); ok {
			for _, a := range list {
				if at := strings.LastIndexByte(a.Addr, '@'); at >= 0 {
					add(a.Addr[at+1:])
				}
			}
		}
		for _, f := range h.All("Received") {
			if m := receivedBy.FindStringSubmatch(f.Value()); m != nil {
				add(m[1])
			}
		}
	}
	if len(domains) == 0 {
		if list, ok := top.Addresses("To"); ok {
			for _, a := range list {
				if at := strings.LastIndexByte(a.Addr, '@'); at >= 0 {
					add(a.Addr[at+1:])
				}
			}
		}
	}
	return ips, domains
}

var (
	receivedBy = regexp.MustCompile(`(?i)\bby\s+([a-z0-9][a-z0-9.-]*[a-z0-9])`)
	// A listing is spoken of on the line: only those lines' addresses are the sender's
	// (Remote-MTA and "host mx.example[198.51.100.7] said" name the receiving server).
	listingWords = regexp.MustCompile(`(?i)listed|block ?list|black ?list|\brbl\b|dnsbl|spamhaus|spamcop|barracuda|uceprotect|blocked using|reputation`)
	ipToken      = regexp.MustCompile(`(\S?)\[?(?:IPv6:)?\b([0-9]{1,3}(?:\.[0-9]{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})\b\]?`)
)

func listedIPs(text string) []string {
	var ips []string
	seen := map[string]bool{}
	for _, line := range unfold(text) {
		if !listingWords.MatchString(line) {
			continue
		}
		for _, m := range ipToken.FindAllStringSubmatch(line, -1) {
			glued := m[1] != "" && m[1] != "(" && m[1] != "[" && m[1] != ":" && m[1] != "=" && strings.HasPrefix(m[0][len(m[1]):], "[")
			if glued || len(ips) >= 6 {
				continue // hostname[address]: the server that answered
			}
			t, err := ParseTarget(m[2])
			if err != nil || t.Kind != IP || seen[t.Addr.String()] {
				continue
			}
			seen[t.Addr.String()] = true
			ips = append(ips, t.Addr.String())
		}
	}
	return ips
}

// unfold joins continuation lines (DSN fields and wrapped SMTP replies) to their line.
func unfold(text string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r", ""), "\n") {
		if len(out) > 0 && (strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t")) {
			out[len(out)-1] += " " + strings.TrimSpace(l)
			continue
		}
		out = append(out, l)
	}
	return out
}

func localName(n string) bool {
	for _, s := range []string{".local", ".localdomain", ".lan", ".internal", ".home.arpa", ".localhost", ".invalid"} {
		if strings.HasSuffix(n, s) {
			return true
		}
	}
	return !strings.Contains(n, ".")
}
