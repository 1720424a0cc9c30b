package outlookmsg

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// body builds the message body: the text forms Outlook kept (plain, HTML, rich text), the
// pictures the HTML shows, and the attachments.
func (c *converter) body(p *props, rtf []byte, rtfOK bool, atts []*attachment) (*part, []string, error) {
	var alts []*part
	var bodies []string

	plain, hasPlain := p.str(pidBody)
	kind := rtfNative
	if rtfOK {
		kind = rtfSourceKind(rtf)
	}

	// HTML: PR_HTML, or the HTML kept inside the RTF.
	var htmlPart *part
	var htmlText string // lower-cased, to find the pictures it shows
	switch {
	case p.has(pidHTML, ptBinary):
		raw := p.binary(pidHTML)
		cs := htmlCharset(raw, p)
		htmlPart = rawTextPart("text/html", cs, raw)
		htmlText = strings.ToLower(string(raw))
		bodies = append(bodies, "HTML")
	case p.has(pidHTML, ptUnicode) || p.has(pidHTML, ptString8):
		s := p.string(pidHTML)
		htmlPart = textPart("text/html", s)
		htmlText = strings.ToLower(s)
		bodies = append(bodies, "HTML")
	case rtfOK && kind == rtfFromHTML:
		s := rtfExtract(rtf, true)
		htmlPart = textPart("text/html", s)
		htmlText = strings.ToLower(s)
		bodies = append(bodies, "HTML recovered from Outlook's rich-text copy")
	}

	var rtfPart *part
	if rtfOK && kind == rtfNative && htmlPart == nil {
		rtfPart = rawTextPart("text/rtf", "", rtf)
		c.losef("the text's formatting (RTF), which most mail programs cannot show: it is attached as a separate part")
		if !hasPlain {
			plain, hasPlain = rtfExtract(rtf, false), true
		}
	}
	if !hasPlain && rtfOK && kind == rtfFromText {
		plain, hasPlain = rtfExtract(rtf, false), true
	}
	if hasPlain || (htmlPart == nil && rtfPart == nil) {
		alts = append(alts, textPart("text/plain", plain))
		bodies = append([]string{"plain text"}, bodies...)
	}
	if rtfPart != nil {
		alts = append(alts, rtfPart)
		bodies = append(bodies, "formatted text (RTF)")
	}
	if htmlPart != nil {
		alts = append(alts, htmlPart)
	}
	text := multipart("multipart/alternative", alts...)

	// Pictures the HTML shows by Content-ID (or by location) stay with it.
	var related, files []*part
	for _, a := range atts {
		if !a.embedded && htmlPart != nil && shownInHTML(a, htmlText) {
			related = append(related, a.filePart(true))
			c.res.Inline++
			continue
		}
		files = append(files, a.filePart(false))
		if !a.embedded {
			c.res.Attachments++
		}
	}
	if len(related) > 0 {
		text = multipart("multipart/related", append([]*part{text}, related...)...)
		if text.multi != "" {
			text.params = map[string]string{"type": contentTypeOf(text.children[0])}
		}
	}
	return multipart("multipart/mixed", append([]*part{text}, files...)...), bodies, nil
}

func contentTypeOf(p *part) string {
	if p.multi != "" {
		return p.multi
	}
	for _, f := range p.fields {
		if f.k == "Content-Type" {
			return mailmsg.ParseMediaType(f.v).Type
		}
	}
	return "text/plain"
}

func shownInHTML(a *attachment, html string) bool {
	if a.cid != "" && strings.Contains(html, "cid:"+strings.ToLower(a.cid)) {
		return true
	}
	if a.location != "" && strings.Contains(html, strings.ToLower(a.location)) {
		return true
	}
	return false
}

// textPart is a text body in UTF-8.
func textPart(mediaType, s string) *part {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return rawTextPart(mediaType, "utf-8", []byte(s))
}

// rawTextPart is a text body kept in its own charset (cs "" for none, as for RTF).
func rawTextPart(mediaType, cs string, b []byte) *part {
	params := map[string]string{}
	if cs != "" {
		params["charset"] = cs
	}
	cte, body := encodeText(b)
	if cte == "7bit" && cs == "utf-8" {
		params["charset"] = "us-ascii"
	}
	return leaf([]field{
		{"Content-Type", withParams(mediaType, params)},
		{"Content-Transfer-Encoding", cte},
	}, body)
}

var metaCharset = regexp.MustCompile(`(?i)<meta[^>]*charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)`)

// htmlCharset names the charset of PR_HTML bytes: the HTML's own declaration, else the
// message's Internet code page, else UTF-8 if they are, else Windows-1252.
func htmlCharset(raw []byte, p *props) string {
	head := raw[:min(len(raw), 4096)]
	if m := metaCharset.FindSubmatch(head); m != nil {
		if cp, ok := charsetCodepage(string(m[1])); ok {
			if cp == 65001 && !utf8.Valid(raw) {
				return "windows-1252"
			}
			return codepages[cp].charset
		}
	}
	if cp, ok := p.int32(pidInternetCPID); ok {
		if info, known := codepages[int(cp)]; known {
			if cp != 65001 || utf8.Valid(raw) {
				return info.charset
			}
		}
	}
	if utf8.Valid(raw) {
		return "utf-8"
	}
	if bytes.IndexByte(raw, 0x1B) >= 0 {
		return "iso-2022-jp"
	}
	return "windows-1252"
}
