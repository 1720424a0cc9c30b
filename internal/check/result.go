// Package check judges whether a message is the original the support desk can investigate:
// the full delivered header block and an untouched body, not a forward, a reply, a copy of
// the displayed text or a header paste. Each problem becomes a finding with plain advice.
package check

import (
	"github.com/reportmail/reportmail/internal/finding"
	"github.com/reportmail/reportmail/internal/intake"
)

// Verdict values are part of the CLI contract.
type Verdict string

const (
	Original    Verdict = "original"
	NotOriginal Verdict = "not-original"
	NotEmail    Verdict = "not-email"
)

// Summary is what the report's text part and the app's result card show of a message.
type Summary struct {
	From          string `json:"from"`
	To            string `json:"to"`
	Subject       string `json:"subject"` // decoded
	Date          string `json:"date"`    // RFC 3339, or empty when missing or unreadable
	MessageID     string `json:"message_id"`
	ReceivedCount int    `json:"received_count"`
	SourceIP      string `json:"source_ip"` // the connecting IP found in the Received chain
}

// Result is the check's answer for one file; its JSON form is the CLI contract.
type Result struct {
	File     string            `json:"file"`
	Format   intake.Format     `json:"format"`
	Verdict  Verdict           `json:"verdict"`
	Findings []finding.Finding `json:"findings"`
	Message  Summary           `json:"message"`
	SHA256   string            `json:"sha256"` // of Item.Raw: the bytes that would be attached
	Size     int               `json:"size"`   // len(Item.Raw)
}
