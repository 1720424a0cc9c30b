package intake

import (
	"bytes"
	"strings"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// A wrapper is a message whose only job is to carry another message: a forward as
// attachment (a short note plus one message/rfc822 part), a spam filter's report
// (SpamAssassin's report_safe: an explanation plus the original), or a file that is a bare
// message/rfc822 entity. What is NOT a wrapper, and stays whole:
//   - rejection notices (multipart/report, or a mailer daemon's multipart/mixed): the
//     check reads them as bounces;
//   - a message with other real attachments next to the attached message;
//   - a delivered message that carries an attached message which was itself never
//     delivered (no Received): that attachment is content (a sample, a phishing lure), and
//     the delivered outer message is the original.

type wrapKind int

const (
	notWrapped wrapKind = iota
	wrapForward
	wrapSpamReport
	wrapBare
	wrapFeedback // an RFC 5965 feedback report (ARF) around the message complained about
)

const (
	maxUnwrap       = 4  // wrappers inside wrappers we undo
	maxWrapperParts = 12 // a wrapper has a note, the message, maybe list footers
)

// unwrapOnce returns the message inside msg (CR LF) when msg is a wrapper. fromLine says
// the attached message started with a mailbox "From " line, which was dropped (Apple Mail
// attaches messages from its mbox folders that way).
func unwrapOnce(msg []byte) (inner []byte, kind wrapKind, fromLine bool) {
	h := mailmsg.ParseHeader(msg)
	ct := h.ContentType()
	if ct.Type == "message/rfc822" || ct.Type == "message/global" {
		enc, _ := h.Encoding()
		inner, fromLine = attached(msg[h.Body:], enc)
		if inner == nil {
			return nil, notWrapped, false
		}
		return inner, wrapBare, fromLine
	}
	if ct.Type != "multipart/mixed" || ct.Params["boundary"] == "" || isBounce(h) {
		return nil, notWrapped, false
	}
	top := partTree(msg)
	if top == nil || len(top.kids) == 0 || len(top.kids) > maxWrapperParts {
		return nil, notWrapped, false
	}
	var att *mailmsg.Part
	spamNote := false
	for _, k := range top.kids {
		p := k.part
		switch {
		case p.Message():
			if att != nil {
				return nil, notWrapped, false // two messages: which one would be the original?
			}
			att = p
		case isNote(k, 0):
			if p.Type.Type == "text/plain" {
				body := p.Body()
				text := body[:min(len(body), 4096)]
				if bounceText(text) {
					return nil, notWrapped, false
				}
				spamNote = spamNote || spamReportText(text)
			}
		default:
			return nil, notWrapped, false
		}
	}
	if att == nil {
		return nil, notWrapped, false
	}
	inner, fromLine = attached(att.Body(), att.Encoding)
	if inner == nil {
		return nil, notWrapped, false
	}
	if spamNote || strings.EqualFold(att.Type.Params["x-spam-type"], "original") ||
		strings.Contains(att.Header.Get("Content-Description"), "original message before SpamAssassin") {
		return inner, wrapSpamReport, fromLine
	}
	if h.Received > 0 && mailmsg.ParseHeader(inner).Received == 0 && !forwardSubject(h) {
		return nil, notWrapped, false
	}
	return inner, wrapForward, fromLine
}

// partNode is a part of a wrapper candidate with the parts inside it.
type partNode struct {
	part *mailmsg.Part
	kids []*partNode
}

// maxWrapperWalk bounds the parts read of a wrapper candidate: a note is a handful of
// alternatives and signature pictures, so a file with more parts is no wrapper.
const maxWrapperWalk = 400

// partTree walks msg, a multipart, as deep as isNote looks, and returns its parts as a
// tree; nil when the walk hit a limit. Attached messages are not entered.
func partTree(msg []byte) *partNode {
	byPath := map[string]*partNode{}
	var root *partNode
	res := mailmsg.Walk(msg, mailmsg.Limits{MaxParts: maxWrapperWalk}, func(p *mailmsg.Part) mailmsg.Action {
		n := &partNode{part: p}
		byPath[p.Path] = n
		if p.Depth == 0 {
			root = n
		} else if parent := byPath[parentPath(p.Path)]; parent != nil {
			parent.kids = append(parent.kids, n)
		}
		// isNote reads the parts of alternatives and related parts three levels down and
		// nothing else.
		if p.Depth > 0 && (p.Depth > maxNoteDepth || !noteContainer(p.Type.Type)) {
			return mailmsg.SkipInside
		}
		return mailmsg.Continue
	})
	if res.Limit != mailmsg.NoLimit {
		return nil
	}
	return root
}

func parentPath(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[:i]
	}
	return ""
}

// maxNoteDepth is how deep alternatives and related parts may nest in a note.
const maxNoteDepth = 3

func noteContainer(t string) bool {
	return t == "multipart/alternative" || t == "multipart/related"
}

// forwardSubject reports whether a subject starts with a prefix a mail program adds when
// forwarding (mailmsg's one list). "VS", a forward in Danish and Norwegian and a reply in
// Finnish, counts here: the attached message is the evidence that it is a forward.
func forwardSubject(h *mailmsg.Header) bool {
	s, _ := h.Text("Subject")
	k := mailmsg.ParseSubject(s).Outer
	return k == mailmsg.Forward || k == mailmsg.ForwardOrReply
}

// attached returns the message held in a body with the given transfer encoding, decoded and
// in CR LF form, without a leading mailbox "From " line; nil when it does not hold a message.
func attached(body []byte, enc string) ([]byte, bool) {
	inner := toCRLF(mailmsg.Decode(body, enc, 0))
	from := false
	if mboxStart(inner) {
		_, next := lineAt(inner, 0)
		inner, from = inner[next:], true
	}
	if !looksLikeMessage(inner) {
		return nil, false
	}
	return inner, from
}

// isNote reports whether a part is the kind of text that travels with a forwarded message
// or a filter report: plain or HTML text shown inline, as alternatives, with the pictures
// of an HTML signature. A text file attached by name is a real attachment, not a note.
func isNote(n *partNode, depth int) bool {
	p := n.part
	switch {
	case strings.HasPrefix(p.Type.Type, "text/"):
		return !(isAttachment(p) && attachmentName(p) != "")
	case noteContainer(p.Type.Type):
		if depth >= maxNoteDepth || p.Type.Params["boundary"] == "" || len(n.kids) > maxWrapperParts {
			return false
		}
		for _, c := range n.kids {
			if p.Type.Type == "multipart/related" && strings.HasPrefix(c.part.Type.Type, "image/") && !isAttachment(c.part) {
				continue
			}
			if !isNote(c, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// isAttachment reports whether the part is marked as an attachment (rather than inline).
func isAttachment(p *mailmsg.Part) bool { return p.Disposition().Type == "attachment" }

// spamReportText recognises the explanation SpamAssassin's report_safe option puts before
// the original ("Spam detection software, running on the system …, has identified this
// incoming email as possible spam.").
func spamReportText(b []byte) bool {
	return bytes.Contains(b, []byte("Spam detection software")) ||
		bytes.Contains(b, []byte("has identified this incoming email as possible spam"))
}

// bounceText recognises the explanation of a rejection notice in the text before the
// returned message, for notices whose sender and subject give nothing away (KDDI's
// "no-reply" with a Japanese subject).
func bounceText(b []byte) bool {
	low := bytes.ToLower(b)
	for _, w := range []string{
		"could not be delivered", "delivery to the following recipient", "undeliverable",
		"was not delivered", "failed to deliver", "permanent error", "returned to sender",
		"message delivery failed", "delivery has failed",
	} {
		if bytes.Contains(low, []byte(w)) {
			return true
		}
	}
	return false
}

// looksLikeMessage reports whether b starts with a header block that belongs to an email.
func looksLikeMessage(b []byte) bool {
	end, _ := lineAt(b, 0)
	if !mailmsg.IsFieldLine(b[:end]) {
		return false
	}
	h := mailmsg.ParseHeader(b)
	if h.Received > 0 {
		return true
	}
	for _, n := range []string{"From", "Date", "Message-ID", "Subject"} {
		if h.Has(n) {
			return true
		}
	}
	return false
}

// isBounce recognises a rejection notice by its sender (mailmsg's one rule, which the check
// uses too) and subject: the notices Exchange 2003, qmail, Biglobe and others send are
// multipart/mixed with the returned message as a message/rfc822 part, the same shape as a
// forward. The subject counts here on its own because the cost of a mistake is only that a
// forward is not unwrapped; the check then reads the file as it is.
func isBounce(h *mailmsg.Header) bool {
	if mailmsg.NullReturnPath(h) || mailmsg.IsNoticeSender(h.Get("From")) {
		return true
	}
	subject, _ := h.Text("Subject")
	subject = strings.ToLower(subject)
	for _, w := range []string{
		"undeliver", "returned mail", "delivery status notification", "failure notice",
		"delivery failure", "delivery failed", "delivery has failed", "could not be delivered",
		"mail delivery", "non remis", "unzustellbar", "non recapitabile", "no se puede entregar",
		"complaint about message", "abuse report",
	} {
		if strings.Contains(subject, w) {
			return true
		}
	}
	return false
}
