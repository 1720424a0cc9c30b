package deskreply

import (
	"strings"
	"time"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// maxIDs bounds the Message-IDs read from In-Reply-To and References together: a long
// thread has a few dozen; a header with thousands is damage or an attack.
const maxIDs = 200

// Reply is what a message says that matching and reading need.
type Reply struct {
	From      string    // the sender's address, as written ("" when none could be read)
	Subject   string    // decoded, on one line
	Date      time.Time // its Date, else when the mailbox got it
	Refs      []string  // In-Reply-To then References, without angle brackets, lower case
	Text      string    // the reply's own words: the body text without what it quotes
	Automatic bool      // Auto-Submitted other than "no" (RFC 3834)
}

// Read reads a message the Source gave. It never fails: a message with nothing readable is
// a Reply that matches no report.
func Read(m Message) Reply {
	raw := m.Raw
	if len(raw) > MaxMessage {
		raw = raw[:MaxMessage]
	}
	h := mailmsg.ParseHeader(raw)
	var r Reply
	if a, ok := h.Addresses("From"); ok && len(a) > 0 {
		r.From = a[0].Addr
	}
	r.Subject, _ = h.Text("Subject")
	r.Date = m.Received
	if d, ok := mailmsg.ParseDate(h.Get("Date")); ok {
		r.Date = d.Time
	}
	for _, name := range []string{"In-Reply-To", "References"} {
		for _, f := range h.All(name) {
			r.Refs = appendIDs(r.Refs, f.Value())
		}
	}
	auto := mailmsg.LowerASCII(strings.TrimSpace(h.Get("Auto-Submitted")))
	r.Automatic = auto != "" && !strings.HasPrefix(auto, "no")
	r.Text = bodyText(raw, h)
	return r
}

// appendIDs adds the msg-ids of a field: "<a@b> <c@d>", folded or not, with comments or
// bare ids as some systems write them.
func appendIDs(ids []string, v string) []string {
	for len(ids) < maxIDs {
		v = strings.TrimLeft(v, " \t\r\n,")
		if v == "" {
			return ids
		}
		var id string
		if v[0] == '<' {
			end := strings.IndexByte(v, '>')
			if end < 0 {
				id, v = v[1:], ""
			} else {
				id, v = v[1:end], v[end+1:]
			}
		} else {
			end := strings.IndexAny(v, " \t\r\n,<")
			if end < 0 {
				end = len(v)
			}
			id, v = v[:end], v[end:]
		}
		if id = normID(id); strings.Contains(id, "@") {
			ids = append(ids, id)
		}
	}
	return ids
}

// normID is the form Message-IDs are compared in: brackets and white space gone, lower
// case (the report's own ids are written in lower case, and systems that copy them have been
// seen to upper-case their domain).
func normID(id string) string {
	id = strings.TrimSpace(id)
	id = strings.TrimPrefix(id, "<")
	id = strings.TrimSuffix(id, ">")
	return mailmsg.LowerASCII(strings.TrimSpace(id))
}
