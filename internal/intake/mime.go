package intake

import (
	"bytes"
	"encoding/base64"
	"mime/quotedprintable"
	"strings"
)

// The MIME walk is our own boundary scan over the bytes we already hold: it never decodes a
// part it does not need, so a 25 MB attachment costs one pass of bytes.Index and nothing
// more. Depth and part counts are capped because go-message's Walk has no such caps and a
// hostile file can nest multiparts hundreds deep.
const (
	maxDepth = 50
	maxParts = 10000
)

// entity is one MIME entity (a whole message or one part) located inside a buffer. All
// offsets are absolute positions in that buffer.
type entity struct {
	start, end int // header block and body
	body       int // where the body starts
	fields     []field
	mediaType  string
	params     map[string]string
}

func parseEntity(buf []byte, start, end int) entity {
	b := buf[start:end]
	bs := bodyStart(b)
	fs := parseFields(b[:bs])
	for i := range fs {
		fs[i].start += start
		fs[i].end += start
	}
	e := entity{start: start, end: end, body: start + bs, fields: fs}
	e.mediaType, e.params = parseMediaType(get(fs, "Content-Type"))
	if !strings.Contains(e.mediaType, "/") {
		// RFC 2045 section 5.2: a missing or unreadable Content-Type means plain text.
		e.mediaType = "text/plain"
	}
	return e
}

func (e entity) get(name string) string { return get(e.fields, name) }

func (e entity) multipart() bool {
	return strings.HasPrefix(e.mediaType, "multipart/") && e.params["boundary"] != ""
}

func (e entity) message() bool {
	return e.mediaType == "message/rfc822" || e.mediaType == "message/global"
}

// attachment reports whether the entity is marked as an attachment (rather than inline).
func (e entity) attachment() bool {
	d, _ := parseMediaType(e.get("Content-Disposition"))
	return d == "attachment"
}

// cte returns the Content-Transfer-Encoding, lower case, without comments.
func (e entity) cte() string {
	v := e.get("Content-Transfer-Encoding")
	if i := strings.IndexByte(v, '('); i >= 0 {
		v = v[:i]
	}
	return strings.ToLower(strings.TrimSpace(v))
}

// splitParts returns the [start, end) ranges of the parts of a multipart entity, at most
// limit of them. The line break before a delimiter belongs to the delimiter (RFC 2046
// section 5.1.1), so a part ends before it. A missing closing delimiter ends the last part
// at the end of the entity, as mail programs read it.
func splitParts(buf []byte, e entity, limit int) [][2]int {
	delim := []byte("--" + e.params["boundary"])
	body := buf[e.body:e.end]
	var ps [][2]int
	pos, partStart := 0, -1
	for pos < len(body) {
		i := bytes.Index(body[pos:], delim)
		if i < 0 {
			break
		}
		i += pos
		pos = i + 1
		if i > 0 && body[i-1] != '\n' {
			continue
		}
		j := i + len(delim)
		closing := bytes.HasPrefix(body[j:], []byte("--"))
		if closing {
			j += 2
		}
		for j < len(body) && (body[j] == ' ' || body[j] == '\t') {
			j++
		}
		if j < len(body) && body[j] != '\r' && body[j] != '\n' {
			continue // a longer boundary that merely starts like ours
		}
		if j < len(body) && body[j] == '\r' {
			j++
		}
		if j < len(body) && body[j] == '\n' {
			j++
		}
		if partStart >= 0 {
			end := i
			if end > partStart && body[end-1] == '\n' {
				end--
				if end > partStart && body[end-1] == '\r' {
					end--
				}
			}
			ps = append(ps, [2]int{e.body + partStart, e.body + end})
			if len(ps) >= limit {
				return ps
			}
		}
		if closing {
			return ps
		}
		partStart, pos = j, j
	}
	if partStart >= 0 && len(ps) < limit {
		ps = append(ps, [2]int{e.body + partStart, e.end})
	}
	return ps
}

// decodeBody undoes a Content-Transfer-Encoding. Anything but base64 and quoted-printable
// is returned as it is. A body that does not decode cleanly is returned as far as it
// decoded: mail programs show what they can, and so do we.
func decodeBody(b []byte, cte string) []byte {
	switch cte {
	case "base64":
		return decodeBase64(b)
	case "quoted-printable":
		var out bytes.Buffer
		out.Grow(len(b) + bytes.MinRead)
		_, _ = out.ReadFrom(quotedprintable.NewReader(bytes.NewReader(b)))
		return out.Bytes()
	}
	return b
}

// decodeBase64 decodes base64 that is broken into lines, skipping anything that is not a
// base64 character and stopping at padding, with a single allocation: runs of base64
// characters (the lines) are decoded straight into the output.
func decodeBase64(b []byte) []byte {
	out := make([]byte, 0, len(b)/4*3+3)
	var carry [4]byte
	nc := 0
	enc := base64.StdEncoding
	for pos := 0; pos < len(b); {
		start := pos
		for pos < len(b) && isBase64(b[pos]) {
			pos++
		}
		run := b[start:pos]
		for nc > 0 && nc < 4 && len(run) > 0 {
			carry[nc] = run[0]
			nc++
			run = run[1:]
		}
		if nc == 4 {
			n, _ := enc.Decode(out[len(out):len(out)+3], carry[:])
			out = out[:len(out)+n]
			nc = 0
		}
		whole := len(run) / 4 * 4
		if whole > 0 {
			n, _ := enc.Decode(out[len(out):len(out)+whole/4*3], run[:whole])
			out = out[:len(out)+n]
		}
		nc += copy(carry[nc:], run[whole:])
		if pos < len(b) && b[pos] == '=' {
			break
		}
		pos++
	}
	if nc >= 2 { // a lone sixth bit is noise; two or three characters carry bytes
		var tail [3]byte
		n, _ := base64.RawStdEncoding.Decode(tail[:], carry[:nc])
		out = append(out, tail[:n]...)
	}
	return out
}

func isBase64(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
}
