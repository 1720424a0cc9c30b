// Package check judges whether a message is the original the support desk can investigate:
// the full delivered header block and an untouched body, not a forward, a reply, a copy of
// the displayed text or a header paste. Each problem becomes a finding with plain advice.
package check

import (
	"github.com/reportmail/reportmail/internal/finding"
	"github.com/reportmail/reportmail/internal/intake"
	"github.com/reportmail/reportmail/internal/summary"
)

// Verdict values are part of the CLI contract.
type Verdict string

const (
	Original    Verdict = "original"
	NotOriginal Verdict = "not-original"
	NotEmail    Verdict = "not-email"
)

// Result is the check's answer for one file; its JSON form is the CLI contract.
type Result struct {
	File     string            `json:"file"`
	Format   intake.Format     `json:"format"`
	Verdict  Verdict           `json:"verdict"`
	Findings []finding.Finding `json:"findings"`
	Message  summary.Summary   `json:"message"`
	SHA256   string            `json:"sha256"` // of Item.Raw: the bytes that would be attached
	Size     int               `json:"size"`   // len(Item.Raw)
	// Bounce is set when the file is a rejection notice (spec/cli.md, "check on a
	// rejection notice"): the same object the bounce command prints.
	Bounce *Bounce `json:"bounce,omitempty"`
}
