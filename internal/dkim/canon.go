package dkim

import (
	"bytes"
	"io"
)

// canonBody writes the canonical form of body (RFC 6376 §3.4.3 simple, §3.4.4 relaxed) to w.
// It never copies the body: unchanged stretches of lines are handed to w as sub-slices of
// body in one call, so hashing a large base64 attachment costs one pass over it. Lines may
// end in CRLF or, for files that lost their CRs, a bare LF; both count as a line end.
func canonBody(body []byte, relaxed bool, w io.Writer) {
	c := canonWriter{w: w, body: body}
	stop, _ := w.(interface{ done() bool })
	i := 0
	for i < len(body) {
		if stop != nil && stop.done() {
			return // the hashes wanted are all taken: the rest of the body is not needed
		}
		var line []byte
		next, crlf := len(body), false
		if j := bytes.IndexByte(body[i:], '\n'); j >= 0 {
			end := i + j
			next = end + 1
			if end > i && body[end-1] == '\r' {
				end--
				crlf = true
			}
			line = body[i:end]
		} else {
			line = body[i:]
		}
		unchanged := crlf
		if relaxed {
			line = trimWSPRight(line)
			unchanged = unchanged && len(line) == next-i-2 && !needsWSPCollapse(line)
		}
		if len(line) == 0 {
			// Possibly part of the trailing empty lines, which both algorithms drop.
			c.flush()
			c.blank++
		} else {
			c.emitBlank()
			if unchanged {
				c.extend(i, next)
			} else {
				c.flush()
				if relaxed {
					writeCollapsed(w, line)
				} else {
					w.Write(line)
				}
				w.Write(crlf2[:2])
				c.wrote = true
			}
		}
		i = next
	}
	c.flush()
	// §3.4.3: simple turns an empty body into a single CRLF; §3.4.4: relaxed leaves it empty.
	if !c.wrote && !relaxed {
		w.Write(crlf2[:2])
	}
}

var crlf2 = bytes.Repeat([]byte("\r\n"), 32)

type canonWriter struct {
	w          io.Writer
	body       []byte
	start, end int // pending stretch of body that is already canonical
	blank      int // empty lines held back until a non-empty line proves they are not trailing
	wrote      bool
}

func (c *canonWriter) extend(from, to int) {
	if c.end != from || c.start == c.end {
		c.flush()
		c.start = from
	}
	c.end = to
}

func (c *canonWriter) flush() {
	if c.end > c.start {
		c.w.Write(c.body[c.start:c.end])
		c.wrote = true
	}
	c.start, c.end = 0, 0
}

func (c *canonWriter) emitBlank() {
	if c.blank == 0 {
		return
	}
	c.flush()
	for c.blank > 0 {
		n := min(c.blank, len(crlf2)/2)
		c.w.Write(crlf2[:2*n])
		c.blank -= n
	}
	c.wrote = true
}

func isWSP(b byte) bool { return b == ' ' || b == '\t' }

func trimWSPRight(b []byte) []byte {
	for len(b) > 0 && isWSP(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// needsWSPCollapse reports whether relaxed canonicalisation would change a line that has no
// trailing whitespace: a tab, or two whitespace characters in a row.
func needsWSPCollapse(line []byte) bool {
	return bytes.IndexByte(line, '\t') >= 0 || bytes.Contains(line, []byte("  "))
}

// writeCollapsed writes line with every run of WSP reduced to one SP. The line has no
// trailing WSP.
func writeCollapsed(w io.Writer, line []byte) {
	start := 0
	for i := 0; i < len(line); i++ {
		if !isWSP(line[i]) {
			continue
		}
		j := i + 1
		for j < len(line) && isWSP(line[j]) {
			j++
		}
		w.Write(line[start:i])
		w.Write(space)
		start = j
		i = j - 1
	}
	w.Write(line[start:])
}

var space = []byte{' '}
