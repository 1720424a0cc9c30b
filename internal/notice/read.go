package notice

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// Bounds: what one notice may cost. A notice's own text is short; the returned message may be
// large but is only sliced, never copied (except when its part was transfer-encoded).
const (
	maxText       = 256 << 10 // decoded text kept per part
	maxContext    = 16 << 10  // notice text the phrases are matched against
	maxRecipients = 100
	maxDiagnostic = 1000 // runes of a diagnostic kept
)

// collected is what the MIME walk found.
type collected struct {
	top        *mailmsg.Header
	reportType string
	dsn        [][]byte // delivery-status bodies, decoded
	feedback   []byte   // message/feedback-report body
	messages   [][]byte // returned message/rfc822 or message/global, decoded
	headers    [][]byte // returned text/rfc822-headers
	texts      []string // human-readable parts, UTF-8, tags removed from HTML
}

// Read reads raw as a notice. It never fails: a message that is no notice gives a Notice of
// Kind none (reason "", next step other) with the message's own header in Original. A nil
// input gives a Kind none Notice too.
func Read(raw []byte) *Notice {
	raw = mailmsg.LFLines(raw)
	c := collect(raw)
	n := &Notice{Kind: KindNone, Recipients: []Recipient{}, Returned: ReturnedNone, NextStep: StepOther}
	text := joinTexts(c.texts)
	low := lower(text)
	subject, _ := c.top.Text("Subject")
	from := c.top.Get("From")

	fromJSON := false
	if len(c.dsn) == 0 && c.feedback == nil {
		if st := sesStatus(text); st != nil {
			c.dsn, fromJSON = append(c.dsn, st), true
		}
	}
	switch {
	case fromJSON:
		n.Kind = KindNDR // Amazon SES's own JSON, not an RFC 3464 report
	case c.feedback != nil || c.reportType == "feedback-report":
		n.Kind, n.Reason = KindFeedback, "feedback"
	case len(c.dsn) > 0 || c.reportType == "delivery-status" || c.reportType == "global-delivery-status":
		n.Kind = KindDSN
	case looksLikeNDR(c.top, subject, from, low):
		n.Kind = KindNDR
	case isAutoReply(c.top, subject):
		n.Kind, n.Reason = KindAutoReply, "vacation"
	}
	if n.Kind == KindNone {
		return n
	}
	ret := findReturned(c, text, low)
	n.setReturned(ret)
	errArea := text
	if ret.textAt >= 0 && ret.textAt <= len(text) {
		errArea = text[:ret.textAt]
	}
	switch n.Kind {
	case KindDSN, KindNDR:
		n.readRecipients(c, errArea, lowerPrefix(text, low, len(errArea)), ret)
	case KindFeedback:
		n.readFeedback(c)
	}
	n.Reason = n.mainReason()
	n.NextStep = nextStep(n)
	n.Explanation, n.Advice = Sentences(n)
	return n
}

func collect(raw []byte) *collected {
	c := &collected{top: mailmsg.ParseHeader(raw)}
	mailmsg.WalkHeader(raw, c.top, mailmsg.Limits{MaxDepth: 20, MaxParts: 500}, func(p *mailmsg.Part) mailmsg.Action {
		if p.Depth == 0 && p.Type.Type == "multipart/report" {
			c.reportType = mailmsg.LowerASCII(p.Type.Params["report-type"])
		}
		switch t := p.Type.Type; {
		case t == "message/delivery-status" || t == "message/global-delivery-status":
			c.dsn = append(c.dsn, p.Decoded(maxText))
		case t == "message/feedback-report":
			c.feedback = p.Decoded(maxText)
		case p.Message():
			c.messages = append(c.messages, p.Decoded(0))
			return mailmsg.SkipInside
		case t == "text/rfc822-headers" || t == "message/rfc822-headers" || t == "text/rfc822-header":
			c.headers = append(c.headers, p.Decoded(0))
		case t == "text/plain" || t == "text/html" || t == "text/enriched" || (p.Depth == 0 && !p.Multipart()):
			b := p.Decoded(maxText)
			s, _ := mailmsg.DecodeCharset(b, p.Type.Params["charset"], maxText)
			if t == "text/html" {
				s = htmlText(s)
			}
			c.texts = append(c.texts, s)
		}
		return mailmsg.Continue
	})
	return c
}

func joinTexts(texts []string) string {
	return strings.Join(texts, "\n\n")
}

// setReturned records what came back, honestly (see findReturned).
func (n *Notice) setReturned(r returned) {
	n.Returned = r.kind
	if r.kind == ReturnedNone {
		return
	}
	n.ReturnedMessage = r.bytes
	if r.kind == ReturnedFull {
		sum := sha256.Sum256(r.bytes)
		n.ReturnedSHA256 = hex.EncodeToString(sum[:])
	}
	h := r.header
	get := func(name string) string {
		s, _ := h.Text(name)
		return mailmsg.Shorten(mailmsg.OneLine(s), 300)
	}
	n.Original = Original{From: get("From"), To: get("To"), Subject: get("Subject"), Date: get("Date"),
		MessageID: get("Message-ID")}
}

// mainReason is the notice's reason: the first failed recipient's, else the first one's.
func (n *Notice) mainReason() string {
	if n.Kind == KindFeedback || n.Kind == KindAutoReply {
		return n.Reason
	}
	for _, r := range n.Recipients {
		if r.Action != "delivered" && r.Action != "relayed" && r.Action != "expanded" && r.Reason != "delivered" {
			return r.Reason
		}
	}
	if len(n.Recipients) > 0 {
		return n.Recipients[0].Reason
	}
	return "undefined"
}

// Reasons lists the recipients' reasons, each once, in order.
func (n *Notice) Reasons() []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range n.Recipients {
		if !seen[r.Reason] {
			seen[r.Reason] = true
			out = append(out, r.Reason)
		}
	}
	return out
}
