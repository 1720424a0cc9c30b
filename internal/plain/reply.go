package plain

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/reportmail/reportmail/internal/check"
	"github.com/reportmail/reportmail/internal/send"
)

// connectionSentence words the ways a connection fails before anything is sent that name
// their real cause: a certificate or TLS version too old to trust, a security setting that
// does not match the port, a server that does not answer.
func connectionSentence(e *send.Error, server string) (string, bool) {
	const nothingSent = "so Report Mail did not send your password or the report"
	switch e.Kind {
	case send.CertWeakKey:
		return "The mail server's security certificate uses an outdated key that is too weak to trust, " + nothingSent +
			". Tell whoever runs the server that it needs a new certificate with a key of at least 2048 bits.", true
	case send.CertOldSignature:
		return "The mail server's security certificate is signed in an outdated way (SHA-1) that is no longer safe, " + nothingSent +
			". Tell whoever runs the server that it needs a new certificate.", true
	case send.TLSOldVersion:
		return "The server only offers an old, unsafe version of TLS (1.0 or 1.1), " + nothingSent +
			". Tell whoever runs the server that it needs TLS 1.2 or newer.", true
	case send.WantsImplicitTLS:
		return fmt.Sprintf("Port %d expects SSL/TLS from the start: choose SSL/TLS instead of STARTTLS in the mail settings.", e.Port), true
	case send.WantsStartTLS:
		return fmt.Sprintf("Port %d expects STARTTLS, not SSL/TLS from the start: choose STARTTLS instead of SSL/TLS in the mail settings.", e.Port), true
	case send.NoAnswer:
		return fmt.Sprintf("%s did not answer within %s; Report Mail will try again.", capitalise(server), duration(e.Waited)), true
	}
	return "", false
}

const retrySuffix = "; Report Mail will try again."

// withReply puts the server's reply into s unless s already quotes it. Only a real reply
// counts (a code from the server): the other fields of an Error are not its words. The
// quote goes right after the sentence that says what happened, as a sentence of its own:
// what to do stays last, where people look for it, and the quote is never a parenthesis
// inside another one ("(temporary problem) (it said: …)").
func withReply(e *send.Error, s string) string {
	if e.Code == 0 || strings.TrimSpace(e.Reply) == "" {
		return s
	}
	q := quoteReply(e)
	if q == "" || strings.Contains(s, "“"+q+"”") {
		return s
	}
	said := "It said: “" + q + "”"
	if base, ok := strings.CutSuffix(s, retrySuffix); ok {
		// Keep the sentence's end, which the window rewords ("tries again by itself").
		return base + ". " + said + retrySuffix
	}
	if i := firstSentenceEnd(s); i >= 0 {
		return s[:i+1] + " " + said + "." + s[i+1:]
	}
	return s + " " + said + "."
}

// firstSentenceEnd is the index of the full stop that ends s's first sentence when another
// follows, or -1. A stop inside “quoted” words (a server's reply, an address) does not count.
func firstSentenceEnd(s string) int {
	depth := 0
	for i, r := range s {
		switch {
		case r == '“':
			depth++
		case r == '”' && depth > 0:
			depth--
		case r == '.' && depth == 0 && strings.HasPrefix(s[i+1:], " "):
			return i
		}
	}
	return -1
}

// maxQuote is how much of a server's reply a sentence quotes: a line or two, not a page.
const maxQuote = 300

// clip shortens s to maxQuote characters, never inside a character.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= maxQuote {
		return s
	}
	n := 0
	for i := range s {
		if n == maxQuote {
			return strings.TrimRight(s[:i], " ") + "…"
		}
		n++
	}
	return s
}

// size is a byte count as a person reads it.
func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+1<<9)>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// duration is a wait as a person says it: "30 seconds", "2 minutes".
func duration(d time.Duration) string {
	if d <= 0 {
		d = send.DefaultGreetingTimeout
	}
	if d >= time.Minute && d%time.Minute == 0 {
		return count(int64(d/time.Minute), "minute")
	}
	return count(max(1, int64((d+time.Second/2)/time.Second)), "second")
}

func count(n int64, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// WaitingLine is the progress line for a server slow to answer (send.Config.Waiting).
func WaitingLine(w send.Waiting) string {
	if w.Stage == send.Confirming {
		return confirmingLine(w)
	}
	host := check.OneLine(w.Host)
	if host == "" {
		host = "the mail server"
	}
	if w.Stage == send.StillWaiting {
		return fmt.Sprintf("Still waiting for %s to answer; Report Mail waits up to %s…", host, duration(w.Limit))
	}
	return fmt.Sprintf("Connecting to %s…", host)
}
