package notice

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// findStatus returns the first RFC 3463 enhanced status code in s ("5.1.1"), not one that is
// part of an IP address or a version number.
func findStatus(s string) string {
	for i := 0; i+5 <= len(s); i++ {
		c := s[i]
		if (c != '2' && c != '4' && c != '5') || s[i+1] != '.' {
			continue
		}
		if i > 0 && (isDigit(s[i-1]) || s[i-1] == '.') {
			continue
		}
		j := i + 2
		n1 := digits(s, j, 3)
		if n1 == 0 || j+n1 >= len(s) || s[j+n1] != '.' {
			continue
		}
		k := j + n1 + 1
		n2 := digits(s, k, 3)
		if n2 == 0 {
			continue
		}
		e := k + n2
		if e < len(s) && (isDigit(s[e]) || (s[e] == '.' && e+1 < len(s) && isDigit(s[e+1]))) {
			continue
		}
		return s[i:e]
	}
	return ""
}

func digits(s string, i, max int) int {
	n := 0
	for i+n < len(s) && n <= max && isDigit(s[i+n]) {
		n++
	}
	if n > max {
		return 0
	}
	return n
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// findReply returns the first SMTP reply code (RFC 5321 §4.2) in s: three digits 2xx/4xx/5xx
// standing alone before a space, a hyphen or the end.
func findReply(s string) string {
	for i := 0; i+3 <= len(s); i++ {
		c := s[i]
		if c != '2' && c != '4' && c != '5' || !isDigit(s[i+1]) || !isDigit(s[i+2]) || s[i+1] > '5' {
			continue
		}
		if i > 0 && (isDigit(s[i-1]) || strings.IndexByte(".:-/#=", s[i-1]) >= 0 || isLetter(s[i-1])) {
			continue
		}
		if e := i + 3; e == len(s) || s[e] == ' ' || s[e] == '-' || s[e] == '\t' {
			return s[i : i+3]
		}
	}
	return ""
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// Where servers name the remote host, each with whose wording it is.
var hostPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)host ([a-z0-9][a-z0-9.\-]*\.[a-z]{2,})\[([0-9a-f.:]+)\] said`),               // Postfix
	regexp.MustCompile(`(?i)host ([a-z0-9][a-z0-9.\-]*\.[a-z]{2,}) \[([0-9a-f.:]+)\]`),                   // Exim
	regexp.MustCompile(`(?i)remote host ([0-9a-f.:]+) said`),                                             // qmail
	regexp.MustCompile(`(?i)while talking to ([a-z0-9][a-z0-9.\-]*\.[a-z]{2,})\.?:`),                     // Sendmail
	regexp.MustCompile(`(?i)remote server \[?([a-z0-9][a-z0-9.\-]*\.[a-z0-9]{2,})\]? (?:returned|said)`), // Exchange, generic
	regexp.MustCompile(`(?i)connected to ([0-9a-f.:]+) but`),                                             // qmail
	regexp.MustCompile(`(?i)from remote (?:mail )?server ([a-z0-9][a-z0-9.\-]*\.[a-z]{2,})`),             // OpenSMTPD, generic
	regexp.MustCompile(`(?i)host: ([a-z0-9][a-z0-9.\-]*\.[a-z]{2,}) \(([0-9a-f.:]+)\)`),                  // Orange's relays ("host: smtp-in.orange.fr (193.252.22.65) reason:")
}

// hostLiterals[i] is lower-case text hostPatterns[i] cannot match without: a case-insensitive
// expression has no literal prefix for the regexp package to skip ahead by, so it is tried
// at every byte, and most diagnostics hold none of these words.
var hostLiterals = []string{"host ", "host ", "remote host ", "while talking to ", "remote server ", "connected to ", "from remote ", "host: "}

// findHost names the remote host the words came from, "" if they do not say.
func findHost(s string) string { return findHostLower(s, lower(s)) }

// findHostLower is findHost given low, lower(s).
func findHostLower(s, low string) string {
	if !containsAny(low, []string{"host", "talking", "connected", "server"}) {
		return ""
	}
	ascii := isASCII(s)
	for i, re := range hostPatterns {
		if !mayMatch(s, low, hostLiterals[i]) {
			continue
		}
		var m []string
		if ascii {
			m = firstAtLiteral(s, low, hostLiterals[i], hostAnchored[i])
		} else {
			m = re.FindStringSubmatch(s)
		}
		if m != nil {
			if len(m) > 2 && m[2] != "" {
				return m[1] + " [" + m[2] + "]"
			}
			return m[1]
		}
	}
	return ""
}

// hostAnchored[i] is hostPatterns[i] anchored at the start of the text.
var hostAnchored = func() []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(hostPatterns))
	for i, re := range hostPatterns {
		out[i] = regexp.MustCompile(`^(?:` + re.String() + `)`)
	}
	return out
}()

// firstAtLiteral is the first match of an expression that starts with the case-insensitive
// literal lit (anchored, its form anchored at the start) in s, an ASCII text, given low,
// lower(s): a match can start only where lit does, so only those places are tried rather
// than every byte.
func firstAtLiteral(s, low, lit string, anchored *regexp.Regexp) []string {
	for k := 0; k < len(low); {
		at := strings.Index(low[k:], lit)
		if at < 0 {
			return nil
		}
		k += at
		if m := anchored.FindStringSubmatch(s[k:]); m != nil {
			return m
		}
		k++
	}
	return nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// mayMatch reports whether a case-insensitive expression that needs the lower-case ASCII
// literal lit can match s, given low, strings.ToLower(s). Only the long s (U+017F) folds to
// an ASCII letter ("s") without lowering to it, so a text holding one is always tried.
func mayMatch(s, low, lit string) bool {
	return strings.Contains(low, lit) || strings.Contains(s, "\u017f")
}

// The SMTP command a refusal answered, by the servers' wordings (Postfix "in reply to RCPT
// TO command", Exim "after RCPT TO:", Sendmail ">>> RCPT To:", qmail "RCPT TO response"),
// lower case, first found wins.
var commandWords = []struct{ words, command string }{
	{"end of data", "DATA"}, {"after data", "DATA"}, {"reply to data", "DATA"}, {">>> data", "DATA"},
	{"data command", "DATA"}, {"data response", "DATA"},
	{"[data]", "DATA"}, {"text command", "DATA"}, // Yahoo's [DATA], Orange's "for TEXT command"
	{"[rcpt_to]", "RCPT"}, {"[mail_from]", "MAIL"}, // Yahoo
	{"did not like our rcpt", "RCPT"}, {"did not like our mail", "MAIL"}, {"did not like our data", "DATA"}, // DragonFly dma
	{"smtp:rcpt", "RCPT"}, {"smtp:data", "DATA"}, {"smtp:mail", "MAIL"}, // X3 (Technical details: SMTP:RCPT)
	{"rcpt to", "RCPT"}, {">>> rcpt", "RCPT"}, {"rcpt command", "RCPT"},
	{"mail from", "MAIL"}, {">>> mail", "MAIL"},
	{"reply to helo", "HELO"}, {"after helo", "HELO"}, {"reply to ehlo", "EHLO"}, {"after ehlo", "EHLO"},
	{"initial connection", "CONN"}, {"greeting", "CONN"},
}

var commandSet = func() *phraseSet {
	list := make([]string, len(commandWords))
	for i, c := range commandWords {
		if len(c.words) < 2 {
			panic("notice: a command's words must be two bytes or more, to be found in order")
		}
		list[i] = c.words
	}
	return newPhraseSet(list)
}()

func findCommand(s string) string {
	if len(s) > maxContext {
		s = s[:maxContext]
	}
	return findCommandLower(lower(s))
}

// findCommandLower is findCommand of a text already lower case and cut to maxContext.
func findCommandLower(low string) string {
	// The wording found first in the text wins, and at one place the first in the list.
	best := ""
	commandSet.each(low, func(i int) bool {
		best = commandWords[i].command
		return false
	})
	return best
}

// joinReply undoes a multi-line SMTP reply (RFC 5321 §4.2.1: "550-5.2.1 … 550-5.2.1 … 550
// 5.2.1 …", Gmail's way) so that the server's sentence reads whole, as sisimai reads it.
func joinReply(s string) string {
	code, status, ok := replyPrefix(s)
	if !ok {
		return s
	}
	n := len(code) + 1 + len(status)
	head, rest := s[:n], s[n:]
	for _, sep := range []string{"-", " "} {
		rest = strings.ReplaceAll(rest, " "+code+sep+status, " ")
	}
	return head + rest
}

// replyPrefix reads what replyPrefixExpr (words_test.go) matches at the start of s: a reply
// code, "-" or " ", and optionally a status of one to three digits a part with a space
// after it (status then ends in that space).
func replyPrefix(s string) (code, status string, ok bool) {
	if len(s) < 4 || !isClass(s[0]) || !isDigit(s[1]) || !isDigit(s[2]) || (s[3] != '-' && s[3] != ' ') {
		return "", "", false
	}
	if i := 4; i+1 < len(s) && isClass(s[i]) && s[i+1] == '.' {
		j := i + 2
		n1 := runOfDigits(s, j)
		if n1 >= 1 && j+n1 < len(s) && s[j+n1] == '.' {
			// \d{1,3} backs off, but only a full run of at most three can be followed
			// by the dot or the space.
			k := j + n1 + 1
			n2 := runOfDigits(s, k)
			if n1 <= 3 && n2 >= 1 && n2 <= 3 && k+n2 < len(s) && s[k+n2] == ' ' {
				status = s[i : k+n2+1]
			}
		}
	}
	return s[:3], status, true
}

// replyStatus is the enhanced status the remote server itself gave, right after its reply
// code ("550-'5.7.1 …"), where a relay put its own verdict first (Amazon SES: "5.1.0 - Unknown
// address error 550-'5.7.1 … Access denied'"); "" when no status follows a reply code.
//
// It is the first match of replyStatusExpr (words_test.go), written out: a reply code not
// after a digit or a dot, "-" or " ", an optional quote, then a status whose parts are one
// to three digits and which no digit or dot follows.
func replyStatus(s string) string {
	if !hasStatusStart(s) {
		return "" // most text has no "5.x" at all
	}
	for q := 0; q+4 < len(s); q++ {
		if !isClass(s[q]) || !isDigit(s[q+1]) || !isDigit(s[q+2]) || (s[q+3] != '-' && s[q+3] != ' ') {
			continue
		}
		if q > 0 && (isDigit(s[q-1]) || s[q-1] == '.') {
			continue
		}
		at := q + 4
		if s[at] == '\'' {
			at++
		}
		if st := statusAt(s, at); st != "" {
			return st
		}
	}
	return ""
}

// statusAt is the enhanced status "c.d.d" (one to three digits each) at s[i:], which no digit
// or dot follows, or "".
func statusAt(s string, i int) string {
	if i+1 >= len(s) || !isClass(s[i]) || s[i+1] != '.' {
		return ""
	}
	j := i + 2
	n1 := runOfDigits(s, j)
	if n1 < 1 || n1 > 3 || j+n1 >= len(s) || s[j+n1] != '.' {
		return ""
	}
	k := j + n1 + 1
	n2 := runOfDigits(s, k)
	if n2 < 1 || n2 > 3 {
		return ""
	}
	e := k + n2
	if e < len(s) && s[e] == '.' {
		return ""
	}
	return s[i:e]
}

func isClass(c byte) bool { return c == '2' || c == '4' || c == '5' }

func runOfDigits(s string, i int) int {
	n := 0
	for i+n < len(s) && isDigit(s[i+n]) {
		n++
	}
	return n
}

// hasStatusStart reports whether s holds what every enhanced status starts with: 2, 4 or 5,
// a dot and a digit.
func hasStatusStart(s string) bool {
	for i := 1; i+1 < len(s); i++ {
		if s[i] == '.' && (s[i-1] == '2' || s[i-1] == '4' || s[i-1] == '5') && isDigit(s[i+1]) {
			return true
		}
	}
	return false
}
