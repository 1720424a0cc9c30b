package check

import (
	"bytes"
	"strings"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// displayCopy is what Outlook's Save As Text, a print to text, or a copy of the message as
// shown on screen keeps of a message: the labels a person sees and none of the delivery
// details.
type displayCopy struct {
	from, to, subject string
}

// internetFields are written by mail servers and programs into every sent message, never
// into a display copy.
var internetFields = []string{"Received", "Message-ID", "MIME-Version", "Content-Type",
	"DKIM-Signature", "Return-Path", "Delivered-To", "Authentication-Results", "X-Mailer"}

// hasInternetFields reports whether the header carries anything only a real message has.
func hasInternetFields(h *mailmsg.Header) bool {
	for _, n := range internetFields {
		if h.Has(n) {
			return true
		}
	}
	return h.Received > 0
}

// mailDate reports whether v is a date as a mail program writes it in a message (a display
// copy writes "Tuesday, 3 March 2020 10:15").
func mailDate(v string) bool {
	d, ok := mailmsg.ParseDate(v)
	return ok && !d.Nonstandard
}

// maxLabelLines is how far the labels of a display copy may reach; Outlook writes at most
// From, Sent, To, Cc, Bcc, Subject, Importance and Attachments, a wrapped To or Cc a few more.
const maxLabelLines = 30

// detectDisplayCopy recognises a display copy: at the top, in any of the languages the labels
// list, a From label (empty or not) and a To or Subject label, and no internet fields; then
// either of the two layouts programs write:
//
//   - Outlook's Save As Text and a copy from the screen: the labels one under the other, with
//     a Sent label (or a Date label whose value is not a mail date), then a blank line;
//   - a text rendering: blank lines between the labels, or a rule of dashes under them. Its
//     Date may well be a mail date.
//
// A message's own header has neither layout: one blank line ends it, and a rule is no field.
// One blank line and labels after it is a message whose text starts with a memo's labels.
func detectDisplayCopy(raw []byte, h *mailmsg.Header) (displayCopy, bool) {
	var dc displayCopy
	if hasInternetFields(h) {
		return dc, false
	}
	var from, sent, to, subject, labelled, blank, rule, outlook bool
	gaps, lines := 0, 0 // gaps: runs of blank lines between two labels
	for i := 0; i < len(raw) && lines < maxLabelLines; {
		next := len(raw)
		if j := bytes.IndexByte(raw[i:], '\n'); j >= 0 {
			next = i + j + 1
		}
		line := strings.TrimSpace(mailmsg.FallbackText(raw[i:min(next, i+mailmsg.MaxValue)]))
		i = next
		if line == "" {
			blank = labelled
			continue
		}
		lines++
		if labelled && isRule(line) {
			rule = !blank || gaps > 0
			break
		}
		kind, value := displayLabel(line)
		if kind == noLabel {
			if !labelled {
				return dc, false // text before any label: not a display copy's layout
			}
			if blank {
				break // the text under the labels
			}
			continue // a To or Cc list wrapped over several lines
		}
		if blank {
			if gaps == 0 {
				outlook = from && sent && (to || subject) // what Outlook's layout ends with
			}
			gaps++
		}
		labelled, blank = true, false
		switch kind {
		case labelFrom:
			from, dc.from = true, value
		case labelSent:
			sent = true
		case labelDate:
			sent = sent || !mailDate(value)
		case labelTo:
			to, dc.to = true, value
		case labelSubject:
			subject, dc.subject = true, value
		}
	}
	if gaps == 0 {
		outlook = from && sent && (to || subject)
	}
	rendering := from && (to || subject) && (rule || gaps >= 2)
	return dc, outlook || rendering
}

// isRule reports whether a line is a rule of dashes or underscores that a rendering draws
// between the labels and the text.
func isRule(line string) bool {
	if len(line) < 5 {
		return false
	}
	for i := 0; i < len(line); i++ {
		if c := line[i]; c != '-' && c != '_' && c != ' ' {
			return false
		}
	}
	return strings.Count(line, "-")+strings.Count(line, "_") >= 5
}
