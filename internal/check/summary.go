package check

import (
	"strings"
)

// Summarize reads what the report and the result card show of a message: sender, recipients,
// subject, date, Message-ID and where it came from. It never fails; what cannot be read is
// left empty.
func Summarize(raw []byte) Summary {
	h := parseHeader(raw)
	return summarize(&h)
}

func summarize(h *header) Summary {
	var s Summary
	ct, _ := h.get("Content-Type")
	_, params := mediaType(ct, "text/plain")
	hint := params["charset"]
	if v, ok := h.get("From"); ok {
		s.From = decodeAddresses(v, hint)
	}
	if v, ok := h.get("To"); ok {
		s.To = decodeAddresses(v, hint)
	}
	if v, ok := h.get("Subject"); ok {
		s.Subject = decodeText(v, hint)
	}
	if v, ok := h.get("Date"); ok {
		if t, ok := parseDate(v); ok {
			s.Date = t.Format(rfc3339)
		}
	}
	if v, ok := h.get("Message-ID"); ok {
		s.MessageID = messageID(v)
	}
	s.ReceivedCount = h.received
	s.SourceIP = sourceIP(h.all("Received"))
	return s
}

// messageID keeps the identifier itself: the first <…> token, or the trimmed value when a
// broken mailer left out the brackets.
func messageID(v string) string {
	v = toUTF8(v)
	if i := strings.IndexByte(v, '<'); i >= 0 {
		if j := strings.IndexByte(v[i:], '>'); j > 0 {
			return v[i : i+j+1]
		}
	}
	return cleanSpace(v)
}
