package check

import (
	"strings"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// Limits that keep a hostile or broken message from costing more than a glance. Real mail
// stays far inside them.
const (
	maxParts     = 2000      // parts in one message
	maxTextParts = 16        // text parts decoded for the forward check
	maxTextBytes = 256 << 10 // decoded text kept per part
	maxTotalText = 4 << 20   // decoded text kept in all
)

// textPart is a body text part the forward check reads. body is a sub-slice of the message,
// still transfer-encoded.
type textPart struct {
	html     bool
	charset  string
	encoding string
	body     []byte
}

// structure is what the walk learnt about a message: what the forward check needs.
type structure struct {
	texts []textPart
	// What was wrong with the structure, if anything.
	problems   mailmsg.Problem
	tooComplex bool // hit a limit of the walk
}

// readStructure walks the message without decoding anything: text parts are only located, and
// attachments are passed over by the boundary search. Attached messages are not entered: what
// a returned or attached message quotes is not what the person is reporting.
func readStructure(raw []byte, h *mailmsg.Header) *structure {
	s := &structure{}
	res := mailmsg.WalkHeader(raw, h, mailmsg.Limits{MaxParts: maxParts}, func(p *mailmsg.Part) mailmsg.Action {
		typ := p.Type.Type
		switch typ {
		case "text/plain", "text/html":
			if len(s.texts) < maxTextParts && !isAttachment(p) {
				s.texts = append(s.texts, textPart{
					html:     typ == "text/html",
					charset:  strings.TrimSpace(mailmsg.LowerASCII(p.Type.Params["charset"])),
					encoding: p.Encoding,
					body:     p.Body(),
				})
			}
		}
		return mailmsg.Continue
	})
	s.problems, s.tooComplex = res.Problems, res.Limit != mailmsg.NoLimit
	return s
}

// malformed words the worst structure problem, or "" when there is none.
func (s *structure) malformed() string {
	switch {
	case s.problems&mailmsg.Unclosed != 0:
		return mimeUnclosed
	case s.problems&(mailmsg.NoBoundary|mailmsg.BoundaryAbsent) != 0:
		return mimeNoBoundary
	case s.problems&mailmsg.EmptyMultipart != 0:
		return mimeEmpty
	case s.tooComplex:
		return mimeTooComplex
	}
	return ""
}

// isAttachment reports whether a text part is a file the sender attached rather than the
// message text itself.
func isAttachment(p *mailmsg.Part) bool {
	d := p.Disposition()
	return d.Type == "attachment" || d.Params["filename"] != "" || p.Type.Params["name"] != "" && d.Type != "inline"
}
