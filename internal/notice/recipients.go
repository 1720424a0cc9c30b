package notice

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// readRecipients fills the recipients from the delivery status when there is one, else from
// the notice's text, and decides each one's reason. lowerArea is lower(errArea), which every
// reader below looks at.
func (n *Notice) readRecipients(c *collected, errArea, lowerArea string, ret returned) {
	var rs []dsnRecipient
	for _, d := range c.dsn {
		rep, list := readDSN(d)
		if n.ReportingMTA == "" {
			n.ReportingMTA = rep
		}
		rs = append(rs, list...)
	}
	if len(rs) == 0 && strings.Contains(errArea, "Final-Recipient:") { // a delivery status pasted as text
		rep, list := readDSN([]byte(errArea[strings.Index(errArea, "Final-Recipient:"):]))
		n.ReportingMTA, rs = rep, list
	}
	if n.ReportingMTA == "" {
		n.ReportingMTA = reportingFromText(errArea, lowerArea)
	}
	context := lowerArea
	if len(context) > maxContext {
		context = context[:maxContext]
	}
	ctxDone, ctxReason := false, ""
	fromContext := func() string {
		if !ctxDone {
			ctxDone, ctxReason = true, textReason(context)
		}
		return ctxReason
	}
	lh := whichLhost(c.top, context)
	flat := "" // context on one line, made once when a reader needs it
	areaCmd, areaCmdDone := "", false
	if len(rs) == 0 {
		for _, a := range textRecipients(c.top, errArea, ret) {
			rs = append(rs, dsnRecipient{final: a})
		}
	}
	if len(rs) == 0 {
		rs = append(rs, dsnRecipient{}) // a notice that names nobody still says why
	}
	for _, d := range rs {
		r := Recipient{Address: d.final, Action: d.action, RemoteHost: d.remote}
		if r.Address == "" {
			r.Address = d.original
		}
		paraDone, para := false, ""
		paragraph := func() string { // the text about the address, found once (a scan to where it is named)
			if !paraDone {
				paraDone, para = true, paragraphAboutLower(errArea, lowerArea, r.Address)
			}
			return para
		}
		diag := d.diag
		if strings.TrimSpace(diag) == "" && r.Address != "" {
			diag = paragraph()
		}
		if strings.TrimSpace(diag) == "" {
			diag = mainParagraph(errArea)
		}
		r.Diagnostic = mailmsg.Shorten(mailmsg.OneLine(diag), maxDiagnostic)
		lowFull := lower(diag) // findCommand, findHost and findBlocklist read diag in lower case
		r.Status = d.status
		ds := replyStatus(diag)
		if ds == "" {
			ds = findStatus(diag)
		}
		if ds != "" && (r.Status == "" || strings.HasSuffix(r.Status, ".0.0")) {
			r.Status = ds
		}
		r.ReplyCode = findReply(diag)
		if r.RemoteHost == "" {
			r.RemoteHost = findHostLower(diag, lowFull)
		}
		if r.Action == "" {
			r.Action = actionFrom(r.Status, r.ReplyCode, context)
		}
		lowDiag := joinReply(lower(r.Diagnostic))
		cmd := findCommandLower(lowerPrefix(diag, lowFull, min(len(diag), maxContext)))
		if cmd == "" {
			cmd = findCommand(paragraph())
		}
		if cmd == "" { // Sendmail's transcript, qmail's "most progress was RCPT TO response"
			if !areaCmdDone {
				areaCmd = findCommandLower(lowerPrefix(errArea, lowerArea, min(len(errArea), maxContext)))
				areaCmdDone = true
			}
			cmd = areaCmd
		}
		pre := ""
		if d.diag == "" { // a reader's decision for its own notice text, not over a delivery status
			pre = preset(c.top)
		}
		if rh := whichRhost(r.RemoteHost, r.Address, n.ReportingMTA, lowDiag); rh != nil && pre == "" {
			pre = decideBy(rh.rules, lowDiag)
			if pre == "" && (r.Status == "" || strings.HasSuffix(r.Status, ".0.0")) {
				pre = rh.silent[cmd]
			}
		}
		if lh != nil {
			if pre == "" {
				pre = decideBy(lh.rules, lowDiag)
			}
			if pre == "" && d.diag == "" { // the MTA's own text says why, above the address (Notes)
				if flat == "" {
					flat = strings.Join(strings.Fields(context), " ")
				}
				pre = decideBy(lh.rules, flat)
			}
			if cmd == "" {
				cmd = lh.command
			}
		}
		words := lowDiag
		if d.statusNote != "" { // PowerMTA and others name the status in words; sisimai reads them with the diagnostic
			words += " (" + lower(d.statusNote) + ")"
		}
		r.Reason = decide(facts{status: r.Status, reply: r.ReplyCode, action: r.Action, diag: words,
			diagTyp: d.diagType, command: cmd, context: fromContext, preset: pre,
			fromText: d.diag == ""})
		r.Hard = hard(r.Reason, r.Status, r.ReplyCode)
		r.Blocklist = findBlocklistLower(diag, lowFull, r.Reason)
		n.Recipients = append(n.Recipients, r)
		if len(n.Recipients) >= maxRecipients {
			break
		}
	}
}

// actionFrom guesses the RFC 3464 Action of a notice without one: delayed for a temporary
// status or the "will keep trying" notices, failed otherwise.
func actionFrom(status, reply, context string) string {
	if strings.HasPrefix(status, "4") || (status == "" && strings.HasPrefix(reply, "4")) ||
		containsAny(context, []string{"will continue to try", "delivery attempts will continue", "still trying", "has been delayed", "not yet been delivered"}) {
		return "delayed"
	}
	return "failed"
}

// textRecipients finds the addresses a notice without a delivery status reports on: Exim's
// X-Failed-Recipients, else the addresses in its text that are neither the notice's own
// sender and recipient nor the original's sender.
func textRecipients(h *mailmsg.Header, errArea string, ret returned) []string {
	var out []string
	seen := map[string]bool{}
	add := func(a string) {
		k := strings.ToLower(a)
		if !seen[k] && len(out) < maxRecipients {
			seen[k] = true
			out = append(out, a)
		}
	}
	for _, f := range h.All("X-Failed-Recipients") {
		for _, a := range strings.Split(f.Value(), ",") {
			if a = cleanAddr(a); a != "" {
				add(a)
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	skip := map[string]bool{}
	for _, name := range []string{"From", "To", "Return-Path", "Reply-To", "Sender"} {
		if l, ok := h.Addresses(name); ok {
			for _, a := range l {
				skip[strings.ToLower(a.Addr)] = true
			}
		}
	}
	if ret.header != nil {
		if l, ok := ret.header.Addresses("From"); ok {
			for _, a := range l {
				skip[strings.ToLower(a.Addr)] = true
			}
		}
	}
	for _, a := range findAddrs(errArea, 2*maxRecipients) {
		a = strings.Trim(a, ".'")
		k := strings.ToLower(a)
		local := k[:strings.IndexByte(k, '@')]
		if skip[k] || local == "postmaster" || local == "mailer-daemon" || strings.HasPrefix(k, "=") {
			continue
		}
		add(a)
	}
	if len(out) == 0 && ret.header != nil {
		if l, ok := ret.header.Addresses("To"); ok && len(l) > 0 {
			add(l[0].Addr)
		}
	}
	return out
}

// paragraphAboutLower is the text about addr: the lines from where it is named to the next blank
// line, and the paragraph after when that line names only the address (qmail "<a@b>:", Exim's
// indented list, Sendmail's fatal-errors list).
//
// low is strings.ToLower(text), made once per notice. Lowering works
// rune by rune and never makes or takes a newline, so the first line of text that names addr
// is the line of low where addr first appears.
func paragraphAboutLower(text, low, addr string) string {
	la := lower(addr)
	if strings.Contains(la, "\n") {
		return "" // no one line can hold it
	}
	at := strings.Index(low, la)
	if at < 0 {
		return ""
	}
	i := strings.Count(low[:at], "\n")
	rest := text // from line i on: the same line of text, counted by its newlines
	for n := 0; n < i; n++ {
		rest = rest[strings.IndexByte(rest, '\n')+1:]
	}
	var b []string
	for j := i; j < i+20; j++ {
		line, more, found := strings.Cut(rest, "\n")
		rest = more
		t := strings.TrimSpace(line)
		if t == "" {
			// An opening line that only names the address (DragonFly's "There was an
			// error delivering your mail to <a>.") leaves the server's words to the
			// next paragraph.
			if got := strings.Join(b, " "); wordsOver(got, 3) && (findReply(got) != "" || findStatus(got) != "" || j > i+8) {
				break
			}
		} else {
			b = append(b, t)
		}
		if !found {
			break
		}
	}
	return strings.Join(b, " ")
}

// wordsOver reports whether s has more than n words as strings.Fields counts them, without
// making the list.
func wordsOver(s string, n int) bool {
	words, in := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			in = false
		} else if !in {
			in = true
			if words++; words > n {
				return true
			}
		}
	}
	return false
}

// mainParagraph is the text that best says why, for a notice that names no address: the
// first paragraph that holds a reply or status code, else the notice's first lines.
func mainParagraph(text string) string {
	paras := strings.Split(text, "\n\n")
	for _, p := range paras {
		if findStatus(p) != "" || findReply(p) != "" {
			return p
		}
	}
	if len(text) > 2000 {
		return text[:2000]
	}
	return text
}

// reportingFromText names the server that wrote a notice without a delivery status.
var reportingPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)this is the mail system at host ([a-z0-9.\-]+)`), // Postfix
	regexp.MustCompile(`(?i)qmail-send program at ([a-z0-9.\-]+)`),           // qmail
	regexp.MustCompile(`(?i)generating server: ([a-z0-9.\-]+)`),              // Exchange, Microsoft 365
	regexp.MustCompile(`(?i)courier mail server at ([a-z0-9.\-]+)`),          // Courier
	regexp.MustCompile(`(?i)received at ([a-z0-9.\-]+\.[a-z]{2,})`),          // Sendmail
}

// reportingLiterals[i] is lower-case text reportingPatterns[i] cannot match without (see
// hostLiterals).
var reportingLiterals = []string{"this is the mail system at host ", "qmail-send program at ", "generating server: ", "courier mail server at ", "received at "}

func reportingFromText(text, low string) string {
	for i, re := range reportingPatterns {
		if !mayMatch(text, low, reportingLiterals[i]) {
			continue
		}
		if m := re.FindStringSubmatch(text); m != nil {
			return strings.TrimSuffix(m[1], ".")
		}
	}
	return ""
}
