package notice

import (
	"regexp"
	"regexp/syntax"
	"strings"
)

// guarded is a regular expression with the literal text any match of it holds. An
// expression that starts with a class or ".*" has no prefix for the regexp package to skip
// ahead by, so it is tried at every byte; most texts lack its literal, and one
// strings.Contains says so first.
type guarded struct {
	re   *regexp.Regexp
	lits []string
}

func mustGuard(expr string) guarded {
	return guarded{re: regexp.MustCompile(expr), lits: requiredLiterals(expr)}
}

func (g guarded) MatchString(s string) bool {
	for _, l := range g.lits {
		if !strings.Contains(s, l) {
			return false
		}
	}
	return g.re.MatchString(s)
}

// requiredLiterals is the case-sensitive literal pieces of expr that every match contains:
// those the expression is a sequence of, at its top level or in a group there.
func requiredLiterals(expr string) []string {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil
	}
	var out []string
	var walk func(*syntax.Regexp)
	walk = func(r *syntax.Regexp) {
		switch r.Op {
		case syntax.OpLiteral:
			if r.Flags&syntax.FoldCase == 0 {
				out = append(out, string(r.Rune))
			}
		case syntax.OpConcat:
			for _, s := range r.Sub {
				walk(s)
			}
		case syntax.OpCapture:
			walk(r.Sub[0])
		}
	}
	walk(re)
	return out
}
