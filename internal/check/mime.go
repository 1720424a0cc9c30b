package check

import (
	"bytes"
	"mime"
	"strings"
)

// Limits that keep a hostile or broken message from costing more than a glance. Real mail
// stays far inside them.
const (
	maxDepth      = 50        // nested multiparts
	maxParts      = 2000      // parts in one message
	maxTextParts  = 16        // text parts decoded for the forward check
	maxTextBytes  = 256 << 10 // decoded text kept per part
	maxTotalText  = 4 << 20   // decoded text kept in all
	scanFactor    = 4         // boundary search budget, in multiples of the message size
	scanAllowance = 1 << 20
)

// textPart is a body text part the forward check reads. body is a sub-slice of the message,
// still transfer-encoded.
type textPart struct {
	html     bool
	charset  string
	encoding string
	body     []byte
}

// structure is what the walk learnt about a message.
type structure struct {
	topType      string // media type of the message itself
	reportType   string // report-type of a top-level multipart/report
	texts        []textPart
	rfc822       bool // holds a message/rfc822 (or message/global) part
	rfc822Header bool // holds a text/rfc822-headers part
	dsn          bool // holds a message/delivery-status part
	// What was wrong with the structure, if anything.
	noBoundary    bool // a multipart without a boundary parameter, or whose boundary never appears
	unclosed      bool // a multipart whose closing boundary is missing
	emptyMulti    bool // a multipart with an empty body
	tooComplex    bool // hit maxDepth, maxParts or the scan budget
	parts, budget int
}

// walkMIME reads the structure of the message whose header is h and body raw[h.body:].
// It never decodes anything: text parts are only located, and attachments are skipped by
// searching for the next boundary.
func walkMIME(raw []byte, h *header) *structure {
	s := &structure{budget: scanFactor*len(raw) + scanAllowance}
	ct, _ := h.get("Content-Type")
	cte, _ := h.get("Content-Transfer-Encoding")
	disp, _ := h.get("Content-Disposition")
	typ, params := mediaType(ct, "text/plain")
	s.topType, s.reportType = typ, strings.ToLower(params["report-type"])
	s.walk(ct, cte, disp, raw[h.body:], 0, "text/plain")
	return s
}

func (s *structure) walk(ct, cte, disp string, body []byte, depth int, defaultType string) {
	s.parts++
	if s.parts > maxParts || depth > maxDepth {
		s.tooComplex = true
		return
	}
	typ, params := mediaType(ct, defaultType)
	switch {
	case strings.HasPrefix(typ, "multipart/"):
		s.walkMultipart(typ, params, body, depth)
	case typ == "message/rfc822" || typ == "message/global":
		// A returned or attached message: noted, never searched for forward markers, since
		// what it quotes is not what the person is reporting.
		s.rfc822 = true
	case typ == "text/rfc822-headers" || typ == "message/global-headers":
		s.rfc822Header = true
	case typ == "message/delivery-status" || typ == "message/global-delivery-status":
		s.dsn = true
	case typ == "text/plain" || typ == "text/html":
		if isAttachment(disp, params) {
			return
		}
		if len(s.texts) >= maxTextParts {
			return
		}
		s.texts = append(s.texts, textPart{
			html:     typ == "text/html",
			charset:  strings.ToLower(strings.TrimSpace(params["charset"])),
			encoding: strings.ToLower(strings.TrimSpace(cte)),
			body:     body,
		})
	}
}

func (s *structure) walkMultipart(typ string, params map[string]string, body []byte, depth int) {
	boundary := params["boundary"]
	if len(bytes.TrimSpace(body)) == 0 {
		s.emptyMulti = true
		return
	}
	if boundary == "" {
		s.noBoundary = true
		return
	}
	s.budget -= len(body)
	if s.budget < 0 {
		s.tooComplex = true
		return
	}
	parts, found, closed := splitMultipart(body, boundary)
	if !found {
		s.noBoundary = true
		return
	}
	if !closed {
		s.unclosed = true
	}
	defaultType := "text/plain"
	if typ == "multipart/digest" {
		defaultType = "message/rfc822"
	}
	for _, p := range parts {
		ph := parseHeader(p)
		if ph.ranIntoText && len(ph.fields) == 0 {
			// No header at all: the part is body only (RFC 2046 allows an empty header).
			ph.body = 0
		}
		pct, _ := ph.get("Content-Type")
		pcte, _ := ph.get("Content-Transfer-Encoding")
		pdisp, _ := ph.get("Content-Disposition")
		s.walk(pct, pcte, pdisp, p[ph.body:], depth+1, defaultType)
		if s.tooComplex {
			return
		}
	}
}

// splitMultipart cuts a multipart body at its boundary lines (RFC 2046 §5.1.1): the
// delimiter must start a line and be followed only by white space, or by "--" for the close
// delimiter; a longer boundary that merely starts with ours is not a delimiter. found is
// false when no delimiter appears at all; closed is false when the close delimiter is
// missing, in which case the last part runs to the end.
func splitMultipart(body []byte, boundary string) (parts [][]byte, found, closed bool) {
	delim := []byte("--" + boundary)
	start := -1 // start of the current part's content
	pos := 0
	for pos < len(body) {
		k := bytes.Index(body[pos:], delim)
		if k < 0 {
			break
		}
		at := pos + k
		after := at + len(delim)
		pos = after
		if at > 0 && body[at-1] != '\n' {
			continue
		}
		isClose := bytes.HasPrefix(body[after:], []byte("--"))
		rest := after
		if isClose {
			rest += 2
		}
		eol := lineEnd(body, rest)
		if len(bytes.TrimSpace(body[rest:eol])) != 0 {
			continue // a different boundary that begins with ours
		}
		found = true
		if start >= 0 {
			end := at
			// The line break before the delimiter belongs to the delimiter.
			if end > start && body[end-1] == '\n' {
				end--
				if end > start && body[end-1] == '\r' {
					end--
				}
			}
			parts = append(parts, body[start:end])
		}
		if isClose {
			return parts, true, true
		}
		start = eol
		pos = eol
	}
	if start >= 0 && start <= len(body) {
		parts = append(parts, body[start:])
	}
	return parts, found, false
}

// mediaType parses a Content-Type value; a missing or unreadable type means def (RFC 2045
// §5.2).
func mediaType(v, def string) (string, map[string]string) {
	t, params := parseValue(v)
	if !strings.Contains(t, "/") {
		t = def
	}
	return t, params
}

// parseValue parses "token; name=value; …" leniently: mime.ParseMediaType refuses much of
// what real mail writes (unquoted specials in a boundary, duplicate or broken parameters),
// so on failure the token and the parameters are picked out by hand.
func parseValue(v string) (string, map[string]string) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", map[string]string{}
	}
	if t, params, err := mime.ParseMediaType(v); err == nil {
		return t, params
	}
	t, rest, _ := strings.Cut(v, ";")
	t = strings.ToLower(strings.TrimSpace(t))
	params := map[string]string{}
	for p := range strings.SplitSeq(rest, ";") {
		name, val, ok := strings.Cut(p, "=")
		if !ok {
			continue
		}
		name = strings.ToLower(strings.TrimSpace(name))
		val = strings.TrimSpace(val)
		if len(val) >= 2 && val[0] == '"' {
			if end := strings.IndexByte(val[1:], '"'); end >= 0 {
				val = val[1 : 1+end]
			} else {
				val = val[1:]
			}
		}
		if _, dup := params[name]; !dup && name != "" {
			params[name] = val
		}
	}
	return t, params
}

// isAttachment reports whether a text part is a file the sender attached rather than the
// message text itself.
func isAttachment(disp string, ctParams map[string]string) bool {
	d, dparams := parseValue(disp)
	if d == "attachment" {
		return true
	}
	return dparams["filename"] != "" || ctParams["name"] != "" && d != "inline"
}
