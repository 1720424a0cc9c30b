package outlookmsg

import (
	"bytes"
	"mime"
	"strings"
	"time"

	gomail "github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// The header of the rebuilt message: the delivery header as Outlook kept it, or one built
// from the properties.

// structureFields describe the old body, which is rebuilt: they are dropped from a kept
// delivery header (with their continuation lines, which carry the old boundary).
var structureFields = map[string]bool{
	"content-type":              true,
	"content-transfer-encoding": true,
	"mime-version":              true,
	"content-disposition":       true,
	"content-length":            true,
}

// transportHeader reads PR_TRANSPORT_MESSAGE_HEADERS with the one header reader, after
// making every line end CRLF: Outlook stores CRLF, but headers saved by other programs have
// LF or CR alone. Lines that are neither a field nor a continuation (Exchange's old
// "Microsoft Mail Internet Headers Version 2.0" banner, a mailbox "From " line) are read
// over as damage and not kept.
func transportHeader(s string) (raw []byte, h *mailmsg.Header) {
	raw = toCRLF([]byte(s))
	return raw, mailmsg.ParseHeader(raw)
}

// writeField copies one kept field (its bytes as written, continuation lines included) with
// a final CRLF. A continuation line of white space alone is obsolete folding the reader
// accepts (RFC 5322 §4.2) but RFC 5322 §3.2.2 forbids generating, and many readers take it
// for the end of the header, so it is left out.
func writeField(buf *bytes.Buffer, b []byte) {
	for first := true; len(b) > 0; first = false {
		line := b
		if i := bytes.Index(b, crlf); i >= 0 {
			line, b = b[:i], b[i+2:]
		} else {
			b = nil
		}
		if !first && len(bytes.Trim(line, " \t")) == 0 {
			continue
		}
		buf.Write(line)
		buf.Write(crlf)
	}
}

var crlf = []byte("\r\n")

// person is a sender or recipient with the best address Outlook kept for them.
type person struct {
	name, addr string
	kind       int    // recipients: 1 To, 2 Cc, 3 Bcc
	dn         string // an Exchange-only sender: the X.500 name, and addr is ""
}

// exchangeSenderField carries an Exchange-only sender's X.500 name.
//
// QUIRK: mailmsg.FormatFrom can put the X.500 name in a comment inside the From's empty
// group (RFC 6854 §2.1, RFC 5322 §3.2.2), but Go's net/mail (and so go-message) refuses an
// encoded-word display name followed by a comment ("mail: no angle-addr"), and Python's
// email crashes on a comment after the group's ";". So the From is the bare empty group,
// which every reader takes, and the X.500 name goes in a field of its own, named for this
// program so the desk does not take it for one the message arrived with.
const exchangeSenderField = "X-Reportmail-Exchange-Sender" // as go-message writes the name

// from is the sender's From value: the mailbox, or for an Exchange-only sender an empty
// group with the display name (RFC 5322 §3.4 has no mailbox without an address: `"Name" <>`
// is not valid), named by the X.500 name's last CN when Outlook kept no display name.
func (p *person) from() string {
	name := p.name
	if strings.TrimSpace(name) == "" {
		name = mailmsg.X500Name(p.dn)
	}
	v, _ := mailmsg.FormatFrom(name, p.addr)
	return v
}

// messageFacts are the header facts the properties hold.
type messageFacts struct {
	from       *person
	senderLost bool // builtFields wrote a From without an address (an Exchange-only sender)
	recips     []person
	subject    string
	hasSubject bool
	date       time.Time
	messageID  string
	inReplyTo  string
	references string
}

// builtFields formats the named fields from the properties, in the usual order. names nil
// means all that are known.
func builtFields(f *messageFacts, want func(string) bool) (block []byte, added []string) {
	type kv struct{ k, v string }
	var l []kv
	add := func(k, v string) {
		if want(k) {
			l = append(l, kv{k, v})
			added = append(added, k)
		}
	}
	if !f.date.IsZero() {
		add("Date", f.date.Format("Mon, 02 Jan 2006 15:04:05 -0700"))
	}
	if f.from != nil && want("From") {
		add("From", f.from.from())
		f.senderLost = f.from.addr == ""
		if f.from.dn != "" {
			l = append(l, kv{exchangeSenderField, f.from.dn})
		}
	}
	if f.hasSubject {
		add("Subject", mime.QEncoding.Encode("utf-8", f.subject))
	}
	for _, kind := range []struct {
		k string
		n int
	}{{"To", 1}, {"Cc", 2}, {"Bcc", 3}} {
		var list []string
		for _, r := range f.recips {
			if r.kind != kind.n {
				continue
			}
			if s, ok := mailmsg.FormatMailbox(r.name, r.addr); ok {
				list = append(list, s)
			}
		}
		if len(list) > 0 {
			add(kind.k, strings.Join(list, ", "))
		}
	}
	if id := msgID(f.messageID); id != "" {
		add("Message-ID", id)
	}
	if id := msgID(f.inReplyTo); id != "" {
		add("In-Reply-To", id)
	}
	if refs := strings.TrimSpace(f.references); refs != "" && !strings.ContainsAny(refs, "\r\n") {
		add("References", refs)
	}
	// go-message writes fields last-added first.
	var h gomail.Header
	for i := len(l) - 1; i >= 0; i-- {
		h.Add(l[i].k, l[i].v)
	}
	var buf bytes.Buffer
	if err := textproto.WriteHeader(&buf, h.Header.Header); err != nil {
		return nil, nil
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\r\n")), added
}

func msgID(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, " \t\r\n") {
		return ""
	}
	if !strings.HasPrefix(s, "<") {
		s = "<" + s + ">"
	}
	return s
}
