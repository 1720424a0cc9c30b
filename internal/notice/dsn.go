package notice

import (
	"strings"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// dsnRecipient is one per-recipient block of an RFC 3464 §2.3 delivery status.
type dsnRecipient struct {
	final, original, action, status, remote, diag, diagType string
	statusNote                                              string // the words after the code ("5.2.1 (mailbox disabled, not accepting messages)")
}

// readDSN reads the per-message (§2.2) and per-recipient (§2.3) fields. Blocks are read with
// mailmsg's header reader one after another; a new recipient starts at a Final-Recipient (or
// an Original-Recipient) when the current one has it already, so notices that leave out the
// blank lines between blocks still read right.
func readDSN(body []byte) (reporting string, rs []dsnRecipient) {
	var cur *dsnRecipient
	start := func() {
		rs = append(rs, dsnRecipient{})
		cur = &rs[len(rs)-1]
	}
	for guard := 0; len(body) > 0 && guard < 2*maxRecipients; guard++ {
		h := mailmsg.ParseHeaderWith(body, mailmsg.HeaderOptions{Part: true, MaxFields: 500})
		inBlock := false // a blank-line-separated block is one recipient, whatever its fields' order
		for _, f := range h.Fields {
			name := dsnField(f.Name)
			if name == "" {
				continue
			}
			v := mailmsg.OneLine(f.Value())
			switch name {
			case "reporting-mta":
				if reporting == "" {
					reporting = afterType(v)
				}
			case "original-recipient":
				if cur == nil || cur.original != "" || (!inBlock && cur.final != "") {
					start()
				}
				inBlock = true
				cur.original = cleanAddr(afterType(v))
			case "final-recipient":
				if cur == nil || cur.final != "" {
					start()
				}
				inBlock = true
				cur.final = cleanAddr(afterType(v))
			case "action", "status", "remote-mta", "diagnostic-code":
				if cur == nil {
					start()
				}
				inBlock = true
				switch name {
				case "action":
					cur.action = mailmsg.LowerASCII(strings.TrimSpace(strings.SplitN(v, " ", 2)[0]))
				case "status":
					cur.status = findStatus(v)
					if k := strings.IndexByte(v, '('); k > 0 && cur.status != "" {
						cur.statusNote = strings.Trim(v[k:], "() ")
					}
				case "remote-mta":
					cur.remote = afterType(v)
				case "diagnostic-code":
					cur.diagType = ""
					if k := strings.IndexByte(v, ';'); k >= 0 && k < 20 && !strings.ContainsAny(v[:k], " <@") {
						cur.diagType = mailmsg.LowerASCII(strings.TrimSpace(v[:k])) // no type: the words alone
					}
					cur.diag = afterType(v)
				}
			}
			if len(rs) >= maxRecipients {
				return
			}
		}
		next := h.Body
		if next <= 0 || len(h.Fields) == 0 {
			nl := strings.IndexByte(string(body[:min(len(body), 4096)]), '\n')
			if nl < 0 {
				return
			}
			next = nl + 1
		}
		body = body[next:]
	}
	return reporting, rs
}

// dsnField is the lower-case name of a field readDSN reads, or "" for any other field, which
// it then neither unfolds nor cleans. (Field names are ASCII, so EqualFold is LowerASCII's
// comparison without the copy.)
func dsnField(name string) string {
	for _, f := range dsnFields {
		if strings.EqualFold(name, f) {
			return f
		}
	}
	return ""
}

var dsnFields = []string{"reporting-mta", "original-recipient", "final-recipient", "action", "status", "remote-mta", "diagnostic-code"}

// afterType drops the type before ";" ("rfc822; a@b", "dns; mx.example", "smtp; 550 …").
func afterType(v string) string {
	if k := strings.IndexByte(v, ';'); k >= 0 && k < 20 && !strings.ContainsAny(v[:k], " <@") {
		return strings.TrimSpace(v[k+1:])
	}
	return strings.TrimSpace(v)
}

func cleanAddr(a string) string {
	a = strings.TrimSpace(a)
	a = strings.TrimPrefix(a, "<")
	a = strings.TrimSuffix(a, ">")
	return strings.TrimSpace(a)
}
