package check

import (
	"bytes"
	"strings"
)

// field is one header field as written. value is a sub-slice of the message (folds
// included, final line break excluded), so a huge field costs nothing until it is used.
type field struct {
	name  string
	value []byte
}

// header is a parsed header block. The parser never fails: it reads as far as the text looks
// like header fields, which is what a tolerant reader of real-world mail must do.
type header struct {
	fields []field
	// body is where the body starts: after the blank separator line, at the first line
	// that is not a header field, or len(raw) when the file ends inside the header block.
	body int
	// separator is true when a blank line ended the block.
	separator bool
	// ranIntoText is true when a line that is not a field ended the block (no blank line).
	ranIntoText bool
	// received counts every Received field, even past maxFields.
	received int
}

// maxFields bounds the memory a pathological header (millions of tiny fields) can take.
// Fields past it are still read over, so the body offset stays right.
const maxFields = 5000

// parseHeader reads the header block at the start of raw. A leading mbox "From " line is
// skipped. Lines may end in CRLF or LF.
func parseHeader(raw []byte) header {
	var h header
	i := 0
	if bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")) {
		i = 3 // a UTF-8 byte-order mark from Notepad
	}
	if bytes.HasPrefix(raw[i:], []byte("From ")) {
		i = lineEnd(raw, i)
	}
	// Blank lines before the header are left over from copying and pasting.
	for i < len(raw) && (raw[i] == '\n' || (raw[i] == '\r' && i+1 < len(raw) && raw[i+1] == '\n')) {
		i = lineEnd(raw, i)
	}
	cur := -1     // index in h.fields of the field being continued, or -1
	curStart := 0 // offset in raw where that field's value starts
	for i < len(raw) {
		next := lineEnd(raw, i)
		line := trimEOL(raw[i:next])
		switch {
		case len(line) == 0:
			h.body, h.separator = next, true
			return h
		case line[0] == ' ' || line[0] == '\t':
			if cur < 0 {
				if len(h.fields) == 0 && h.received == 0 {
					h.body, h.ranIntoText = i, true
					return h
				}
				// A continuation of a field past maxFields: read over it.
				break
			}
			h.fields[cur].value = raw[curStart : i+len(line)]
		default:
			name, value, ok := splitField(line)
			if !ok {
				h.body, h.ranIntoText = i, true
				return h
			}
			if strings.EqualFold(name, "Received") {
				h.received++
			}
			cur = -1
			if len(h.fields) < maxFields {
				h.fields = append(h.fields, field{name: name, value: raw[i+value : i+len(line)]})
				cur, curStart = len(h.fields)-1, i+value
			}
		}
		i = next
	}
	h.body = len(raw)
	return h
}

// lineEnd returns the offset just past the line starting at i (past its LF), or len(b).
func lineEnd(b []byte, i int) int {
	if j := bytes.IndexByte(b[i:], '\n'); j >= 0 {
		return i + j + 1
	}
	return len(b)
}

func trimEOL(line []byte) []byte {
	if n := len(line); n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
	}
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line
}

// splitField splits "Name: value". The name is printable ASCII without spaces; spaces before
// the colon are allowed (RFC 5322 obsolete syntax, and what Outlook's French labels look like).
// It returns the name and the offset of the value in line.
func splitField(line []byte) (string, int, bool) {
	colon := bytes.IndexByte(line, ':')
	if colon <= 0 {
		return "", 0, false
	}
	name := bytes.TrimRight(line[:colon], " \t")
	if len(name) == 0 {
		return "", 0, false
	}
	for _, c := range name {
		if c <= ' ' || c >= 0x7f {
			return "", 0, false
		}
	}
	return string(name), colon + 1, true
}

// get returns the first field with the name, unfolded and trimmed, and whether it exists.
func (h *header) get(name string) (string, bool) {
	for _, f := range h.fields {
		if strings.EqualFold(f.name, name) {
			return unfold(f.value), true
		}
	}
	return "", false
}

func (h *header) has(name string) bool {
	_, ok := h.get(name)
	return ok
}

// all returns the raw values of every field with the name, in order.
func (h *header) all(name string) [][]byte {
	var out [][]byte
	for _, f := range h.fields {
		if strings.EqualFold(f.name, name) {
			out = append(out, f.value)
		}
	}
	return out
}

// maxValue caps how much of one field is unfolded for display and matching: a 2 MB Subject
// is an attack or damage, and its first 16 KiB say all a person needs.
const maxValue = 16 << 10

// unfold joins folded lines (RFC 5322 §2.2.3: drop the line break, keep the whitespace) and
// trims the result.
func unfold(v []byte) string {
	if len(v) > maxValue {
		v = v[:maxValue]
	}
	if bytes.IndexByte(v, '\n') < 0 && bytes.IndexByte(v, '\r') < 0 {
		return strings.TrimSpace(string(v))
	}
	b := make([]byte, 0, len(v))
	for _, c := range v {
		if c != '\r' && c != '\n' {
			b = append(b, c)
		}
	}
	return strings.TrimSpace(string(b))
}

// looksLikeMail reports whether the header block holds at least one field a message has.
// "Note: buy milk" parses as a field, but no mail program writes a "Note" header.
func (h *header) looksLikeMail() bool {
	for _, f := range h.fields {
		n := strings.ToLower(f.name)
		if mailFields[n] {
			return true
		}
		for _, p := range []string{"x-", "content-", "list-", "arc-", "resent-", "dkim-", "received-", "authentication-"} {
			if strings.HasPrefix(n, p) {
				return true
			}
		}
	}
	return h.received > 0
}

var mailFields = map[string]bool{
	"from": true, "to": true, "cc": true, "bcc": true, "date": true, "subject": true,
	"message-id": true, "return-path": true, "delivered-to": true, "mime-version": true,
	"sender": true, "reply-to": true, "in-reply-to": true, "references": true,
	"received": true, "thread-topic": true, "thread-index": true, "importance": true,
	"precedence": true, "envelope-to": true, "comments": true, "keywords": true,
	"domainkey-signature": true, "user-agent": true, "organization": true,
}
