package mailmsg

import "bytes"

// Every reader here splits lines at LF (CRLF and LF files, and a mix). Classic Mac OS mail
// programs and some archives end lines with a lone CR, which would read as one endless header
// line; such a file is turned into LF lines before reading. Only a file with no LF at all
// and a CR in it is changed: a lone CR inside a CRLF or LF file is content, not a line end.

// LoneCR reports whether raw ends its lines with a bare CR (and never with LF).
func LoneCR(raw []byte) bool {
	return bytes.IndexByte(raw, '\n') < 0 && bytes.IndexByte(raw, '\r') >= 0
}

// LFLines returns raw with lone-CR line ends turned into LF, or raw itself (not a copy) when
// its lines already end in LF or CRLF.
func LFLines(raw []byte) []byte {
	if !LoneCR(raw) {
		return raw
	}
	out := make([]byte, len(raw))
	for i, c := range raw {
		if c == '\r' {
			c = '\n'
		}
		out[i] = c
	}
	return out
}
