package intake

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Apple Mail keeps each message as "<id>.emlx": a line with the message's length in bytes,
// the message, then an XML property list with Mail's own notes (flags, dates). When Mail has
// not downloaded the attachments, or has moved them out, the file is "<id>.partial.emlx":
// each such part keeps its headers plus "X-Apple-Content-Length", its body is empty, and
// the decoded attachment sits in ../Attachments/<id>/<part number>/<file name>.

// emlxPayload recognises the .emlx layout and returns the message it holds. repaired says
// the closing boundary was completed: Mail sometimes counts a message two bytes short,
// cutting the final "--" to "-" just before the property list (partial-emlx-converter
// issue 5; its reference conversion repairs it the same way).
func emlxPayload(data []byte) (payload []byte, repaired, ok bool) {
	i := 0
	for i < len(data) && i < 12 && data[i] >= '0' && data[i] <= '9' {
		i++
	}
	if i == 0 || i == 12 {
		return nil, false, false
	}
	j := i
	for j < len(data) && (data[j] == ' ' || data[j] == '\t') {
		j++
	}
	if j < len(data) && data[j] == '\r' {
		j++
	}
	if j >= len(data) || data[j] != '\n' {
		return nil, false, false
	}
	n, err := strconv.ParseInt(string(data[:i]), 10, 64)
	rest := data[j+1:]
	if err != nil || n <= 0 {
		return nil, false, false
	}
	n = min(n, int64(len(rest)))
	payload = rest[:n]
	end, _ := lineAt(payload, 0)
	if !isHeaderLine(payload[:end]) {
		return nil, false, false
	}
	after := rest[n:]
	if bytes.HasSuffix(payload, []byte("-")) && !bytes.HasSuffix(payload, []byte("--")) &&
		bytes.HasPrefix(after, []byte("<?xml")) {
		fixed := make([]byte, 0, len(payload)+1)
		return append(append(fixed, payload...), '-'), true, true
	}
	return payload, false, true
}

// partialResult says what happened to the attachments Apple Mail kept outside the file.
type partialResult struct {
	restored []string // names put back
	missing  []string // names that could not be found
}

// restoreParts puts the attachments of a .partial.emlx back into msg (already CR LF), the
// way partial-emlx-converter does: the file found for part N is encoded with the part's own
// Content-Transfer-Encoding and becomes its body, and the X-Apple-Content-Length field
// goes. Parts whose file cannot be found stay exactly as they were. path is where the
// .emlx file is; without it nothing can be found and every external part is missing.
func restoreParts(msg []byte, path string) ([]byte, partialResult) {
	var res partialResult
	dir := ""
	if path != "" {
		stem := filepath.Base(path)
		if i := strings.IndexByte(stem, '.'); i > 0 {
			stem = stem[:i]
		}
		dir = filepath.Join(filepath.Dir(path), "..", "Attachments", stem)
	}
	type edit struct {
		start, end int
		repl       []byte
	}
	var edits []edit
	budget := int64(MaxMessageSize)
	count := 0

	leaf := func(e entity, num string) {
		var apple *field
		for i := range e.fields {
			if strings.EqualFold(e.fields[i].name, "X-Apple-Content-Length") {
				apple = &e.fields[i]
				break
			}
		}
		if apple == nil || !isBlankOnly(msg[e.body:e.end]) {
			return
		}
		name := attachmentName(e)
		shown := name
		if shown == "" {
			shown = "an attachment without a name (part " + num + ")"
		}
		file := ""
		if dir != "" {
			file = findAttachment(filepath.Join(dir, num), name)
		}
		var data []byte
		if file != "" {
			if st, err := os.Stat(file); err == nil && st.Size() <= budget {
				if b, err := os.ReadFile(file); err == nil && int64(len(b)) <= budget {
					data = b
					budget -= int64(len(b))
				}
			}
		}
		if data == nil {
			res.missing = append(res.missing, shown)
			return
		}
		if shown == name {
			res.restored = append(res.restored, name)
		} else {
			res.restored = append(res.restored, filepath.Base(file))
		}
		edits = append(edits,
			edit{apple.start, apple.end, nil},
			edit{e.body, e.end, encodeAs(e.cte(), data)})
	}
	var walk func(e entity, num string, depth int)
	walk = func(e entity, num string, depth int) {
		count++
		if depth > maxDepth || count > maxParts {
			return
		}
		switch {
		case e.multipart():
			for i, p := range splitParts(msg, e, maxParts) {
				walk(parseEntity(msg, p[0], p[1]), joinNum(num, i+1), depth+1)
			}
		case e.message() && num != "" && !has(e.fields, "X-Apple-Content-Length"):
			// IMAP numbering (RFC 3501 section 6.4.5): the parts of an attached message
			// are N.1, N.2…; a single-part attached message has its body as N.1.
			inner := parseEntity(msg, e.body, e.end)
			if inner.multipart() {
				walk(inner, num, depth+1)
			} else {
				leaf(inner, joinNum(num, 1))
			}
		default:
			if num == "" {
				num = "1"
			}
			leaf(e, num)
		}
	}
	walk(parseEntity(msg, 0, len(msg)), "", 0)
	if len(edits) == 0 {
		return msg, res
	}
	size := len(msg)
	for _, ed := range edits {
		size += len(ed.repl) - (ed.end - ed.start)
	}
	out := make([]byte, 0, size)
	pos := 0
	for _, ed := range edits {
		out = append(out, msg[pos:ed.start]...)
		out = append(out, ed.repl...)
		pos = ed.end
	}
	return append(out, msg[pos:]...), res
}

func joinNum(prefix string, n int) string {
	if prefix == "" {
		return strconv.Itoa(n)
	}
	return prefix + "." + strconv.Itoa(n)
}

// attachmentName is the file name a part declares, decoded: Content-Disposition's filename
// first (what Mail.app names the saved file after), Content-Type's name otherwise.
func attachmentName(e entity) string {
	_, dp := parseMediaType(e.get("Content-Disposition"))
	name := dp["filename"]
	if name == "" {
		_, cp := parseMediaType(e.get("Content-Type"))
		name = cp["name"]
	}
	if d, err := wordDecoder.DecodeHeader(name); err == nil {
		name = d
	}
	return strings.ToValidUTF8(strings.TrimSpace(name), "\uFFFD")
}

// findAttachment looks in dir for the file of one part: by the name the message gives
// (also in the other Unicode normal form, since macOS writes names decomposed), else the
// only file in the folder, which is how Mail stores a part without a name ("Mail-Anhang.png"
// on a German Mac). The name comes from the message, so it is never used as a path: a
// name with a slash or "..", or a link instead of a file, is ignored.
func findAttachment(dir, name string) string {
	if name != "" && !strings.ContainsAny(name, `/\`) && name != "." && name != ".." {
		for _, n := range []string{name, norm.NFC.String(name), norm.NFD.String(name)} {
			p := filepath.Join(dir, n)
			if st, err := os.Lstat(p); err == nil && st.Mode().IsRegular() {
				return p
			}
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	only := ""
	for _, de := range entries {
		if strings.HasPrefix(de.Name(), ".") {
			continue // .DS_Store and friends
		}
		if !de.Type().IsRegular() || only != "" {
			return ""
		}
		only = filepath.Join(dir, de.Name())
	}
	return only
}

// encodeAs encodes an attachment for a part with the given Content-Transfer-Encoding, with
// CR LF line ends and no line break after the last line (the one before the next boundary
// belongs to the boundary).
func encodeAs(cte string, data []byte) []byte {
	switch cte {
	case "base64":
		enc := base64.StdEncoding.EncodeToString(data)
		out := make([]byte, 0, len(enc)+len(enc)/76*2+2)
		for len(enc) > 76 {
			out = append(out, enc[:76]...)
			out = append(out, '\r', '\n')
			enc = enc[76:]
		}
		return append(out, enc...)
	case "quoted-printable":
		return qpEncode(data)
	}
	return toCRLF(data)
}

// qpLine is how long a quoted-printable line may get, soft break "=" included. Apple Mail
// writes at most 73 characters and the "=", breaking after a space where it can; matching
// it makes a restored attachment come out as Mail itself would have sent it.
const qpLine = 74

// qpEncode encodes data as quoted-printable (RFC 2045 section 6.7) with CR LF line ends.
func qpEncode(data []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(data) + len(data)/8)
	const hex = "0123456789ABCDEF"
	for len(data) > 0 {
		nl := bytes.IndexByte(data, '\n')
		line := data
		hasEOL := false
		if nl >= 0 {
			line, data, hasEOL = data[:nl], data[nl+1:], true
		} else {
			data = nil
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		var cur []byte
		lastSpace := -1
		for i, c := range line {
			var tok []byte
			switch {
			case (c == ' ' || c == '\t') && i == len(line)-1:
				tok = []byte{'=', hex[c>>4], hex[c&15]}
			case c == '=' || c < ' ' && c != '\t' || c > '~':
				tok = []byte{'=', hex[c>>4], hex[c&15]}
			default:
				tok = []byte{c}
			}
			if len(cur)+len(tok) > qpLine-1 {
				if lastSpace >= 0 {
					out.Write(cur[:lastSpace+1])
					out.WriteString("=\r\n")
					cur = append(cur[:0:0], cur[lastSpace+1:]...)
				} else {
					out.Write(cur)
					out.WriteString("=\r\n")
					cur = cur[:0]
				}
				lastSpace = -1
				for k, b := range cur {
					if b == ' ' || b == '\t' {
						lastSpace = k
					}
				}
			}
			if tok[0] == ' ' || tok[0] == '\t' {
				lastSpace = len(cur)
			}
			cur = append(cur, tok...)
		}
		out.Write(cur)
		if hasEOL {
			out.WriteString("\r\n")
		}
	}
	return out.Bytes()
}
