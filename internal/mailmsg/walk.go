package mailmsg

import (
	"bytes"
	"strconv"
)

// The walk is a boundary scan over bytes already held: it never decodes a part it is not
// asked to, so a 25 MB attachment costs one pass of bytes.Index.
//
// QUIRK: go-message's Walk and multipart reader have no depth or part limit, do not cap part
// headers, stop at the first malformed part header, and hand out readers rather than
// offsets; RFC 2046 §5.1.1 delimiters are found here instead.

// Limits bound a walk. Zero fields take the defaults.
type Limits struct {
	MaxDepth int // nested multiparts and messages; default 50
	MaxParts int // parts visited; default 10000
	// MaxScan bounds the bytes searched for boundaries, all multiparts together (a
	// multipart nested n deep is searched n times); default 4 × the input + 1 MiB.
	MaxScan int
}

// Limit names the limit a walk hit.
type Limit uint8

const (
	NoLimit Limit = iota
	DepthLimit
	PartsLimit
	ScanLimit
)

// Problem is what was wrong with one multipart's structure.
type Problem uint8

const (
	NoBoundary     Problem = 1 << iota // multipart without a boundary parameter
	BoundaryAbsent                     // the boundary never appears as a delimiter line
	Unclosed                           // the close delimiter is missing; the last part ran to the end
	EmptyMultipart                     // a multipart with an empty body
)

// Part is one entity: the whole message (Depth 0) or a part inside it.
type Part struct {
	Header *Header // offsets in Header are into Buf
	Type   MediaType
	// Encoding is the transfer encoding as TransferEncoding reads it; EncodingKnown false
	// for an encoding it does not know.
	Encoding      string
	EncodingKnown bool
	Depth         int
	// Path numbers the part as IMAP does ("1", "2.1"); "" for the whole message.
	Path string
	// Start and End bound the entity (header and body), BodyStart is where its body
	// starts; all are offsets into Buf.
	Start, BodyStart, End int
	// Buf holds the entity: the input given to Walk, except inside a message/rfc822 part
	// that was transfer-encoded (RFC 2046 §5.2.1 forbids it, senders do it anyway), whose
	// decoded bytes the walk descended into. InOriginal is false there.
	Buf        []byte
	InOriginal bool
	// Problems of this part when it is a multipart.
	Problems Problem
}

// Body is the part's body, still transfer-encoded: a sub-slice of Buf.
func (p *Part) Body() []byte { return p.Buf[p.BodyStart:p.End] }

// Decoded is the body with its transfer encoding undone, at most limit bytes (<= 0: all).
func (p *Part) Decoded(limit int) []byte { return Decode(p.Body(), p.Encoding, limit) }

// Multipart reports whether the part is a multipart/*.
func (p *Part) Multipart() bool { return len(p.Type.Type) > 10 && p.Type.Type[:10] == "multipart/" }

// Message reports whether the part holds a whole message (message/rfc822, message/global).
func (p *Part) Message() bool {
	return p.Type.Type == "message/rfc822" || p.Type.Type == "message/global"
}

// Disposition is the part's Content-Disposition.
func (p *Part) Disposition() MediaType { return ParseMediaType(p.Header.Get("Content-Disposition")) }

// Action tells the walk what to do after visiting a part.
type Action uint8

const (
	Continue   Action = iota // into a multipart's parts; not into an attached message
	Descend                  // also into an attached message's own header and parts
	SkipInside               // not into this part's parts
	Stop                     // end the walk
)

// WalkResult says how a walk ended.
type WalkResult struct {
	Parts    int     // parts visited
	Limit    Limit   // the limit hit, if any; parts past it were not visited
	Problems Problem // every multipart's problems together
}

// Walk visits the entity in raw (a whole message, header first) and the parts inside it,
// depth first, in order. visit may be nil (the walk then only counts and checks structure).
func Walk(raw []byte, lim Limits, visit func(*Part) Action) WalkResult {
	return WalkHeader(raw, ParseHeader(raw), lim, visit)
}

// WalkHeader is Walk for a message whose header the caller has already read from raw (with
// its own HeaderOptions): the walk starts from h instead of reading the header again.
func WalkHeader(raw []byte, h *Header, lim Limits, visit func(*Part) Action) WalkResult {
	if lim.MaxDepth <= 0 {
		lim.MaxDepth = 50
	}
	if lim.MaxParts <= 0 {
		lim.MaxParts = 10000
	}
	if lim.MaxScan <= 0 {
		lim.MaxScan = 4*len(raw) + 1<<20
	}
	w := &walker{lim: lim, visit: visit, budget: lim.MaxScan}
	w.entity(raw, true, h, 0, len(raw), 0, "", "text/plain")
	return w.res
}

type walker struct {
	lim    Limits
	visit  func(*Part) Action
	budget int
	res    WalkResult
	stop   bool
}

func (w *walker) entity(buf []byte, orig bool, h *Header, start, end, depth int, path, def string) {
	if w.stop {
		return
	}
	if depth > w.lim.MaxDepth {
		w.res.Limit, w.stop = DepthLimit, true
		return
	}
	if w.res.Parts >= w.lim.MaxParts {
		w.res.Limit, w.stop = PartsLimit, true
		return
	}
	w.res.Parts++
	p := &Part{Header: h, Type: ParseMediaType(h.Get("Content-Type")).Or(def), Depth: depth, Path: path,
		Start: start, BodyStart: h.Body, End: end, Buf: buf, InOriginal: orig}
	if p.BodyStart > end {
		p.BodyStart = end
	}
	p.Encoding, p.EncodingKnown = TransferEncoding(h.Get("Content-Transfer-Encoding"))
	var parts [][2]int
	if p.Multipart() {
		parts = w.split(p)
		w.res.Problems |= p.Problems
	}
	act := Continue
	if w.visit != nil {
		act = w.visit(p)
	}
	switch {
	case act == Stop || w.stop:
		w.stop = true
	case act == SkipInside:
	case p.Multipart():
		childDef := "text/plain"
		if p.Type.Type == "multipart/digest" {
			childDef = "message/rfc822"
		}
		for i, r := range parts {
			ph := ParseHeaderWith(buf[r[0]:r[1]], HeaderOptions{Part: true})
			shift(ph, r[0])
			w.entity(buf, orig, ph, r[0], r[1], depth+1, childPath(path, i+1), childDef)
			if w.stop {
				return
			}
		}
	case act == Descend && p.Message():
		inner, inOrig, off := buf, orig, p.BodyStart
		if p.Encoding == Base64 || p.Encoding == QuotedPrintable {
			inner, inOrig, off = p.Decoded(0), false, 0
			end = len(inner)
		}
		ih := ParseHeader(inner[off:end])
		shift(ih, off)
		w.entity(inner, inOrig, ih, off, end, depth+1, childPath(path, 1), "text/plain")
	}
}

func childPath(parent string, n int) string {
	s := strconv.Itoa(n)
	if parent == "" {
		return s
	}
	return parent + "." + s
}

// shift moves a header read from a sub-slice to offsets in the whole buffer.
func shift(h *Header, by int) {
	if by == 0 {
		return
	}
	for i := range h.Fields {
		h.Fields[i].Start += by
		h.Fields[i].End += by
	}
	for i := range h.Damage {
		h.Damage[i].Start += by
		h.Damage[i].End += by
	}
	h.Start += by
	h.End += by
	h.Body += by
}

// split cuts a multipart's body at its delimiter lines (RFC 2046 §5.1.1): a delimiter
// starts a line and is followed only by white space, or by "--" for the close delimiter;
// a longer boundary that merely starts with ours is not one. The line break before a
// delimiter belongs to the delimiter, so a part ends before it. A missing close delimiter
// ends the last part at the end of the entity, as mail programs read it.
func (w *walker) split(p *Part) [][2]int {
	body := p.Buf[p.BodyStart:p.End]
	boundary := p.Type.Params["boundary"]
	switch {
	case len(bytes.TrimSpace(body)) == 0:
		p.Problems |= EmptyMultipart
		return nil
	case boundary == "":
		p.Problems |= NoBoundary
		return nil
	}
	w.budget -= len(body)
	if w.budget < 0 {
		w.res.Limit, w.stop = ScanLimit, true
		return nil
	}
	delim := []byte("--" + boundary)
	var parts [][2]int
	found := false
	start, pos := -1, 0
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
		closing := bytes.HasPrefix(body[after:], []byte("--"))
		rest := after
		if closing {
			rest += 2
		}
		eol, next := lineAt(body, rest)
		if len(bytes.TrimSpace(body[rest:eol])) != 0 {
			continue // a different boundary that begins with ours
		}
		found = true
		if start >= 0 {
			e := at
			if e > start && body[e-1] == '\n' {
				e--
				if e > start && body[e-1] == '\r' {
					e--
				}
			}
			parts = append(parts, [2]int{p.BodyStart + start, p.BodyStart + e})
		}
		if closing {
			return parts
		}
		start, pos = next, next
	}
	if !found {
		p.Problems |= BoundaryAbsent
		return nil
	}
	p.Problems |= Unclosed
	if start >= 0 && start <= len(body) {
		parts = append(parts, [2]int{p.BodyStart + start, p.End})
	}
	return parts
}
