package send

import (
	"bufio"
	"bytes"
)

// writeStuffed writes msg as SMTP DATA content (RFC 5321 §4.5.2: a line that starts with "."
// gets one more) straight into the connection's buffered writer, in bulk. textproto's
// dot-writer does the same a byte at a time, which was a third of the time of sending a
// 10 MB report. progress is called after each chunk with the bytes of msg written so far.
//
// Only for messages whose every line ends in CRLF (canBulkStuff); the dot-writer, which also
// repairs bare line ends, stays for anything else.
func writeStuffed(w *bufio.Writer, msg []byte, progress func(done int)) error {
	done := 0
	put := func(b []byte) error { // b in chunks, with progress counted against msg
		for len(b) > 0 {
			n := min(chunk, len(b))
			if _, err := w.Write(b[:n]); err != nil {
				return err
			}
			b, done = b[n:], done+n
			if progress != nil {
				progress(done)
			}
		}
		return nil
	}
	if len(msg) > 0 && msg[0] == '.' {
		if err := w.WriteByte('.'); err != nil {
			return err
		}
	}
	for rest := msg; len(rest) > 0; {
		i := bytes.Index(rest, crlfDot)
		if i < 0 {
			return put(rest)
		}
		// Up to and including the CRLF, then the extra dot for the line that follows.
		if err := put(rest[:i+2]); err != nil {
			return err
		}
		if err := w.WriteByte('.'); err != nil {
			return err
		}
		rest = rest[i+2:]
	}
	return nil
}

var crlfDot = []byte("\r\n.")

// canBulkStuff reports whether every line of msg ends in CRLF (no bare CR or LF), including
// the last, so that bulk stuffing sends exactly what the dot-writer would.
func canBulkStuff(msg []byte) bool {
	return bytes.HasSuffix(msg, []byte("\r\n")) &&
		bytes.Count(msg, []byte("\n")) == bytes.Count(msg, []byte("\r\n")) &&
		bytes.Count(msg, []byte("\r")) == bytes.Count(msg, []byte("\r\n"))
}
