// Package summary reads what people and the desk are shown of a message: sender, recipients,
// date, subject, Message-ID and where it came from. It sits under check, report and the
// outbox alike, so that storing or building a report never pulls in the check, the intake
// or the .msg converter.
package summary

import (
	"strings"
	"time"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// Summary is what the report's text part and the app's result card show of a message. Its
// JSON form is part of the CLI's check --json contract.
type Summary struct {
	From          string `json:"from"`
	To            string `json:"to"`
	Subject       string `json:"subject"` // decoded
	Date          string `json:"date"`    // RFC 3339, or empty when missing or unreadable
	MessageID     string `json:"message_id"`
	ReceivedCount int    `json:"received_count"`
	SourceIP      string `json:"source_ip"` // the connecting IP found in the Received chain
}

// Read summarises a message. It never fails; what cannot be read is left empty.
func Read(raw []byte) Summary { return FromHeader(Header(raw)) }

// Header reads a message's header as the summary does, keeping fields however far into a
// long header they start (only their number is bounded): a 2 MB Subject must not hide the
// From and Date after it. The check judges the same reading, so the two never disagree.
func Header(raw []byte) *mailmsg.Header {
	return mailmsg.ParseHeaderWith(raw, mailmsg.HeaderOptions{MaxBytes: len(raw) + 1})
}

// FromHeader summarises an already read header.
func FromHeader(h *mailmsg.Header) Summary {
	var s Summary
	s.From = addresses(h, "From")
	s.To = addresses(h, "To")
	s.Subject, _ = h.Text("Subject")
	if d, ok := mailmsg.ParseDate(h.Get("Date")); ok {
		s.Date = d.Time.Format(time.RFC3339)
	}
	if v, ok := h.Lookup("Message-ID"); ok {
		s.MessageID = messageID(v)
	}
	s.ReceivedCount = h.Received
	s.SourceIP = sourceIP(h.All("Received"))
	return s
}

// addresses renders an address field for people ("Name <addr>, addr"); a field in which no
// address can be read shows as its text.
func addresses(h *mailmsg.Header, name string) string {
	if list, ok := h.Addresses(name); ok {
		if s := mailmsg.FormatAddresses(list); s != "" {
			return s
		}
	}
	s, _ := h.Text(name)
	return s
}

// messageID keeps the identifier itself: the first <…> token, or the value on one line when a
// broken mailer left out the brackets.
func messageID(v string) string {
	v, _ = mailmsg.HeaderText(v, "")
	if i := strings.IndexByte(v, '<'); i >= 0 {
		if j := strings.IndexByte(v[i:], '>'); j > 0 {
			return mailmsg.OneLine(v[i : i+j+1])
		}
	}
	return mailmsg.OneLine(v)
}
