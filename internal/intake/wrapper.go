package intake

import (
	"bytes"
	"strings"
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
)

const (
	maxUnwrap       = 4  // wrappers inside wrappers we undo
	maxWrapperParts = 12 // a wrapper has a note, the message, maybe list footers
)

// unwrapOnce returns the message inside msg (CR LF) when msg is a wrapper. fromLine says
// the attached message started with a mailbox "From " line, which was dropped (Apple Mail
// attaches messages from its mbox folders that way).
func unwrapOnce(msg []byte) (inner []byte, kind wrapKind, fromLine bool) {
	top := parseEntity(msg, 0, len(msg))
	if top.message() {
		inner, fromLine = attached(msg, top)
		if inner == nil {
			return nil, notWrapped, false
		}
		return inner, wrapBare, fromLine
	}
	if top.mediaType != "multipart/mixed" || !top.multipart() || isBounce(top.fields) {
		return nil, notWrapped, false
	}
	ps := splitParts(msg, top, maxWrapperParts+1)
	if len(ps) == 0 || len(ps) > maxWrapperParts {
		return nil, notWrapped, false
	}
	var att *entity
	spamNote := false
	for _, p := range ps {
		e := parseEntity(msg, p[0], p[1])
		switch {
		case e.message():
			if att != nil {
				return nil, notWrapped, false // two messages: which one would be the original?
			}
			att = &e
		case isNote(msg, e, 0):
			if e.mediaType == "text/plain" {
				text := msg[e.body:min(e.end, e.body+4096)]
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
	inner, fromLine = attached(msg, *att)
	if inner == nil {
		return nil, notWrapped, false
	}
	_, ctp := parseMediaType(att.get("Content-Type"))
	if spamNote || strings.EqualFold(ctp["x-spam-type"], "original") ||
		strings.Contains(att.get("Content-Description"), "original message before SpamAssassin") {
		return inner, wrapSpamReport, fromLine
	}
	innerFields := parseFields(inner[:bodyStart(inner)])
	if has(top.fields, "Received") && !has(innerFields, "Received") && !forwardSubject(get(top.fields, "Subject")) {
		return nil, notWrapped, false
	}
	return inner, wrapForward, fromLine
}

// forwardSubject reports whether a subject starts with the prefix a mail program adds when
// forwarding, in the languages our users' programs speak.
func forwardSubject(s string) bool {
	s = strings.ToLower(strings.TrimSpace(display(s)))
	for _, p := range []string{"fw:", "fwd:", "fw :", "fwd :", "wg:", "tr:", "rv:", "i:", "vs:", "vb:", "doorst:", "enc:", "fs:", "trs:"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// attached returns the message held in the body of an entity, decoded and in CR LF form,
// without a leading mailbox "From " line; nil when the body does not hold a message.
func attached(msg []byte, e entity) ([]byte, bool) {
	inner := toCRLF(decodeBody(msg[e.body:e.end], e.cte()))
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
func isNote(buf []byte, e entity, depth int) bool {
	switch {
	case strings.HasPrefix(e.mediaType, "text/"):
		return !(e.attachment() && attachmentName(e) != "")
	case e.mediaType == "multipart/alternative" || e.mediaType == "multipart/related":
		if depth >= 3 || !e.multipart() {
			return false
		}
		ps := splitParts(buf, e, maxWrapperParts+1)
		if len(ps) > maxWrapperParts {
			return false
		}
		for _, p := range ps {
			c := parseEntity(buf, p[0], p[1])
			if e.mediaType == "multipart/related" && strings.HasPrefix(c.mediaType, "image/") && !c.attachment() {
				continue
			}
			if !isNote(buf, c, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

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
	if !isHeaderLine(b[:end]) {
		return false
	}
	fs := parseFields(b[:bodyStart(b)])
	for _, n := range []string{"From", "Received", "Date", "Message-ID", "Subject"} {
		if has(fs, n) {
			return true
		}
	}
	return false
}

// isBounce recognises a rejection notice by its sender and subject: the notices Exchange
// 2003, qmail, Biglobe and others send are multipart/mixed with the returned message as a
// message/rfc822 part, the same shape as a forward.
func isBounce(fs []field) bool {
	if strings.TrimSpace(get(fs, "Return-Path")) == "<>" {
		return true
	}
	from := strings.ToLower(get(fs, "From"))
	for _, w := range []string{"mailer-daemon", "mailerdaemon", "mail-daemon", "postmaster@", "mail delivery"} {
		if strings.Contains(from, w) {
			return true
		}
	}
	subject := strings.ToLower(display(get(fs, "Subject")))
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
