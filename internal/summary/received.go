package summary

import (
	"net/netip"
	"strings"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// sourceIP finds the connecting IP in a Received chain. Walking from the top (the last hop,
// added by the recipient's own servers), it takes the first public IP in a "from" clause:
// the first hop from the outside world. Hops between two servers of one organisation
// ("from X.prod.outlook.com by Y.prod.outlook.com") are passed over first, because Microsoft
// 365 and others relay internally over public IPv6; if that leaves nothing, the first public
// IP is taken, and if every hop is private, the first IP found is better than nothing.
func sourceIP(received []mailmsg.Field) string {
	var first, firstPublic string
	for _, r := range received {
		v := r.Value()
		internal := sameOrganisation(v)
		for _, ip := range fromClauseIPs(v) {
			if ip.IsUnspecified() {
				continue // "0.0.0.0" is a placeholder, not where anything came from
			}
			if first == "" {
				first = ip.String()
			}
			if !isPublic(ip) {
				continue
			}
			if !internal {
				return ip.String()
			}
			if firstPublic == "" {
				firstPublic = ip.String()
			}
		}
	}
	if firstPublic != "" {
		return firstPublic
	}
	return first
}

// sameOrganisation reports whether a Received field records a hop between two hosts of one
// domain, judged by the names after "from" and "by".
func sameOrganisation(v string) bool {
	from, by := clauseHost(fromClause(v)), clauseHost(byClause(v))
	if from == "" || by == "" {
		return false
	}
	return orgDomain(from) == orgDomain(by)
}

// clauseHost is the first word of a clause when it is a host name, not an address literal.
func clauseHost(clause string) string {
	fields := strings.Fields(clause)
	if len(fields) == 0 {
		return ""
	}
	h := mailmsg.LowerASCII(strings.TrimSuffix(fields[0], "."))
	if !strings.Contains(h, ".") || strings.ContainsAny(h, "[]():") {
		return ""
	}
	if _, err := netip.ParseAddr(h); err == nil {
		return ""
	}
	return h
}

// orgDomain approximates the registrable domain: the last two labels, or three under a
// short second level such as co.nz or com.au.
func orgDomain(host string) string {
	labels := strings.Split(host, ".")
	n := 2
	if len(labels) >= 3 && len(labels[len(labels)-1]) == 2 && len(labels[len(labels)-2]) <= 3 {
		n = 3
	}
	if len(labels) < n {
		return host
	}
	return strings.Join(labels[len(labels)-n:], ".")
}

// cgnat is RFC 6598 shared address space, used inside carrier networks.
var cgnat = netip.MustParsePrefix("100.64.0.0/10")

func isPublic(ip netip.Addr) bool {
	return ip.IsValid() && ip.IsGlobalUnicast() && !ip.IsPrivate() && !cgnat.Contains(ip)
}

// fromClauseIPs returns the IPs of a Received field's "from" clause, most trustworthy first.
// The clause runs from a top-level "from" to the next top-level "by", "via", "with", "id",
// "for" or ";". Inside it, an IP written in parentheses is what the receiving server saw
// (Sendmail, Postfix, qmail, Exchange: "from helo (rdns [1.2.3.4])"), unless it follows
// "helo"; outside parentheses it is the connecting address only when the server writes it
// first (Exim: "from [1.2.3.4] (helo=…)").
func fromClauseIPs(v string) []netip.Addr {
	clause := fromClause(v)
	if clause == "" {
		return nil
	}
	var inParen, outside []netip.Addr
	depth := 0
	afterHelo := false
	i := 0
	for i < len(clause) {
		c := clause[i]
		switch {
		case c == '(':
			depth++
			afterHelo = false
			i++
			continue
		case c == ')':
			if depth > 0 {
				depth--
			}
			afterHelo = false
			i++
			continue
		case isIPSep(c):
			i++
			continue
		}
		j := i
		for j < len(clause) && !isIPSep(clause[j]) && clause[j] != '(' && clause[j] != ')' {
			j++
		}
		tok := clause[i:j]
		i = j
		low := mailmsg.LowerASCII(tok) // same length as tok: k below indexes both
		if low == "helo" || low == "ehlo" || strings.HasSuffix(low, "helo=") || strings.HasSuffix(low, "ehlo=") {
			afterHelo = true
			continue
		}
		if k := strings.IndexByte(low, '='); k >= 0 {
			afterHelo = strings.HasSuffix(low[:k], "helo")
			tok = tok[k+1:]
		}
		ip, ok := parseIPToken(tok)
		wasHelo := afterHelo
		afterHelo = false
		if !ok || wasHelo {
			continue
		}
		if depth > 0 {
			inParen = append(inParen, ip)
		} else {
			outside = append(outside, ip)
		}
	}
	if len(inParen) > 0 {
		return append(inParen, outside...)
	}
	return outside
}

func isIPSep(c byte) bool {
	return c == ' ' || c == '\t' || c == '[' || c == ']' || c == ',' || c == '"' || c == '<' || c == '>'
}

// parseIPToken accepts "1.2.3.4", "IPv6:2001:db8::1", "1.2.3.4:25", "::ffff:1.2.3.4" and an
// address with a zone or trailing dot, and returns the plain address.
func parseIPToken(tok string) (netip.Addr, bool) {
	tok = strings.TrimSuffix(tok, ".")
	if len(tok) > 5 && strings.EqualFold(tok[:5], "ipv6:") {
		tok = tok[5:]
	}
	if tok == "" || len(tok) > 64 || !strings.ContainsAny(tok, ".:") {
		return netip.Addr{}, false
	}
	ip, err := netip.ParseAddr(tok)
	if err != nil {
		// "1.2.3.4:25": an IPv4 address with a port.
		if k := strings.LastIndexByte(tok, ':'); k > 0 && strings.Count(tok, ":") == 1 {
			ip, err = netip.ParseAddr(tok[:k])
		}
		if err != nil {
			return netip.Addr{}, false
		}
	}
	return ip.Unmap().WithZone(""), true
}

// fromClause returns the text of the top-level "from" clause, or "".
func fromClause(v string) string { return clause(v, "from") }

// byClause returns the text of the top-level "by" clause, or "".
func byClause(v string) string { return clause(v, "by") }

// clause returns the text of the top-level clause introduced by keyword ("from" or "by"),
// up to the next clause keyword or ";". Comments in parentheses are skipped over.
func clause(v, keyword string) string {
	start := -1
	depth := 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '(':
			depth++
		case c == ')':
			if depth > 0 {
				depth--
			}
		case depth == 0 && c == ';':
			if start >= 0 {
				return v[start:i]
			}
			return ""
		case depth == 0 && wordAt(v, i):
			w := mailmsg.LowerASCII(v[i:min(i+5, len(v))])
			switch {
			case start < 0 && hasWord(w, v, i, keyword):
				start = i + len(keyword)
			case start >= 0 && (hasWord(w, v, i, "from") || hasWord(w, v, i, "by") || hasWord(w, v, i, "via") ||
				hasWord(w, v, i, "with") || hasWord(w, v, i, "id") || hasWord(w, v, i, "for")):
				return v[start:i]
			}
		}
	}
	if start >= 0 {
		return v[start:]
	}
	return ""
}

// wordAt reports whether a word starts at i (start of text or after white space).
func wordAt(v string, i int) bool {
	return i == 0 || v[i-1] == ' ' || v[i-1] == '\t' || v[i-1] == ')'
}

func wordEnds(v string, i int) bool {
	return i >= len(v) || v[i] == ' ' || v[i] == '\t' || v[i] == '('
}

func hasWord(lowPrefix, v string, i int, word string) bool {
	return strings.HasPrefix(lowPrefix, word) && wordEnds(v, i+len(word))
}
