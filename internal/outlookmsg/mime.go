package outlookmsg

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime/quotedprintable"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/textproto"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// part is one MIME entity of the rebuilt message: a leaf with its encoded body, or a
// multipart with children. Boundaries are chosen when the tree is written, so that none
// occurs inside what it separates.
type part struct {
	fields   []field // header fields in order (Content-Type is set when written for multiparts)
	body     []byte  // encoded body (leaves)
	multi    string  // "multipart/mixed" etc.; "" for a leaf
	params   map[string]string
	children []*part
}

type field struct{ k, v string }

func leaf(fields []field, body []byte) *part { return &part{fields: fields, body: body} }

func multipart(kind string, children ...*part) *part {
	if len(children) == 1 {
		return children[0]
	}
	return &part{multi: kind, children: children}
}

// header builds a go-message header from fields (go-message writes the last added first).
func header(fields []field) message.Header {
	var h message.Header
	for i := len(fields) - 1; i >= 0; i-- {
		h.Add(fields[i].k, fields[i].v)
	}
	return h
}

// contentType formats a Content-Type (or Content-Disposition) value with parameters;
// non-ASCII parameter values are encoded as go-message does.
func withParams(kind string, params map[string]string) string {
	var h message.Header
	h.SetContentType(kind, params)
	return h.Get("Content-Type")
}

// render writes a part: its header, an empty line and its body. seq numbers boundaries.
func (p *part) render(seq *int) ([]byte, error) {
	h, body, err := p.build(seq)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := textproto.WriteHeader(&buf, h); err != nil {
		return nil, err
	}
	buf.Write(body)
	return buf.Bytes(), nil
}

// build returns a part's header and encoded body.
func (p *part) build(seq *int) (textproto.Header, []byte, error) {
	if p.multi == "" {
		return header(p.fields).Header, p.body, nil
	}
	type built struct {
		h    textproto.Header
		body []byte
	}
	kids := make([]built, len(p.children))
	sum := sha256.New()
	for i, c := range p.children {
		h, body, err := c.build(seq)
		if err != nil {
			return textproto.Header{}, nil, err
		}
		kids[i] = built{h, body}
		sum.Write(body)
	}
	digest := hex.EncodeToString(sum.Sum(nil))[:12]
	var boundary string
	for try := 0; ; try++ {
		*seq++
		boundary = fmt.Sprintf("=_reportmail_%d_%s", *seq, digest)
		clash := false
		for _, k := range kids {
			var hb bytes.Buffer
			textproto.WriteHeader(&hb, k.h)
			if bytes.Contains(k.body, []byte(boundary)) || bytes.Contains(hb.Bytes(), []byte(boundary)) {
				clash = true
				break
			}
		}
		if !clash || try > 100 {
			break
		}
	}
	params := map[string]string{"boundary": boundary}
	for k, v := range p.params {
		params[k] = v
	}
	fields := append([]field{{"Content-Type", withParams(p.multi, params)}}, p.fields...)
	var buf bytes.Buffer
	mw := textproto.NewMultipartWriter(&buf)
	if err := mw.SetBoundary(boundary); err != nil {
		return textproto.Header{}, nil, err
	}
	for _, k := range kids {
		w, err := mw.CreatePart(k.h)
		if err != nil {
			return textproto.Header{}, nil, err
		}
		if _, err := w.Write(k.body); err != nil {
			return textproto.Header{}, nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return textproto.Header{}, nil, err
	}
	return header(fields).Header, buf.Bytes(), nil
}

// Body encodings.

// encodeText picks the transfer encoding for text: 7bit when it already is, quoted-printable
// for mostly-ASCII text, base64 for text in other scripts. Line ends become CRLF.
func encodeText(b []byte) (cte string, body []byte) {
	b = toCRLF(b)
	if mailmsg.SevenBitClean(b) {
		return "7bit", b
	}
	high := 0
	for _, c := range b {
		if c >= 0x80 {
			high++
		}
	}
	if high*3 > len(b) {
		return "base64", encodeBase64(b)
	}
	var buf bytes.Buffer
	w := quotedprintable.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return "quoted-printable", buf.Bytes()
}

func encodeBase64(b []byte) []byte {
	enc := base64.StdEncoding.EncodeToString(b)
	out := make([]byte, 0, len(enc)+len(enc)/76*2+2)
	for len(enc) > 76 {
		out = append(out, enc[:76]...)
		out = append(out, '\r', '\n')
		enc = enc[76:]
	}
	out = append(out, enc...)
	if len(enc) > 0 {
		out = append(out, '\r', '\n')
	}
	return out
}
