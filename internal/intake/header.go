package intake

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"
)

// maxFields caps how many header fields we look at in one header block. Real messages have
// a few hundred at most; the cap keeps a hostile file from costing more than a scan.
const maxFields = 5000

// field is one header field as written, with its position so it can be cut out exactly.
type field struct {
	name       string // as written, without the colon
	value      []byte // raw, continuation lines included, line end excluded
	start, end int    // the whole field including continuation lines and line ends
}

// bodyStart returns where the body of msg starts: just past the empty line that ends the
// header block, or len(msg) when there is no such line. Lines may end in CRLF or LF: this
// runs both on normalised messages and on raw mailbox text.
func bodyStart(msg []byte) int {
	pos := 0
	for pos < len(msg) {
		nl := bytes.IndexByte(msg[pos:], '\n')
		if nl < 0 {
			return len(msg)
		}
		line := msg[pos : pos+nl]
		if len(line) == 0 || (len(line) == 1 && line[0] == '\r') {
			return pos + nl + 1
		}
		pos += nl + 1
	}
	return len(msg)
}

// parseFields reads the fields of a header block (everything before bodyStart). Lines that
// are neither a field nor a continuation are skipped: a damaged header should still let us
// see the fields around the damage. Offsets are relative to hdr.
func parseFields(hdr []byte) []field {
	var fs []field
	pos := 0
	for pos < len(hdr) && len(fs) < maxFields {
		lineEnd, next := lineAt(hdr, pos)
		line := hdr[pos:lineEnd]
		if len(line) == 0 {
			break // the empty line that ends the header block
		}
		if line[0] == ' ' || line[0] == '\t' {
			if n := len(fs); n > 0 && fs[n-1].end == pos {
				fs[n-1].value = hdr[valueStart(hdr, fs[n-1].start):lineEnd]
				fs[n-1].end = next
			}
			pos = next
			continue
		}
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 || !isFieldName(bytes.TrimRight(line[:colon], " \t")) {
			pos = next
			continue
		}
		fs = append(fs, field{
			name:  string(bytes.TrimRight(line[:colon], " \t")),
			value: line[colon+1:],
			start: pos,
			end:   next,
		})
		pos = next
	}
	return fs
}

// lineAt returns the end of the line starting at pos (without its CR LF or LF) and where
// the next line starts.
func lineAt(b []byte, pos int) (end, next int) {
	nl := bytes.IndexByte(b[pos:], '\n')
	if nl < 0 {
		end = len(b)
		if end > pos && b[end-1] == '\r' {
			end--
		}
		return end, len(b)
	}
	end = pos + nl
	if end > pos && b[end-1] == '\r' {
		end--
	}
	return end, pos + nl + 1
}

func valueStart(hdr []byte, start int) int {
	c := bytes.IndexByte(hdr[start:], ':')
	if c < 0 {
		return start
	}
	return start + c + 1
}

// isFieldName reports whether b is an RFC 5322 field name: printable US-ASCII without
// colon or space. Only the shape matters here, not whether the name is known.
func isFieldName(b []byte) bool {
	if len(b) == 0 || len(b) > 200 {
		return false
	}
	for _, c := range b {
		if c <= ' ' || c >= 0x7f || c == ':' {
			return false
		}
	}
	return true
}

// isHeaderLine reports whether line (without its line end) starts a header field.
func isHeaderLine(line []byte) bool {
	colon := bytes.IndexByte(line, ':')
	if colon <= 0 || colon > 200 {
		return false
	}
	return isFieldName(bytes.TrimRight(line[:colon], " \t"))
}

// get returns the unfolded value of the first field called name, or "".
func get(fs []field, name string) string {
	for _, f := range fs {
		if strings.EqualFold(f.name, name) {
			return unfold(f.value)
		}
	}
	return ""
}

// has reports whether a field called name is present.
func has(fs []field, name string) bool {
	for _, f := range fs {
		if strings.EqualFold(f.name, name) {
			return true
		}
	}
	return false
}

// unfold joins continuation lines and trims the value.
func unfold(v []byte) string {
	if bytes.IndexByte(v, '\n') < 0 {
		return string(bytes.TrimSpace(v))
	}
	var b strings.Builder
	b.Grow(len(v))
	for _, c := range v {
		if c != '\r' && c != '\n' {
			b.WriteByte(c)
		}
	}
	return strings.TrimSpace(b.String())
}

var wordDecoder = mime.WordDecoder{CharsetReader: charset.Reader}

// display turns a header value into text for people: encoded words decoded, stray 8-bit
// bytes made valid, runs of white space collapsed.
func display(v string) string {
	if d, err := wordDecoder.DecodeHeader(v); err == nil {
		v = d
	}
	v = strings.ToValidUTF8(v, "\uFFFD")
	v = strings.Join(strings.Fields(v), " ")
	if len(v) > 300 {
		cut := 300
		for cut > 0 && !utf8.RuneStart(v[cut]) {
			cut--
		}
		v = v[:cut] + "…"
	}
	return v
}
