package notice

import (
	"bytes"
	"strings"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// returned is what came back of the original.
type returned struct {
	kind   string
	bytes  []byte
	header *mailmsg.Header
	textAt int // where the inline copy (its marker) starts in the notice's text; -1 if none
}

// markers are the lines servers write before an inline copy of the message, lower case.
var markers = []string{
	"below this line is a copy of the message",                 // qmail
	"this is a copy of the message, including all the headers", // Exim
	"this is a copy of the headers that were received",         // Exim (headers only)
	"original message headers:",                                // Exchange 2010+, Microsoft 365
	"the header of the original message is following",          // Biglobe, Japanese carriers
	"unsent message below",                                     // Sendmail (older)
	"unsent message follows",                                   // Sendmail
	"original message follows",                                 // Sendmail, Courier
	"included is a copy of the message header",                 // Sendmail
	"returned message follows",                                 // Sendmail variants
	"original message header",                                  // Domino, Notes
	"headers of the original message",                          // OpenSMTPD, generic
	"below is a copy of the original message",                  // OpenSMTPD
	"message headers follow",                                   // Sendmail variants
	"original message:",                                        // generic
	"original message ---",                                     // generic
	"bounced e-mail:",                                          // hosted filters
	"message headers:",                                         // generic
}

// findReturned looks for the returned message: a message/rfc822 or message/global part,
// a text/rfc822-headers part, then an inline copy after a marker line. Each is judged by
// what it really holds (judge), never by its label or marker.
func findReturned(c *collected, text, low string) returned {
	best := returned{kind: ReturnedNone, textAt: -1}
	for _, m := range c.messages {
		if r := judge(m); better(r, best) {
			best = r
		}
	}
	for _, h := range c.headers {
		if r := judge(h); r.kind != ReturnedNone && best.kind == ReturnedNone {
			r.kind = ReturnedHeaders
			best = r
		}
	}
	at, r := inline(text, low)
	if best.kind != ReturnedFull && better(r, best) {
		r.textAt = at
		return r
	}
	best.textAt = at
	return best
}

func better(a, b returned) bool {
	rank := map[string]int{ReturnedNone: 0, ReturnedHeaders: 1, ReturnedFull: 2}
	return rank[a.kind] > rank[b.kind]
}

// judge says what b holds: full when a header a message has (From, and Date or Message-ID)
// is followed by a separator and a body that is not empty, headers when only such a header
// is there, none otherwise.
func judge(b []byte) returned {
	h := mailmsg.ParseHeader(b)
	r := returned{kind: ReturnedNone, textAt: -1, header: h}
	if len(h.Fields) < 2 || !h.LooksLikeMail() {
		return r
	}
	whole := h.Has("From") && (h.Has("Date") || h.Has("Message-ID"))
	if !whole && !h.Has("Subject") && !h.Has("To") && !h.Has("Message-ID") {
		return r
	}
	if whole && h.Separator && h.Body < len(b) && len(bytes.TrimSpace(b[h.Body:])) > 0 {
		r.kind, r.bytes = ReturnedFull, b[h.Start:]
		return r
	}
	r.kind, r.bytes = ReturnedHeaders, b[h.Start:h.End]
	return r
}

// inline finds a copy of the message in the notice's own text: after a marker line, or,
// failing one, a header block that starts a line. It returns where the copy (or its marker)
// starts, -1 if there is none.
//
// low is strings.ToLower(text), which Read has made already.
func inline(text, low string) (int, returned) {
	none := returned{kind: ReturnedNone, textAt: -1}
	present := make([]bool, len(markers)) // found in one pass; the first in the list wins
	markerSet.each(low, func(i int) bool {
		present[i] = true
		return true
	})
	for i, m := range markers {
		if !present[i] {
			continue
		}
		k := strings.Index(low, m)
		start := k + len(m)
		if nl := strings.IndexByte(text[start:], '\n'); nl >= 0 {
			start += nl + 1
		} else {
			start = len(text)
		}
		start = skipRules(text, start)
		if r := judge([]byte(text[start:])); r.kind != ReturnedNone {
			return lineStart(text, k), r
		}
		return lineStart(text, k), none
	}
	// No marker: a header block of its own, as some servers paste it.
	for _, name := range []string{"\nReturn-Path:", "\nReceived:", "\nMessage-ID:", "\nFrom:", "\nDate:"} {
		k := strings.Index(text, name)
		if k < 0 {
			continue
		}
		if r := judge([]byte(text[k+1:])); r.kind != ReturnedNone && len(r.header.Fields) >= 3 {
			return k + 1, r
		}
	}
	return -1, none
}

// skipRules skips blank lines and lines of dashes or equals signs after a marker.
func skipRules(text string, i int) int {
	for i < len(text) {
		nl := strings.IndexByte(text[i:], '\n')
		line := text[i:]
		if nl >= 0 {
			line = text[i : i+nl]
		}
		if strings.Trim(line, " \t\r-=_*") != "" {
			return i
		}
		if nl < 0 {
			return len(text)
		}
		i += nl + 1
	}
	return i
}

func lineStart(text string, k int) int {
	if nl := strings.LastIndexByte(text[:k], '\n'); nl >= 0 {
		return nl + 1
	}
	return 0
}
