package notice

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The expressions replyStatus and joinReply's replyPrefix do the work of, and findHost
// as it was before it tried its expressions only where their first words are.
var (
	replyStatusExpr = regexp.MustCompile(`(?:^|[^0-9.])[245]\d\d[- ]'?([245]\.\d{1,3}\.\d{1,3})(?:[^0-9.]|$)`)
	replyPrefixExpr = regexp.MustCompile(`^([245]\d\d)[- ]([245]\.\d{1,3}\.\d{1,3} )?`)
)

func replyStatusRef(s string) string {
	if m := replyStatusExpr.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

func joinReplyRef(s string) string {
	m := replyPrefixExpr.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	head, rest := s[:len(m[0])], s[len(m[0]):]
	for _, sep := range []string{"-", " "} {
		rest = strings.ReplaceAll(rest, " "+m[1]+sep+m[2], " ")
	}
	return head + rest
}

func findHostRef(s string) string {
	for _, re := range hostPatterns {
		if m := re.FindStringSubmatch(s); m != nil {
			if len(m) > 2 && m[2] != "" {
				return m[1] + " [" + m[2] + "]"
			}
			return m[1]
		}
	}
	return ""
}

var wordsCases = []string{
	"", "550 5.7.1 blocked", "550-5.7.1 x 550-5.7.1 y 550 5.7.1 z", "5.1.0 - Unknown 550-'5.7.1 Access denied'",
	"1550 5.1.1 no", "550 5.1.1234 no", "550 5.1.12.", "x550 5.1.1", ".550 5.1.1", "é550 5.1.1", "\xff550 4.2.2",
	"550 5.1.1", "550 5.1", "421 4.4.2 a 550 5.7.1", "250 2.0.0 ok", "550 5.7.1 ", "550 5.1234.1 x", "550-5.2.1",
	"host mx.example.com[192.0.2.1] said: 550 no", "Remote host 192.0.2.1 said: 550", "HOST mx.Example.COM [192.0.2.9]",
	"while talking to mail.example.org.: >>> RCPT", "remote server [mx.example.net] returned 550", "Connected to 192.0.2.4 but",
	"from remote mail server mx.x.de: 550", "host: smtp-in.orange.fr (193.252.22.65) reason:", "host host host x.io[1.2.3.4] said",
	"the host ſmtp.example.com[1.2.3.4] said", "no host at all", "host \u212aelvin.example.com[1.1.1.1] said",
}

func TestWordsAsExpressions(t *testing.T) {
	texts := slices.Clone(wordsCases)
	for _, l := range labels(t) {
		raw := string(readCorpus(t, l.file))
		texts = append(texts, raw)
		texts = append(texts, strings.Split(raw, "\n")...)
	}
	for _, s := range texts {
		checkWords(t, s)
	}
}

func FuzzWords(f *testing.F) {
	for _, s := range wordsCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkWords(t, s) })
}

func checkWords(t *testing.T, s string) {
	t.Helper()
	if got, want := replyStatus(s), replyStatusRef(s); got != want {
		t.Fatalf("replyStatus(%q) = %q, want %q", s, got, want)
	}
	if got, want := joinReply(s), joinReplyRef(s); got != want {
		t.Fatalf("joinReply(%q) = %q, want %q", s, got, want)
	}
	if !containsAny(lower(s), []string{"host", "talking", "connected", "server"}) {
		return // findHost's own first test
	}
	if got, want := findHost(s), findHostRef(s); got != want {
		t.Fatalf("findHost(%q) = %q, want %q", s, got, want)
	}
}
