package intake

import (
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/emersion/go-message/charset"
)

// maxParams caps the parameters read from one Content-Type or Content-Disposition value.
const maxParams = 64

// parseMediaType reads a Content-Type or Content-Disposition value the way mail programs
// write it rather than the way RFC 2045 says they should. mime.ParseMediaType gives up on
// what real files contain: Apple Mail's "filename*1=x.xls x-unix-mode=0666" (no semicolon),
// Netscape's "multipart/mixed;;", parameters repeated. This reader keeps whatever it can.
// The media type comes back lower case; parameter names lower case; values as written,
// with RFC 2231 continuations joined and decoded.
func parseMediaType(v string) (string, map[string]string) {
	v = strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, v)
	i := strings.IndexAny(v, "; \t")
	mt := v
	if i >= 0 {
		mt = v[:i]
	} else {
		i = len(v)
	}
	mt = strings.ToLower(strings.TrimSpace(mt))
	raw := map[string]string{}
	rest := v[i:]
	for len(raw) < maxParams {
		rest = strings.TrimLeft(rest, "; \t")
		if rest == "" {
			break
		}
		eq := strings.IndexAny(rest, "=;")
		if eq < 0 || rest[eq] == ';' {
			// A word without a value ("inline" repeated, stray text): skip it.
			if eq < 0 {
				break
			}
			rest = rest[eq:]
			continue
		}
		key := strings.ToLower(strings.TrimSpace(rest[:eq]))
		if sp := strings.LastIndexAny(key, " \t"); sp >= 0 {
			key = key[sp+1:] // "garbage key=value": keep the key next to the '='
		}
		rest = strings.TrimLeft(rest[eq+1:], " \t")
		var val string
		if strings.HasPrefix(rest, `"`) {
			val, rest = quoted(rest)
		} else {
			end := strings.IndexAny(rest, "; \t")
			if end < 0 {
				end = len(rest)
			}
			val, rest = rest[:end], rest[end:]
		}
		if key == "" {
			continue
		}
		if _, dup := raw[key]; !dup {
			raw[key] = val
		}
	}
	return mt, joinRFC2231(raw)
}

// quoted reads a quoted string starting at s[0] == '"'. An unterminated string runs to the
// end, which is what a person reading the header would assume.
func quoted(s string) (string, string) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case '"':
			return b.String(), s[i+1:]
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String(), ""
}

// joinRFC2231 joins name*0, name*1… continuations and decodes name*=charset'lang'value
// (RFC 2231 sections 3 and 4). A decoded parameter wins over a plain one of the same name.
func joinRFC2231(raw map[string]string) map[string]string {
	out := make(map[string]string, len(raw))
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
	for name, ps := range parts {
		sort.Slice(ps, func(i, j int) bool { return ps[i].n < ps[j].n })
		cs := ""
		var b strings.Builder
		for i, p := range ps {
			val := p.val
			if p.encoded {
				if i == 0 {
					if q := strings.SplitN(val, "'", 3); len(q) == 3 {
						cs, val = q[0], q[2]
					}
				}
				if u, err := url.PathUnescape(val); err == nil {
					val = u
				}
			}
			b.WriteString(val)
		}
		out[name] = toUTF8(cs, b.String())
	}
	return out
}

// toUTF8 converts s from charset cs; unknown charsets leave s as it is.
func toUTF8(cs, s string) string {
	cs = strings.ToLower(strings.TrimSpace(cs))
	if cs == "" || cs == "utf-8" || cs == "us-ascii" || cs == "utf8" {
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	r, err := charset.Reader(cs, strings.NewReader(s))
	if err != nil {
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	b, err := io.ReadAll(io.LimitReader(r, 4096))
	if err != nil {
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	return string(b)
}
