package notice

import (
	"regexp"
	"strings"
)

// zones are DNS blocklists named in rejections, lower case, each with the list it is.
// Source: the lists' own documentation as servers quote them (Postfix "blocked using ZONE",
// Exim "rejected because IP is in a black list at ZONE").
var zones = []string{
	"zen.spamhaus.org", "sbl-xbl.spamhaus.org", "sbl.spamhaus.org", "xbl.spamhaus.org", "pbl.spamhaus.org",
	"dbl.spamhaus.org", "zen.dq.spamhaus.net", "b.barracudacentral.org", "bb.barracudacentral.org",
	"bl.spamcop.net", "cbl.abuseat.org", "dnsbl.sorbs.net", "dul.dnsbl.sorbs.net", "psbl.surriel.com",
	"dnsbl-1.uceprotect.net", "dnsbl-2.uceprotect.net", "dnsbl-3.uceprotect.net", "bl.mailspike.net",
	"ix.dnsbl.manitu.net", "truncate.gbudb.net", "dnsbl.spfbl.net", "bl.0spam.org", "rbl.interserver.net",
	"all.s5h.net", "hostkarma.junkemailfilter.com", "bl.blocklist.de", "spam.dnsbl.anonmails.de",
	"dnsbl.dronebl.org", "multi.surbl.org", "multi.uribl.com", "black.uribl.com", "rbl.jp", "dnsbl.inps.de",
	"cbl.anti-spam.org.cn", "bl.score.senderscore.com", "drbl.imedia.ru", "work.drbl.imedia.ru",
}

// zoneHints map a list's name or web site, when the text names no zone, to its zone.
var zoneHints = []struct{ word, zone string }{
	{"spamhaus", "zen.spamhaus.org"}, {"barracudacentral", "b.barracudacentral.org"},
	{"barracuda reputation", "b.barracudacentral.org"}, {"spamcop", "bl.spamcop.net"},
	{"abuseat.org", "cbl.abuseat.org"}, {"sorbs", "dnsbl.sorbs.net"}, {"uceprotect", "dnsbl-1.uceprotect.net"},
	{"mailspike", "bl.mailspike.net"}, {"surriel", "psbl.surriel.com"},
}

var (
	urlPattern  = regexp.MustCompile(`https?://[^\s<>"')\]]+`)
	ipv4Pattern = regexp.MustCompile(`\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b`)
	// "blocked using ZONE" (Postfix), "listed in|at|on|by ZONE" (Exim, Sendmail, many).
	zoneSaid = regexp.MustCompile(`(?i)(?:blocked using|listed (?:in|at|on|by)|black ?list(?:ed)? (?:at|in|by)|dnsbl:?) ([a-z0-9\-]+(?:\.[a-z0-9\-]+)+\.[a-z]{2,})`)
	domainAt = regexp.MustCompile(`(?i)(?:domain|sender domain|url|uri) ([a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}) (?:is )?(?:listed|blocked|blacklisted)`)
)

// findBlocklist reads the list, the listed address and the link from a rejection's words;
// nil when they name no list and the reason is not a blocklist one.
func findBlocklist(diag, reason string) *Blocklist {
	return findBlocklistLower(diag, lower(diag), reason)
}

// findBlocklistLower is findBlocklist given low, lower(diag).
func findBlocklistLower(diag, low, reason string) *Blocklist {
	b := &Blocklist{}
	named := make([]bool, len(zones)) // found in one pass; the first in the list wins
	zoneSet.each(low, func(i int) bool {
		named[i] = true
		return true
	})
	for i, z := range zones {
		if named[i] {
			b.Zone = z
			break
		}
	}
	// The regular expressions run only where their words are: most diagnostics name no list.
	listWords := containsAny(low, []string{"listed", "blocked using", "black", "dnsbl", "blocked"})
	if b.Zone == "" && listWords {
		if m := zoneSaid.FindStringSubmatch(diag); m != nil {
			b.Zone = strings.TrimSuffix(lower(m[1]), ".")
		}
	}
	if b.Zone == "" {
		for _, h := range zoneHints {
			if strings.Contains(low, h.word) {
				b.Zone = h.zone
				break
			}
		}
	}
	if b.Zone == "" && reason != "blocked" {
		return nil
	}
	if strings.Contains(low, "http") {
		if u := urlPattern.FindString(diag); u != "" {
			b.URL = strings.TrimRight(u, ".,;:")
		}
	}
	var m []string
	if listWords {
		m = domainAt.FindStringSubmatch(diag)
	}
	if m != nil {
		b.Listed = lower(m[1])
	} else if ip := ipv4Pattern.FindString(diag); ip != "" {
		b.Listed = ip
	}
	if b.Zone == "" && !(reason == "blocked" && b.Listed != "") {
		return nil
	}
	return b
}
