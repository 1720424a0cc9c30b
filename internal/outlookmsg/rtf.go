package outlookmsg

import (
	"strings"
	"unicode/utf8"
)

// RTF bodies: Outlook keeps an HTML or plain-text body inside RTF (MS-OXRTFEX) when it
// stores the RTF form only. \fromhtml1 marks encapsulated HTML: {\*\htmltag …} groups carry
// the markup, text outside them is the HTML's text, and anything between \htmlrtf and
// \htmlrtf0 exists only for RTF readers. \fromtext marks encapsulated plain text.

type rtfKind int

const (
	rtfNative rtfKind = iota // real rich text
	rtfFromHTML
	rtfFromText
)

// rtfSourceKind reads the RTF header (the control words before the first group).
func rtfSourceKind(rtf []byte) rtfKind {
	t := rtfTokenizer{b: rtf}
	depth := 0
	for n := 0; n < 64; n++ {
		tok := t.next()
		switch tok.kind {
		case tokEOF:
			return rtfNative
		case tokOpen:
			depth++
			if depth > 1 {
				return rtfNative
			}
		case tokClose:
			return rtfNative
		case tokWord:
			switch tok.word {
			case "fromhtml":
				return rtfFromHTML
			case "fromtext":
				return rtfFromText
			}
		case tokText:
			return rtfNative
		}
	}
	return rtfNative
}

// rtfAnsiCodepage returns the \ansicpg of an RTF document, or 0.
func rtfAnsiCodepage(rtf []byte) int {
	t := rtfTokenizer{b: rtf}
	for n := 0; n < 64; n++ {
		tok := t.next()
		switch tok.kind {
		case tokEOF, tokText:
			return 0
		case tokWord:
			if tok.word == "ansicpg" && tok.hasParam {
				return tok.param
			}
		}
	}
	return 0
}

type tokKind int

const (
	tokEOF tokKind = iota
	tokOpen
	tokClose
	tokWord   // \word[N]
	tokSymbol // \x for a non-letter x
	tokHex    // \'hh
	tokText   // one plain byte
)

type rtfToken struct {
	kind     tokKind
	word     string
	param    int
	hasParam bool
	b        byte // tokSymbol, tokHex, tokText
}

type rtfTokenizer struct {
	b []byte
	i int
}

func (t *rtfTokenizer) next() rtfToken {
	for t.i < len(t.b) {
		c := t.b[t.i]
		t.i++
		switch c {
		case '{':
			return rtfToken{kind: tokOpen}
		case '}':
			return rtfToken{kind: tokClose}
		case '\r', '\n':
			continue // line ends in RTF source carry no meaning
		case '\\':
			return t.control()
		default:
			return rtfToken{kind: tokText, b: c}
		}
	}
	return rtfToken{kind: tokEOF}
}

func (t *rtfTokenizer) control() rtfToken {
	if t.i >= len(t.b) {
		return rtfToken{kind: tokEOF}
	}
	c := t.b[t.i]
	if !isLetter(c) {
		t.i++
		if c == '\'' {
			if t.i+2 <= len(t.b) {
				h, ok1 := unhex(t.b[t.i])
				l, ok2 := unhex(t.b[t.i+1])
				if ok1 && ok2 {
					t.i += 2
					return rtfToken{kind: tokHex, b: h<<4 | l}
				}
			}
			return rtfToken{kind: tokSymbol, b: '\''}
		}
		if c == '\r' || c == '\n' {
			return rtfToken{kind: tokWord, word: "par"} // "\<newline>" is a paragraph
		}
		return rtfToken{kind: tokSymbol, b: c}
	}
	start := t.i
	for t.i < len(t.b) && isLetter(t.b[t.i]) && t.i-start < 32 {
		t.i++
	}
	tok := rtfToken{kind: tokWord, word: string(t.b[start:t.i])}
	neg := false
	if t.i < len(t.b) && t.b[t.i] == '-' && t.i+1 < len(t.b) && isDigit(t.b[t.i+1]) {
		neg = true
		t.i++
	}
	digits := 0
	for t.i < len(t.b) && isDigit(t.b[t.i]) {
		if digits < 10 {
			tok.param = tok.param*10 + int(t.b[t.i]-'0')
		}
		digits++
		t.i++
	}
	if digits > 0 {
		tok.hasParam = true
		if neg {
			tok.param = -tok.param
		}
	}
	if t.i < len(t.b) && t.b[t.i] == ' ' {
		t.i++ // the delimiting space belongs to the control word
	}
	return tok
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// Destinations whose text is never part of the body.
var rtfSkipDest = map[string]bool{
	"fonttbl": true, "colortbl": true, "stylesheet": true, "info": true, "pict": true,
	"object": true, "header": true, "footer": true, "headerl": true, "headerr": true,
	"headerf": true, "footerl": true, "footerr": true, "footerf": true, "listtable": true,
	"listoverridetable": true, "revtbl": true, "rsidtbl": true, "generator": true,
	"xmlnstbl": true, "themedata": true, "colorschememapping": true, "latentstyles": true,
	"datastore": true, "filetbl": true, "pgdsctbl": true, "fldinst": true, "footnote": true,
	"annotation": true, "atnid": true, "atnauthor": true, "bkmkstart": true, "bkmkend": true,
	"objdata": true, "result": false, "userprops": true, "docvar": true, "template": true,
	"private": true, "nonshppict": true, "shppict": false, "listtext": false, "pntext": false,
	"pntxta": true, "pntxtb": true, "mmathPr": true, "wgrffmtfilter": true, "ftnsep": true,
	"ftnsepc": true, "aftnsep": true, "aftnsepc": true, "comment": true, "title": true,
	"subject": true, "author": true, "operator": true, "keywords": true, "doccomm": true,
}

// Windows charset numbers (\fcharsetN) to code pages.
var fontCharsetCodepage = map[int]int{
	77: 10000, 128: 932, 129: 949, 130: 949, 134: 936, 136: 950, 161: 1253, 162: 1254,
	163: 1258, 177: 1255, 178: 1256, 186: 1257, 204: 1251, 222: 874, 238: 1250, 254: 437,
	255: 850,
}

type rtfState struct {
	skip    bool // inside a destination that is not body text
	htmltag bool // inside {\*\htmltag…}
	htmlrtf bool // between \htmlrtf and \htmlrtf0
	font    int
	uc      int // characters to skip after \uN
	fonttbl bool
}

// rtfLimits bound the work on one RTF document.
const (
	maxRTFDepth  = 512
	maxRTFOutput = 64 << 20
)

// rtfExtract reads the body out of an RTF document. With html set it de-encapsulates HTML
// (htmltag groups are copied); otherwise it returns the text that is neither RTF-only nor
// markup, which for \fromtext documents is the original plain text and for rich text is a
// plain rendering.
func rtfExtract(rtf []byte, html bool) string {
	t := rtfTokenizer{b: rtf}
	var out strings.Builder
	var pending []byte // \'hh bytes waiting to be decoded together (multi-byte code pages)
	ansi := 1252
	fontCP := map[int]int{}
	st := rtfState{uc: 1}
	var stack []rtfState
	skipChars := 0 // fallback characters still to skip after \uN
	curFontDef := -1
	groupStart := false // the previous token opened a group
	starred := false    // the group began with \*

	cp := func() int {
		if !st.htmltag {
			if c, ok := fontCP[st.font]; ok {
				return c
			}
		}
		return ansi
	}
	emitting := func() bool {
		if st.skip || st.fonttbl {
			return false
		}
		if st.htmltag {
			return html
		}
		return !st.htmlrtf
	}
	flush := func() {
		if len(pending) > 0 {
			out.WriteString(decodeCodepage(pending, cp()))
			pending = pending[:0]
		}
	}
	emit := func(s string) {
		flush()
		out.WriteString(s)
	}

	for out.Len() < maxRTFOutput {
		tok := t.next()
		opened := groupStart
		groupStart = false
		switch tok.kind {
		case tokEOF:
			flush()
			return out.String()
		case tokOpen:
			flush()
			if len(stack) >= maxRTFDepth {
				return out.String()
			}
			stack = append(stack, st)
			groupStart, starred = true, false
			continue
		case tokClose:
			flush()
			if len(stack) == 0 {
				return out.String()
			}
			st = stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			skipChars = 0
			continue
		}

		// A group's first control word may make it a destination.
		if opened || starred {
			if tok.kind == tokSymbol && tok.b == '*' {
				starred = true
				groupStart = true
				continue
			}
			if tok.kind == tokWord {
				wasStarred := starred
				starred = false
				switch {
				case tok.word == "htmltag":
					st.htmltag = true
					continue
				case tok.word == "fonttbl":
					st.fonttbl = true
					continue
				case rtfSkipDest[tok.word] || wasStarred:
					st.skip = true
					continue
				}
			}
			starred = false
		}

		if st.fonttbl {
			if tok.kind == tokWord {
				switch tok.word {
				case "f":
					curFontDef = tok.param
				case "fcharset":
					if c, ok := fontCharsetCodepage[tok.param]; ok && curFontDef >= 0 {
						fontCP[curFontDef] = c
					}
				}
			}
			continue
		}

		switch tok.kind {
		case tokWord:
			switch tok.word {
			case "ansicpg":
				if tok.hasParam && knownCodepage(tok.param) {
					ansi = tok.param
				}
			case "htmlrtf":
				flush()
				st.htmlrtf = !tok.hasParam || tok.param != 0
			case "f":
				flush()
				st.font = tok.param
			case "uc":
				if tok.param >= 0 && tok.param < 10 {
					st.uc = tok.param
				}
			case "u":
				if emitting() {
					r := rune(tok.param)
					if r < 0 {
						r += 65536
					}
					if !utf8.ValidRune(r) {
						r = utf8.RuneError
					}
					emit(string(r))
				}
				skipChars = st.uc
			case "par", "line":
				if emitting() {
					emit("\r\n")
				}
			case "tab":
				if emitting() {
					emit("\t")
				}
			case "lquote":
				if emitting() {
					emit("\u2018")
				}
			case "rquote":
				if emitting() {
					emit("\u2019")
				}
			case "ldblquote":
				if emitting() {
					emit("\u201C")
				}
			case "rdblquote":
				if emitting() {
					emit("\u201D")
				}
			case "bullet":
				if emitting() {
					emit("\u2022")
				}
			case "endash":
				if emitting() {
					emit("\u2013")
				}
			case "emdash":
				if emitting() {
					emit("\u2014")
				}
			case "bin":
				if tok.param > 0 {
					t.i = min(len(t.b), t.i+tok.param)
				}
			}
		case tokSymbol:
			if skipChars > 0 {
				skipChars--
				continue
			}
			if !emitting() {
				continue
			}
			switch tok.b {
			case '\\', '{', '}':
				emit(string(rune(tok.b)))
			case '~':
				emit("\u00A0")
			case '_':
				emit("\u2011")
			}
		case tokHex:
			if skipChars > 0 {
				skipChars--
				continue
			}
			if emitting() {
				pending = append(pending, tok.b)
			}
		case tokText:
			if skipChars > 0 {
				skipChars--
				continue
			}
			if emitting() {
				if tok.b < 0x80 {
					emit(string(rune(tok.b)))
				} else {
					pending = append(pending, tok.b)
				}
			}
		}
	}
	flush()
	return out.String()
}
