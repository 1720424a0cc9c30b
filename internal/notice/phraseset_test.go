package notice

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The one-pass matchers must give the answers of the phrase-by-phrase scans they replace.
func slowMatches(reason, text string) bool {
	if text == "" || containsAny(text, notPhrases[reason]) {
		return false
	}
	for _, p := range phrases[reason] {
		if !strings.HasPrefix(p, "re:") && strings.Contains(text, p) {
			return true
		}
	}
	for _, re := range compiled[reason] {
		if re.MatchString(text) {
			return true
		}
	}
	return false
}

func slowCommand(s string) string {
	if len(s) > maxContext {
		s = s[:maxContext]
	}
	l := strings.ToLower(s)
	best, at := "", len(l)+1
	for _, c := range commandWords {
		if k := strings.Index(l, c.words); k >= 0 && k < at {
			best, at = c.command, k
		}
	}
	return best
}

func samePhraseAnswers(t *testing.T, text string) {
	low := strings.ToLower(text)
	h := newHits(low)
	for r := range phrases {
		if got, want := h.has(r), slowMatches(r, low); got != want {
			t.Fatalf("reason %s: one pass says %v, phrase by phrase %v, for %q", r, got, want, shorten(low))
		}
	}
	if got, want := findCommand(text), slowCommand(text); got != want {
		t.Fatalf("command: one pass says %q, phrase by phrase %q, for %q", got, want, shorten(low))
	}
	if got, want := signatureSet.any(low), containsAny(low, signatures); got != want {
		t.Fatalf("signatures: %v, want %v", got, want)
	}
}

func shorten(s string) string { return s[:min(len(s), 200)] }

func TestPhraseSetAgrees(t *testing.T) {
	for _, s := range []string{"", "a", "mailbox is full", "550 5.1.0 address rejected: mailbox full", "in reply to RCPT TO command; DATA",
		"RCPT TO then MAIL FROM", "is not allowed to send mail.x_401", "the ip 1.2.3.4 is blacklisted", "ſpam detected"} {
		samePhraseAnswers(t, s)
	}
	files, _ := filepath.Glob("../../../shared/corpus/bounce/*/*.eml")
	if len(files) == 0 {
		t.Log("corpus absent (../shared/corpus): only the table was checked")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		samePhraseAnswers(t, string(b))
	}
}

func FuzzPhraseSet(f *testing.F) {
	for _, s := range []string{"mailbox is full", "relay access denied (in reply to RCPT TO command)", "spam (", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { samePhraseAnswers(t, s) })
}
