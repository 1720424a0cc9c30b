package check

import (
	"slices"

	"github.com/reportmail/reportmail/internal/finding"
	"github.com/reportmail/reportmail/internal/intake"
)

// verdict follows the contract: not an email at all, else any error means not the original.
func verdict(item *intake.Item, fs []finding.Finding) Verdict {
	switch {
	case item.NotEmail != "" || hasCode(fs, finding.NotEmail):
		return NotEmail
	case finding.HasError(fs):
		return NotOriginal
	}
	return Original
}

func hasCode(fs []finding.Finding, code string) bool {
	for _, f := range fs {
		if f.Code == code {
			return true
		}
	}
	return false
}

// sortBySeverity puts errors first, so the one thing to fix leads; order within a severity
// is kept.
func sortBySeverity(fs []finding.Finding) {
	rank := func(s finding.Severity) int {
		switch s {
		case finding.Error:
			return 0
		case finding.Warning:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(fs, func(a, b finding.Finding) int { return rank(a.Severity) - rank(b.Severity) })
}
