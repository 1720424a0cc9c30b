package mailmsg

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxParams caps the parameters read from one value.
const maxParams = 64

// MediaType is a parsed Content-Type or Content-Disposition value.
type MediaType struct {
	// Type is "type/subtype" in lower case for a Content-Type, the disposition ("inline",
	// "attachment") for a Content-Disposition, or "" when nothing readable leads the value.
	Type string
	// Params maps lower-case names to values as written, quotes removed, RFC 2231
	// continuations joined and charset'lang'value decoded. Never nil.
	Params map[string]string
	// Damaged: the value broke a rule (a duplicate or valueless parameter, a missing
	// semicolon, an unterminated quote, stray text) and was read past it.
	Damaged bool
	// Warning is UnknownCharset when an RFC 2231 value named a charset not in the table.
	Warning Warning
}

// Or returns m, with def as its type when its type is not a "type/subtype" (RFC 2045 §5.2:
// a missing or unreadable Content-Type means text/plain; in a multipart/digest,
// message/rfc822, RFC 2046 §5.1.5).
func (m MediaType) Or(def string) MediaType {
	if !strings.Contains(m.Type, "/") {
		m.Type = def
	}
	return m
}

// ParseMediaType reads a Content-Type or Content-Disposition value the way mail programs
// write it. It never fails: a readable type is kept whatever follows it.
//
// QUIRK: mime.ParseMediaType (and so go-message's) returns an error, and loses the
// parameters, on what RFC 2045 §5.1 forbids but real files hold: Apple Mail's
// "filename*1=x.xls x-unix-mode=0666" (no semicolon), Netscape's "multipart/mixed;;",
// repeated parameters, unquoted specials in a boundary; and it drops RFC 2231 values in any
// charset but UTF-8 and US-ASCII.
func ParseMediaType(v string) MediaType {
	m := MediaType{Params: map[string]string{}}
	v = oneLineValue(v)
	v = strings.TrimLeft(v, " \t")
	i := strings.IndexAny(v, "; \t")
	if i < 0 {
		i = len(v)
	}
	m.Type = LowerASCII(strings.Trim(v[:i], `"`))
	if !validType(m.Type) {
		m.Type, m.Damaged = "", m.Type != ""
	}
	raw := map[string]string{}
	rest := v[i:]
	sawSemicolon := false
	for len(raw) < maxParams {
		trimmed := strings.TrimLeft(rest, " \t")
		if trimmed != "" && trimmed[0] == ';' {
			sawSemicolon = true
		}
		rest = strings.TrimLeft(trimmed, "; \t")
		if rest == "" {
			break
		}
		if !sawSemicolon {
			m.Damaged = true
		}
		sawSemicolon = false
		eq := strings.IndexAny(rest, "=;")
		if eq < 0 || rest[eq] == ';' {
			// A word without a value ("inline" repeated, stray text): skip it.
			m.Damaged = true
			if eq < 0 {
				break
			}
			rest = rest[eq:]
			continue
		}
		key := LowerASCII(strings.TrimSpace(rest[:eq]))
		if sp := strings.LastIndexAny(key, " \t"); sp >= 0 {
			key, m.Damaged = key[sp+1:], true // "garbage key=value": the key is next to the '='
		}
		rest = strings.TrimLeft(rest[eq+1:], " \t")
		var val string
		if strings.HasPrefix(rest, `"`) {
			var ok bool
			val, rest, ok = quoted(rest)
			m.Damaged = m.Damaged || !ok
		} else {
			val, rest = unquotedValue(rest)
		}
		if key == "" {
			m.Damaged = true
			continue
		}
		if _, dup := raw[key]; dup {
			m.Damaged = true
			continue
		}
		raw[key] = val
	}
	m.Warning = joinRFC2231(raw, m.Params)
	return m
}

// oneLineValue turns line ends into spaces and invalid UTF-8 into U+FFFD (as strings.Map
// does); most values are valid and on one line already, and come back as they are.
func oneLineValue(v string) string {
	if !strings.ContainsAny(v, "\r\n") && utf8.ValidString(v) {
		return v
	}
	return strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, v)
}

// unquotedValue reads a token value: up to the next ';', or up to white space that is
// followed by another "name=" (the missing-semicolon case). A value with a space and no
// '=' after it ("boundary=abc def", which RFC 2045 forbids) is kept whole, as readers do.
func unquotedValue(s string) (string, string) {
	end := strings.IndexByte(s, ';')
	if end < 0 {
		end = len(s)
	}
	val := s[:end]
	for j := 0; j < len(val); j++ {
		if val[j] != ' ' && val[j] != '\t' {
			continue
		}
		k := j + skipWS([]byte(val[j:]))
		word := val[k:]
		if e := strings.IndexByte(word, '='); e > 0 && !strings.ContainsAny(word[:e], " \t\"") {
			return strings.TrimRight(val[:j], " \t"), s[j:]
		}
	}
	return strings.TrimRight(val, " \t"), s[end:]
}

// quoted reads a quoted string starting at s[0] == '"' (RFC 5322 §3.2.4, backslash escapes
// a character). An unterminated string runs to the end, as a person would read it.
func quoted(s string) (val, rest string, ok bool) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case '"':
			return b.String(), s[i+1:], true
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String(), "", false
}

func validType(t string) bool {
	slash := strings.IndexByte(t, '/')
	if slash <= 0 || slash == len(t)-1 {
		return t != "" && isToken(t) // a disposition: "inline", "attachment"
	}
	return isToken(t[:slash]) && isToken(t[slash+1:])
}

// isToken: RFC 2045 §5.1 token characters.
func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`()<>@,;:\"/[]?=`, c) >= 0 {
			return false
		}
	}
	return s != ""
}

// joinRFC2231 joins name*0, name*1… continuations and decodes name*=charset'lang'value
// (RFC 2231 §3, §4) into out. A decoded parameter wins over a plain one of the same name.
func joinRFC2231(raw, out map[string]string) Warning {
	type piece struct {
		n       int
		val     string
		encoded bool
	}
	parts := map[string][]piece{}
	for k, v := range raw {
		star := strings.IndexByte(k, '*')
		if star < 0 {
			out[k] = v
			continue
		}
		name, suffix := k[:star], k[star+1:]
		encoded := strings.HasSuffix(suffix, "*")
		suffix = strings.TrimSuffix(suffix, "*")
		if name == "" {
			continue
		}
		if suffix == "" { // "name*=": one encoded value
			parts[name] = append(parts[name], piece{n: 0, val: v, encoded: true})
			continue
		}
		n, err := strconv.Atoi(suffix)
		if err != nil || n < 0 || n > maxParams {
			continue
		}
		parts[name] = append(parts[name], piece{n: n, val: v, encoded: encoded})
	}
	var warn Warning
	for name, ps := range parts {
		sort.Slice(ps, func(i, j int) bool { return ps[i].n < ps[j].n })
		cs := ""
		var b []byte
		for i, p := range ps {
			val := p.val
			if p.encoded {
				if i == 0 {
					if q := strings.SplitN(val, "'", 3); len(q) == 3 {
						cs, val = q[0], q[2]
					}
				}
				b = percentDecode(b, val)
			} else {
				b = append(b, val...)
			}
		}
		text, w := DecodeCharset(b, cs, 4096)
		warn |= w
		out[name] = text
	}
	return warn
}

// percentDecode appends s with %XX escapes undone; a '%' without two hex digits stays.
func percentDecode(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && unhex(s[i+1]) >= 0 && unhex(s[i+2]) >= 0 {
			dst = append(dst, byte(unhex(s[i+1])<<4|unhex(s[i+2])))
			i += 2
			continue
		}
		dst = append(dst, s[i])
	}
	return dst
}
