package notice

import "strings"

// The decision follows sisimai v5's (Reason Find and anotherone), in this order: what an
// MTA-specific reader decided, unless it is one of the undecided reasons; a delivered
// status; for an SMTP diagnostic, the first list (firstOrder), each reason tested the way its
// sisimai Reason module's ProbesInto does (the enhanced status names it, or the diagnostic
// holds one of its phrases, with the extra conditions of probe); then the second list
// (secondOrder) by phrase alone, for a status that names nothing or an undecided reason;
// then the reason the status names; then the status class (x.6 content, x.7 security),
// X-Unix diagnostics (mailer error), syntax errors, a delayed action (expired), a refusal
// at HELO/EHLO (blocked); and last a vacation text, else onhold when the server said
// something, else undefined.

// firstOrder is sisimai v5's Reason classorder[0].
var firstOrder = []string{"mailboxfull", "mesgtoobig", "exceedlimit", "suspend", "hasmoved", "norelaying",
	"authfailure", "userunknown", "filtered", "requireptr", "notcompliantrfc", "badreputation", "contenterror",
	"rejected", "hostunknown", "spamdetected", "speeding", "toomanyconn", "blocked"}

// secondOrder is sisimai v5's classorder[1]: reasons tested by their phrases alone.
var secondOrder = []string{"mailboxfull", "authfailure", "badreputation", "speeding", "spamdetected",
	"virusdetected", "policyviolation", "norelaying", "systemerror", "networkerror", "suspend", "contenterror",
	"systemfull", "notaccept", "expired", "failedstarttls", "securityerror", "mailererror"}

// prematch: sisimai Reason UserUnknown's test for a status that says "bad address" with
// words that say otherwise ("550 5.7.1 IP address blacklisted" under Status 5.1.1).
var prematch = []string{"norelaying", "blocked", "mailboxfull", "hasmoved", "rejected", "notaccept"}

// beforeData: a refusal before DATA cannot come from a filter that reads the message
// (sisimai v5 smtp/command ExceptDATA).
var beforeData = map[string]bool{"CONN": true, "HELO": true, "EHLO": true, "STARTTLS": true, "AUTH": true, "MAIL": true, "RCPT": true}

var compiled = map[string][]guarded{}

func init() {
	for r, list := range phrases {
		for _, p := range list {
			if strings.HasPrefix(p, "re:") {
				compiled[r] = append(compiled[r], mustGuard(p[3:]))
			}
		}
	}
}

// facts is what a reason is decided from, for one recipient.
type facts struct {
	preset   string        // an MTA-specific reader's own decision
	status   string        // enhanced status, "5.1.1"
	reply    string        // SMTP reply code, "550"
	action   string        // DSN Action, lower case
	diag     string        // the server's words for this recipient, lower case
	diagTyp  string        // Diagnostic-Code type, lower case ("smtp", "x-unix")
	command  string        // the SMTP command refused: CONN, HELO, EHLO, MAIL, RCPT, DATA
	context  func() string // the reason the notice's own text gives, when the diagnostic is silent
	fromText bool          // the words come from an MTA's own notice text, not a delivery status
}

func decide(f facts) string {
	h := newHits(f.diag)
	if f.preset != "" && !undecided[f.preset] {
		return f.preset
	}
	if strings.HasPrefix(f.status, "2.") || f.action == "delivered" || f.action == "relayed" || f.action == "expanded" {
		return "delivered"
	}
	byStatus := statusReason(f.status)
	if f.diagTyp == "" || f.diagTyp == "smtp" {
		for _, r := range firstOrder {
			if probe(r, byStatus, f, h) {
				return r
			}
		}
	}
	if f.preset != "" && f.preset != "onhold" && f.preset != "undefined" {
		return f.preset // sisimai anotherone: the reader's own reason once the first list said nothing
	}
	if undecided[byStatus] || (f.diagTyp != "" && f.diagTyp != "smtp") {
		for _, r := range secondOrder {
			if h.has(r) {
				return r
			}
		}
		if byStatus == "" && f.preset != "" {
			return f.preset
		}
		// The notice's own words (sisimai's lhost readers look at the human-readable part).
		if byStatus == "" && f.context != nil {
			if r := f.context(); r != "" {
				return r
			}
		}
		if byStatus != "" {
			return byStatus
		}
		switch {
		case len(f.status) >= 3 && f.status[1:3] == ".6":
			return "contenterror"
		case len(f.status) >= 3 && f.status[1:3] == ".7":
			return "securityerror"
		case strings.HasPrefix(f.diagTyp, "x-unix"):
			return "mailererror"
		case h.has("syntaxerror") || strings.HasPrefix(f.reply, "50"):
			return "syntaxerror"
		case f.action == "delayed":
			return "expired"
		case f.command == "HELO" || f.command == "EHLO":
			return "blocked"
		}
	} else if byStatus != "" {
		return byStatus
	}
	switch {
	case f.action == "delayed":
		return "expired"
	case h.has("vacation"):
		return "vacation"
	case f.diag != "":
		return "onhold"
	}
	return "undefined"
}

// probe is sisimai's Reason ProbesInto for one reason of the first list: the reader said
// so, the status names it, or the words hold one of its phrases; some reasons ask more
// (sisimai Reason UserUnknown, Filtered, Rejected, HostUnknown): "user unknown" words
// count as userunknown only in reply to RCPT TO, and when the command is not known or was
// DATA they read as filtered, the recipient's server having refused the message itself.
func probe(r, byStatus string, f facts, h *hits) bool {
	if f.preset == r {
		return true
	}
	switch r {
	case "userunknown":
		if byStatus == "suspend" {
			return false
		}
		if byStatus == "userunknown" {
			for _, o := range prematch {
				if h.has(o) {
					return false
				}
			}
			return true
		}
		return f.command == "RCPT" && (h.has(r) || containsAny(f.diag, userUnknownAtRcpt))
	case "filtered":
		if byStatus == "suspend" {
			return false
		}
		if byStatus == "filtered" {
			return h.has("userunknown") || h.has(r)
		}
		return !beforeData[f.command] && (h.has(r) || h.has("userunknown"))
	case "rejected":
		if byStatus == "rejected" {
			return true
		}
		switch {
		case f.command == "MAIL":
			return h.has(r) || containsAny(f.diag, rejectedAtMail)
		case f.command == "DATA":
			return byStatus != "userunknown" && h.has(r)
		case byStatus == "" || byStatus == "onhold" || byStatus == "undefined" || byStatus == "securityerror" || byStatus == "systemerror":
			return h.has(r)
		}
		return false
	case "hostunknown":
		// A failed name lookup that says "try again" is a network error, not a missing domain.
		if byStatus == "hostunknown" {
			return !strings.Contains(f.diag, "try again")
		}
		return h.has(r) && !strings.Contains(f.diag, "try again")
	case "mesgtoobig":
		// x.2.3 is the mailbox's own limit (exceedlimit), whatever words say "too large".
		return byStatus != "exceedlimit" && (byStatus == r || h.has(r))
	}
	return byStatus == r || h.has(r)
}

// textReason is the reason a notice's own text (lower case) gives, or "". It is the same
// for every recipient, so the caller computes it once.
func textReason(text string) string {
	h := newHits(text)
	for _, r := range firstOrder {
		if h.has(r) {
			return r
		}
	}
	for _, r := range secondOrder {
		if h.has(r) {
			return r
		}
	}
	return ""
}

// hard says whether the address itself is bad, so sending again cannot help (sisimai's
// SMTP::Error soft_or_hard: hard for these reasons, and for onhold and undefined with a
// permanent 5xx status).
func hard(reason, status, reply string) bool {
	switch reason {
	case "userunknown", "hostunknown", "hasmoved":
		return true
	case "notaccept":
		return strings.HasPrefix(status, "5") || strings.HasPrefix(reply, "5")
	case "onhold", "undefined":
		return strings.HasPrefix(status, "5") || (status == "" && strings.HasPrefix(reply, "5"))
	}
	return false
}
