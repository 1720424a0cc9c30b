package notice

import (
	"slices"
	"testing"
)

func TestRequiredLiterals(t *testing.T) {
	for _, c := range []struct {
		expr string
		want []string
	}{
		{`mailbox .*does not exist`, []string{"mailbox ", "does not exist"}},
		{`<[^>]*> not found`, []string{"<", "> not found"}},
		{`the (domain|email|ip).* is blacklisted`, []string{"the ", " is blacklisted"}},
		{`(?i)host (x)`, nil},
		{`a|b`, nil},
		{`aup#[-a-z]*1000\b`, []string{"aup#", "1000"}},
	} {
		if got := requiredLiterals(c.expr); !slices.Equal(got, c.want) {
			t.Errorf("requiredLiterals(%q) = %q, want %q", c.expr, got, c.want)
		}
	}
}

// TestGuardedAsExpression: every phrase and rule expression answers the same with its
// guard as without, over the corpus's texts in lower case.
func TestGuardedAsExpression(t *testing.T) {
	var gs []guarded
	for _, list := range compiled {
		gs = append(gs, list...)
	}
	for _, g := range ruleRes {
		gs = append(gs, g)
	}
	for _, l := range labels(t) {
		text := lower(string(readCorpus(t, l.file)))
		for _, g := range gs {
			if got, want := g.MatchString(text), g.re.MatchString(text); got != want {
				t.Errorf("%s: %q guarded %v, alone %v", l.file, g.re, got, want)
			}
		}
	}
}
