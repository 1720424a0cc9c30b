package check

import (
	"net/mail"
	"strings"
)

// displayCopy is what Outlook's Save As Text, or a copy of the message as shown on screen,
// keeps of a message: the labels a person sees and none of the delivery details.
type displayCopy struct {
	from, to, subject string
}

// internetFields are written by mail servers and programs into every sent message, never
// into a display copy.
var internetFields = []string{"Received", "Message-ID", "MIME-Version", "Content-Type",
	"DKIM-Signature", "Return-Path", "Delivered-To", "Authentication-Results", "X-Mailer"}

// hasInternetHeaders reports whether the header carries anything only a real message has,
// including a Date in RFC 5322 form (a display copy writes "Tuesday, 3 March 2020 10:15").
func hasInternetHeaders(h *header) bool {
	for _, n := range internetFields {
		if h.has(n) {
			return true
		}
	}
	if h.received > 0 {
		return true
	}
	if d, ok := h.get("Date"); ok {
		if _, err := mail.ParseDate(d); err == nil {
			return true
		}
	}
	return false
}

// maxLabelLines is how far the labels of a display copy may reach; Outlook writes at most
// From, Sent, To, Cc, Bcc, Subject, Importance and Attachments.
const maxLabelLines = 30

// detectDisplayCopy recognises a display copy: at the top, a From label, a Sent label (or
// a Date label whose value is not a mail date), and a To or Subject label, in any of the
// languages the labels list, with or without tabs; and no internet headers.
func detectDisplayCopy(raw []byte, h *header) (displayCopy, bool) {
	var dc displayCopy
	if hasInternetHeaders(h) {
		return dc, false
	}
	var from, sent, to, subject bool
	lines := 0
	for i := 0; i < len(raw) && lines < maxLabelLines; {
		next := lineEnd(raw, i)
		line := strings.TrimSpace(toUTF8(string(trimEOL(raw[i:min(next, i+maxValue)]))))
		i = next
		if line == "" {
			if from || sent || to || subject {
				break // the blank line under the labels
			}
			continue
		}
		lines++
		kind, value := displayLabel(line)
		switch kind {
		case labelFrom:
			from, dc.from = true, value
		case labelSent:
			sent = true
		case labelDate:
			if _, err := mail.ParseDate(value); err != nil {
				sent = true
			}
		case labelTo:
			to, dc.to = true, value
		case labelSubject:
			subject, dc.subject = true, value
		case noLabel:
			if !from && !sent {
				// Text before any label: not a display copy's layout.
				return dc, false
			}
		}
	}
	return dc, from && sent && (to || subject)
}
