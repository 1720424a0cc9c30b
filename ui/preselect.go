package ui

import "github.com/reportmail/reportmail/internal/report"

// preselect chooses the type of report the file itself says (a rejection notice for a virus,
// a sender's own copy), as if the user had picked it; they can still pick another.
func (f *reportFlow) preselect(kind report.Kind) {
	for _, k := range kindChoices {
		if k.kind == kind {
			f.kind.SetSelected(k.label)
			return
		}
	}
}
