package intake

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// Apple Mail keeps each message as "<id>.emlx": a line with the message's length in bytes,
// the message, then an XML property list with Mail's own notes (flags, dates). When Mail has
// not downloaded the attachments, or has moved them out, the file is "<id>.partial.emlx":
// each such part keeps its headers plus "X-Apple-Content-Length", its body is empty, and
// the decoded attachment sits in ../Attachments/<id>/<part number>/<file name>.

// emlxFile is what the first line of an .emlx and the property list at its end say.
type emlxFile struct {
	payload  []byte
	repaired bool
	// count is the byte count the first line gives when number says it is one; badCount
	// says it does not fit the file, so the message was found by its property list instead.
	count    int64
	number   bool
	shown    string // the number as written
	badCount bool
	fileSize int
}

// maxCountLine is how long the count line of an .emlx may be: Mail pads a number of up to
// ten digits with spaces; a longer first line is no count at all.
const maxCountLine = 40

// readEmlx recognises the .emlx layout and returns the message it holds. A first line that is
// a number followed by a header line is an .emlx; so is any short first line followed by a
// header line in a file named .emlx or ending in Mail's property list, whose count is then
// nonsense. repaired says the closing boundary was completed: Mail sometimes counts a
// message two bytes short, cutting the final "--" to "-" just before the property list
// (partial-emlx-converter issue 5; its reference conversion repairs it the same way).
func readEmlx(data []byte, name string) (emlxFile, bool) {
	e := emlxFile{fileSize: len(data)}
	nl := bytes.IndexByte(data[:min(len(data), maxCountLine+2)], '\n')
	if nl <= 0 {
		return e, false
	}
	first := strings.TrimSpace(string(data[:nl]))
	rest := data[nl+1:]
	if end, _ := lineAt(rest, 0); !mailmsg.IsFieldLine(rest[:end]) || mailmsg.IsFieldLine(data[:nl]) {
		return e, false
	}
	n, err := strconv.ParseInt(first, 10, 64)
	// A number too big for int64 is still a number, and far bigger than any file.
	e.count, e.shown = n, first
	e.number = (err == nil || errors.Is(err, strconv.ErrRange)) && first[0] != '+'
	if !e.number && !hasSuffixFold(name, ".emlx") && !endsWithPlist(data) {
		return e, false
	}
	if e.number && n > 0 && n <= int64(len(rest)) && plistFollows(rest[n:]) {
		e.payload = rest[:n]
		after := rest[n:]
		if bytes.HasSuffix(e.payload, []byte("-")) && !bytes.HasSuffix(e.payload, []byte("--")) &&
			bytes.HasPrefix(after, []byte("<?xml")) {
			fixed := make([]byte, 0, len(e.payload)+1)
			e.payload, e.repaired = append(append(fixed, e.payload...), '-'), true
		}
		return e, true
	}
	// The count does not fit: the message runs to where Mail's property list starts.
	e.payload = rest
	if i := bytes.LastIndex(rest, []byte("\n<?xml")); i >= 0 && plistFollows(rest[i+1:]) {
		e.payload = rest[:i+1]
	}
	// A .partial.emlx keeps the count of the whole message, attachments included, so there
	// a count bigger than the file is what Mail writes.
	partial := e.number && n > int64(len(rest)) && bytes.Contains(e.payload, []byte("X-Apple-Content-Length"))
	e.badCount = !partial
	return e, true
}

// emlxPayload is readEmlx for a file's first bytes only, where a count past them is expected.
func emlxPayload(data []byte) (payload []byte, repaired, ok bool) {
	e, ok := readEmlx(data, "")
	return e.payload, e.repaired, ok
}

// plistFollows reports whether b, what follows the counted message, is nothing or Mail's
// property list.
func plistFollows(b []byte) bool {
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) == 0 || bytes.HasPrefix(b, []byte("<?xml")) && bytes.Contains(b[:min(len(b), 300)], []byte("plist"))
}

func endsWithPlist(data []byte) bool {
	return bytes.HasSuffix(bytes.TrimRight(data, " \t\r\n"), []byte("</plist>"))
}

// hasSuffixFold is strings.HasSuffix ignoring ASCII case; the suffix is ASCII.
func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

// emlxItem takes the message out of an Apple Mail .emlx file.
func emlxItem(it *Item, e emlxFile, path string) *Item {
	it.Format, it.Stored = EMLX, true
	it.Steps = append(it.Steps, stepEmlx)
	if e.repaired {
		it.Steps = append(it.Steps, stepEmlxRepair)
	}
	if e.badCount {
		it.Findings = append(it.Findings, emlxCountFinding(e))
	}
	msg := toCRLF(e.payload)
	if bytes.Contains(msg, []byte("X-Apple-Content-Length")) {
		var res partialResult
		msg, res = restoreParts(msg, path)
		if len(res.restored) > 0 {
			it.Steps = append(it.Steps, stepRestored(res.restored))
		}
		if len(res.missing) > 0 {
			it.Findings = append(it.Findings, partialFinding(res.missing))
		}
	}
	finish(it, msg)
	return it
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

	leaf := func(p *mailmsg.Part, num string) {
		apple, ok := p.Header.Field("X-Apple-Content-Length")
		if !ok || !p.InOriginal || !isBlankOnly(p.Body()) {
			return
		}
		name := attachmentName(p)
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
			edit{apple.Start, apple.End, nil},
			edit{p.BodyStart, p.End, encodeAs(p.Encoding, data)})
	}
	// mailmsg numbers the entity inside an attached message N as N.1 and its parts N.1.k;
	// IMAP (RFC 3501 section 6.4.5), which Mail names its folders by, numbers those parts
	// N.k and a single-part attached message's body N.1.
	imap := map[string]string{}
	message := map[string]bool{} // attached messages the walk entered
	mailmsg.Walk(msg, mailmsg.Limits{}, func(p *mailmsg.Part) mailmsg.Action {
		num := ""
		if p.Depth > 0 {
			parent := parentPath(p.Path)
			switch {
			case message[parent] && split(p):
				num = imap[parent]
			case message[parent]:
				num = joinNum(imap[parent], 1)
			default:
				num = joinNum(imap[parent], lastNum(p.Path))
			}
		}
		imap[p.Path] = num
		switch {
		case split(p):
			return mailmsg.Continue
		case p.Message() && p.Depth > 0 && !message[parentPath(p.Path)] && !p.Header.Has("X-Apple-Content-Length"):
			message[p.Path] = true
			return mailmsg.Descend
		}
		if num == "" {
			num = "1"
		}
		leaf(p, num)
		return mailmsg.Continue
	})
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

// lastNum is the last number of a part path ("2" for "1.2").
func lastNum(path string) int {
	n, _ := strconv.Atoi(path[strings.LastIndexByte(path, '.')+1:])
	return n
}

// split reports whether a part is a multipart with parts to visit; one without a boundary
// is a leaf, as mail programs show it.
func split(p *mailmsg.Part) bool { return p.Multipart() && p.Type.Params["boundary"] != "" }

// attachmentName is the file name a part declares, decoded: Content-Disposition's filename
// first (what Mail.app names the saved file after), Content-Type's name otherwise.
func attachmentName(p *mailmsg.Part) string {
	name := p.Disposition().Params["filename"]
	if name == "" {
		name = p.Type.Params["name"]
	}
	// Not mailmsg.Text: a file name keeps its own spacing, or it would not be found.
	name, _ = mailmsg.DecodeWords(name, "")
	return strings.TrimSpace(name)
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
