package mailmsg

import (
	"bytes"
	"strings"
)

// QUIRK: go-message's textproto.ReadHeader (and net/textproto, net/mail) stop with
// "malformed MIME header" at the first line that is not "name: value" or a continuation, at
// an mbox "From " line, at leading white space and at a name with a space, and they keep no
// offsets. RFC 5322 §2.2 says what a field is, not what a reader must do with a line that is
// not one; real files (Exchange's "Microsoft Mail Internet Headers" banner, copy-and-paste
// damage) need the fields after the damage, and DKIM, unwrapping and rebuilding need each
// field's exact bytes. So the header block is read here, by hand.

// Field is one header field as written.
type Field struct {
	// Name as written, without the colon and without white space before it (RFC 5322 §4.5.3
	// obsolete syntax, and Outlook's French labels, put spaces there).
	Name string
	// Raw is the value as written: from just after the colon to just before the final line
	// end, continuation lines and their line ends included. It is a sub-slice of the input.
	Raw []byte
	// Start is the offset of the field's first byte; End is just past its final line end.
	Start, End int
}

// Value returns the value unfolded (RFC 5322 §2.2.3: line ends dropped, the white space
// kept) and trimmed, cut to MaxValue bytes first: a 2 MB Subject is damage or an attack, and
// its first 16 KiB say all a person needs.
func (f Field) Value() string { return unfold(f.Raw) }

// MaxValue caps how much of one field Value unfolds.
const MaxValue = 16 << 10

// DamageKind says what was wrong with a line the header reader read over.
type DamageKind uint8

const (
	// NoColon: a line in the header block that is neither a field nor a continuation.
	NoColon DamageKind = iota + 1
	// SpaceInName: "Reply To: x", a field name with white space inside it. It is not
	// kept as a field (no lookup would find it) but read over like NoColon.
	SpaceInName
	// LeadingSpace: the first line starts with white space, which would make it a
	// continuation of nothing; the white space is skipped and the field kept.
	LeadingSpace
	// FromLine: an mbox "From sender date" line before the header, skipped.
	FromLine
	// Overflow: fields past HeaderOptions.MaxFields or MaxBytes, read over (so Body is
	// still right) but not kept.
	Overflow
)

// Damage is one stretch of the header block the reader read over. Start and End are offsets
// in the input; End is past the last line end of the stretch.
type Damage struct {
	Kind       DamageKind
	Start, End int
}

// Header is a parsed header block. Every offset is into the bytes given to ParseHeader.
type Header struct {
	Fields []Field
	// Start is where the first field begins (past a byte-order mark, an mbox "From " line or
	// blank lines before the header); End is just past the last line of the block, before
	// the separator line; Body is where the body starts.
	Start, End, Body int
	// Separator is true when an empty line ended the block; RanIntoText when a line that is
	// not a field did (no empty line; Body is that line). Neither: the input ended inside
	// the header block (Body == len(input)).
	Separator, RanIntoText bool
	// Received counts every Received field, those past the limits included.
	Received int
	// Signatures counts every DKIM-Signature field, those past the limits included: a
	// checker looks at only the first few, and says how many there were.
	Signatures int
	// Damage lists what was read over, in order.
	Damage []Damage
}

// HeaderOptions bound what ParseHeaderWith keeps. Fields past either bound are read over,
// never kept, so memory stays bounded while Body stays right; reading itself is one pass
// over the bytes without allocation.
type HeaderOptions struct {
	MaxFields int // fields kept; 0 means DefaultMaxFields
	MaxBytes  int // fields kept only while they start within this many bytes; 0 means DefaultMaxHeaderBytes
	// Part reads the header of a MIME body part: nothing is skipped before it, since an
	// empty first line there means an empty header (RFC 2046 §5.1.1).
	Part bool
}

const (
	DefaultMaxFields      = 5000
	DefaultMaxHeaderBytes = 1 << 20 // go-message's own default (ReadOptions.MaxHeaderBytes)
	maxDamageRun          = 3       // consecutive damaged lines still read over
	maxNameLen            = 200
)

// ParseHeader reads the header block at the start of a whole message with the default
// bounds: a UTF-8 byte-order mark, an mbox "From " line and blank lines before the header
// are skipped. It never fails. Lines may end in CRLF, LF, or a mix.
func ParseHeader(raw []byte) *Header { return ParseHeaderWith(raw, HeaderOptions{}) }

// ParseHeaderWith is ParseHeader with explicit bounds.
//
// A line that is not a field (or a name with a space) is read over as damage when, within
// maxDamageRun lines, a field or the empty separator line follows it; otherwise the block
// ends at that line (RanIntoText), which is how a header pasted above its text, without
// the empty line, reads. Damage on the very first line counts only when a field a message
// carries (LooksLikeMail's names) follows it, so a body part without a header is not read
// as one.
func ParseHeaderWith(raw []byte, o HeaderOptions) *Header {
	if o.MaxFields <= 0 {
		o.MaxFields = DefaultMaxFields
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxHeaderBytes
	}
	h := &Header{Fields: make([]Field, 0, 24)}
	i := 0
	if !o.Part {
		i = skipLead(raw, h)
	}
	h.Start = i
	cur := -1 // index in h.Fields of the field being continued, or -1
	for i < len(raw) {
		end, next := lineAt(raw, i)
		line := raw[i:end]
		if len(line) == 0 {
			h.End, h.Body, h.Separator = i, next, true
			return h
		}
		if line[0] == ' ' || line[0] == '\t' {
			switch {
			case cur >= 0:
				f := &h.Fields[cur]
				f.Raw = raw[valueStart(raw, f.Start):end]
				f.End = next
				i = next
				continue
			case i == h.Start && len(h.Fields) == 0:
				if k := skipWS(line); k < len(line) && fieldLine(line[k:]) == fieldOK {
					h.Damage = append(h.Damage, Damage{LeadingSpace, i, i + k})
					cur = h.add(raw, i+k, end, next, o)
					i = next
					continue
				}
			case len(h.Damage) > 0 && h.Damage[len(h.Damage)-1].End == i:
				// A continuation of a damaged or overflowing line belongs to the damage.
				h.Damage[len(h.Damage)-1].End = next
				i = next
				continue
			}
		}
		shape := fieldLine(line)
		if shape == fieldOK {
			cur = h.add(raw, i, end, next, o)
			i = next
			continue
		}
		if cur >= 0 && unfoldedParam(h.Fields[cur].Raw, line) {
			// QUIRK: Apache James writes a Content-Type parameter on a line of its own
			// without the leading white space folding needs (RFC 5322 section 2.2.3).
			// After a value ending in ";" a "name=value" line can only be that parameter.
			f := &h.Fields[cur]
			f.Raw = raw[valueStart(raw, f.Start):end]
			f.End = next
			i = next
			continue
		}
		kind := NoColon
		if shape == fieldSpaced {
			kind = SpaceInName
		}
		resume, ok := damageRun(raw, i, len(h.Fields) == 0 && h.Received == 0)
		if !ok {
			h.End, h.Body, h.RanIntoText = i, i, true
			return h
		}
		h.Damage = append(h.Damage, Damage{kind, i, resume})
		cur = -1
		i = resume
	}
	h.End, h.Body = len(raw), len(raw)
	return h
}

// add keeps the field whose line is raw[start:end] (next is the following line), or reads
// it over as Overflow, and returns its index or -1.
func (h *Header) add(raw []byte, start, end, next int, o HeaderOptions) int {
	line := raw[start:end]
	colon := bytes.IndexByte(line, ':')
	name := bytes.TrimRight(line[:colon], " \t")
	switch {
	case len(name) == 8 && strings.EqualFold(string(name), "Received"):
		h.Received++
	case len(name) == 14 && strings.EqualFold(string(name), "DKIM-Signature"):
		h.Signatures++
	}
	if len(h.Fields) >= o.MaxFields || start-h.Start >= o.MaxBytes {
		if n := len(h.Damage); n > 0 && h.Damage[n-1].Kind == Overflow && h.Damage[n-1].End == start {
			h.Damage[n-1].End = next
		} else {
			h.Damage = append(h.Damage, Damage{Overflow, start, next})
		}
		return -1
	}
	h.Fields = append(h.Fields, Field{Name: fieldName(name), Raw: line[colon+1:], Start: start, End: next})
	return len(h.Fields) - 1
}

// fieldName is name as a string, shared for the names most fields have rather than copied
// for each: a notice's parts, its delivery status blocks and its returned header are each
// read as a header, mostly of these fields.
func fieldName(name []byte) string {
	if n, ok := commonNames[string(name)]; ok {
		return n
	}
	return string(name)
}

var commonNames = func() map[string]string {
	m := map[string]string{}
	for _, n := range []string{"Received", "From", "To", "Cc", "Subject", "Date", "Message-ID", "Message-Id",
		"Return-Path", "MIME-Version", "Mime-Version", "Content-Type", "Content-Transfer-Encoding",
		"Content-Description", "Content-Disposition", "Content-ID", "Reply-To", "Sender", "X-Mailer",
		"DKIM-Signature", "Authentication-Results", "Delivered-To", "Auto-Submitted", "X-Failed-Recipients",
		"References", "In-Reply-To", "Precedence", "X-Spam-Status", "X-Originating-IP", "Thread-Index",
		"Reporting-MTA", "Arrival-Date", "Received-From-MTA", "X-Postfix-Queue-ID", "X-Postfix-Sender",
		"Final-Recipient", "Original-Recipient", "Action", "Status", "Remote-MTA", "Diagnostic-Code",
		"Last-Attempt-Date", "Will-Retry-Until", "X-Actual-Recipient", "X-Original-Message-ID"} {
		m[n] = n
	}
	return m
}()

// damageRun decides whether the damaged line at i is read over. It returns where reading
// resumes: the next field line, or the separator line.
func damageRun(raw []byte, i int, first bool) (int, bool) {
	for n := 0; i < len(raw) && n <= maxDamageRun; {
		end, next := lineAt(raw, i)
		line := raw[i:end]
		if n > 0 {
			switch {
			case len(line) == 0:
				return i, !first
			case line[0] == ' ' || line[0] == '\t':
				i = next
				continue // the damaged line's own continuation
			case fieldLine(line) == fieldOK:
				if first {
					c := bytes.IndexByte(line, ':')
					return i, CommonField(string(bytes.TrimRight(line[:c], " \t")))
				}
				return i, true
			}
		}
		n++
		i = next
	}
	return 0, false
}

// skipLead skips what can stand before a message's header: a UTF-8 byte-order mark (from
// Notepad), an mbox "From " line, and blank lines left over from copying and pasting.
func skipLead(raw []byte, h *Header) int {
	i := 0
	if bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")) {
		i = 3
	}
	if IsFromLine(raw[i:]) {
		_, next := lineAt(raw, i)
		h.Damage = append(h.Damage, Damage{FromLine, i, next})
		i = next
	}
	for i < len(raw) {
		end, next := lineAt(raw, i)
		if len(bytes.TrimRight(raw[i:end], " \t")) != 0 || next == len(raw) {
			break
		}
		i = next
	}
	return i
}

// IsFromLine reports whether b starts with an mbox separator line ("From sender date"),
// not a "From:" field written with a space before the colon.
func IsFromLine(b []byte) bool {
	if !bytes.HasPrefix(b, []byte("From ")) {
		return false
	}
	end, _ := lineAt(b, 0)
	rest := bytes.TrimLeft(b[5:end], " \t")
	return len(rest) > 0 && rest[0] != ':'
}

type fieldShape uint8

const (
	notField fieldShape = iota
	fieldOK
	fieldSpaced
)

// fieldLine tells whether line (without its line end) starts a field: a name of printable
// US-ASCII without colon or white space (RFC 5322 §3.6.8), optional white space, a colon.
func fieldLine(line []byte) fieldShape {
	colon := bytes.IndexByte(line, ':')
	if colon <= 0 {
		return notField
	}
	name := bytes.TrimRight(line[:colon], " \t")
	if len(name) == 0 || len(name) > maxNameLen {
		return notField
	}
	spaced := false
	for _, c := range name {
		switch {
		case c == ' ' || c == '\t':
			spaced = true
		case c < ' ' || c >= 0x7f:
			return notField
		}
	}
	if spaced {
		if len(name) > 40 || name[0] == ' ' || name[0] == '\t' {
			return notField
		}
		return fieldSpaced
	}
	return fieldOK
}

// IsFieldLine reports whether line (without its line end) starts a header field.
func IsFieldLine(line []byte) bool { return fieldLine(line) == fieldOK }

// lineAt returns the end of the line starting at pos (without its CR LF or LF) and where the
// next line starts.
func lineAt(b []byte, pos int) (end, next int) {
	nl := bytes.IndexByte(b[pos:], '\n')
	if nl < 0 {
		end = len(b)
		next = len(b)
	} else {
		end = pos + nl
		next = end + 1
	}
	if end > pos && b[end-1] == '\r' {
		end--
	}
	return end, next
}

func valueStart(raw []byte, start int) int {
	return start + bytes.IndexByte(raw[start:], ':') + 1
}

func skipWS(b []byte) int {
	k := 0
	for k < len(b) && (b[k] == ' ' || b[k] == '\t') {
		k++
	}
	return k
}

func unfold(v []byte) string {
	if len(v) > MaxValue {
		v = v[:MaxValue]
	}
	if bytes.IndexByte(v, '\n') < 0 && bytes.IndexByte(v, '\r') < 0 {
		return string(bytes.TrimSpace(v))
	}
	b := make([]byte, 0, len(v))
	for _, c := range v {
		if c != '\r' && c != '\n' {
			b = append(b, c)
		}
	}
	return string(bytes.TrimSpace(b))
}

// unfoldedParam reports whether line is a MIME parameter (name=value) that belongs to a
// field whose value so far ends in ";".
func unfoldedParam(value, line []byte) bool {
	if !bytes.HasSuffix(bytes.TrimRight(value, " \t\r\n"), []byte(";")) {
		return false
	}
	eq := bytes.IndexByte(line, '=')
	if eq <= 0 {
		return false
	}
	for _, c := range line[:eq] {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '*') {
			return false
		}
	}
	return true
}
