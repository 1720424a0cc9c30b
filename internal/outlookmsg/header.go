package outlookmsg

import (
	"bytes"
	"mime"
	"net/mail"
	"strings"
	"time"

	"github.com/emersion/go-message/charset"
	gomail "github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"
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

type headerField struct {
	name string // as written
	raw  []byte // "Name: value\r\n" with any continuation lines, CRLF
}

// parseTransport splits PR_TRANSPORT_MESSAGE_HEADERS into fields, CRLF line ends, stopping at
// the first empty line. Lines that are neither a field nor a continuation (Exchange's old
// "Microsoft Mail Internet Headers Version 2.0" banner, a mailbox "From " line) are dropped.
func parseTransport(s string) []headerField {
	var fields []headerField
	cur := -1
	for len(s) > 0 {
		var line string
		if i := strings.IndexAny(s, "\r\n"); i >= 0 {
			line = s[:i]
			if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
				s = s[i+2:]
			} else {
				s = s[i+1:]
			}
		} else {
			line, s = s, ""
		}
		if strings.TrimRight(line, " \t") == "" {
			if cur < 0 && len(fields) == 0 {
				continue // blank lines before the header
			}
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			if cur >= 0 {
				fields[cur].raw = append(append(fields[cur].raw, line...), '\r', '\n')
			}
			continue
		}
		name, ok := fieldName(line)
		if !ok {
			cur = -1
			continue
		}
		fields = append(fields, headerField{name: name, raw: append([]byte(line), '\r', '\n')})
		cur = len(fields) - 1
	}
	return fields
}

// fieldName returns the name of a header line "Name: value".
func fieldName(line string) (string, bool) {
	colon := strings.IndexByte(line, ':')
	if colon <= 0 {
		return "", false
	}
	name := strings.TrimRight(line[:colon], " \t")
	if name == "" {
		return "", false
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; c < 33 || c > 126 {
			return "", false
		}
	}
	return name, true
}

func hasField(fields []headerField, name string) bool {
	for _, f := range fields {
		if strings.EqualFold(f.name, name) {
			return true
		}
	}
	return false
}

// person is a sender or recipient with the best address Outlook kept for them.
type person struct {
	name, addr string
	kind       int // recipients: 1 To, 2 Cc, 3 Bcc
}

// formatAddress formats one address for a header; false when there is no usable address.
func (p person) format() (string, bool) {
	if !plausibleAddress(p.addr) {
		return "", false
	}
	name := decodeWords(p.name)
	if strings.EqualFold(strings.Trim(name, "'\" "), p.addr) {
		name = ""
	}
	return (&mail.Address{Name: name, Address: p.addr}).String(), true
}

func plausibleAddress(a string) bool {
	at := strings.LastIndexByte(a, '@')
	return at > 0 && at < len(a)-1 && !strings.ContainsAny(a, " \t\r\n<>\"/\\,;")
}

// decodeWords decodes RFC 2047 encoded words that some programs leave in MAPI names.
func decodeWords(s string) string {
	if !strings.Contains(s, "=?") {
		return s
	}
	wd := mime.WordDecoder{CharsetReader: charset.Reader} // names in any charset, not only UTF-8
	d, err := wd.DecodeHeader(s)
	if err != nil {
		return s
	}
	return d
}

// messageFacts are the header facts the properties hold.
type messageFacts struct {
	from       *person
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
	if f.from != nil {
		if s, ok := f.from.format(); ok {
			add("From", s)
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
			if s, ok := r.format(); ok {
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
