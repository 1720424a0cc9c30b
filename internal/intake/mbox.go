package intake

import (
	"bufio"
	"bytes"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// A mailbox file (mbox) is messages one after another, each introduced by a "From " line.
// Thunderbird keeps its folders this way and Google Takeout exports them, so a file can be
// gigabytes: the index is built by reading the file once, line by line, and only the chosen
// message is ever held in memory.

// mboxMsg locates one message of a mailbox file.
type mboxMsg struct {
	start, end int64 // the message: after its "From " line, before the next one
	byLength   bool  // ended by its Content-Length header, so no "From " quoting to undo
	entry      MboxEntry
}

const (
	maxEnvelope  = 1000     // bytes of a "From " line we keep to judge it
	maxMboxHdr   = 64 << 10 // header bytes per message kept for the picker
	mboxLineKeep = 4096     // bytes of one line we look at; the rest of a long line is skipped
)

// mboxStart reports whether text opens like a mailbox file: a "From " line followed by a
// header field. A letter that starts "From the desk of…" does not.
func mboxStart(text []byte) bool {
	if !bytes.HasPrefix(text, []byte("From ")) {
		return false
	}
	_, next := lineAt(text, 0)
	if next >= len(text) {
		return false
	}
	end, _ := lineAt(text, next)
	return mailmsg.IsFieldLine(text[next:end])
}

// lineReader reads a file line by line, keeping at most mboxLineKeep bytes of each line and
// knowing the file offset of every line.
type lineReader struct {
	ra   io.ReaderAt
	size int64
	br   *bufio.Reader
	off  int64 // offset of the next unread byte
	long []byte
	err  error
}

func newLineReader(ra io.ReaderAt, off, size int64) *lineReader {
	lr := &lineReader{ra: ra, size: size}
	// A buffer longer than the file holds it whole, so it is never full and reads exactly as
	// the full size does; most mailboxes read are one small saved message.
	lr.br = bufio.NewReaderSize(io.NewSectionReader(ra, off, size-off), int(min(64<<10, size+1)))
	lr.off = off
	return lr
}

func (lr *lineReader) seek(off int64) {
	lr.br.Reset(io.NewSectionReader(lr.ra, off, lr.size-off))
	lr.off = off
}

// next returns the next line with its line end, its offset, and false at the end of the
// file or on a read error (kept in lr.err). The line is valid until the next call.
func (lr *lineReader) next() ([]byte, int64, bool) {
	start := lr.off
	b, err := lr.br.ReadSlice('\n')
	lr.off += int64(len(b))
	if err == bufio.ErrBufferFull {
		lr.long = append(lr.long[:0], b[:mboxLineKeep]...)
		for err == bufio.ErrBufferFull {
			b, err = lr.br.ReadSlice('\n')
			lr.off += int64(len(b))
		}
		b = lr.long
	}
	if err != nil && err != io.EOF {
		lr.err = err
		return nil, start, false
	}
	if lr.off == start {
		return nil, start, false
	}
	return b, start, true
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte{'\n'})
	return bytes.TrimSuffix(b, []byte{'\r'})
}

// envelopeLike reports whether a "From " line looks like the separator mail programs write
// ("From sender date", "From - date", Takeout's "From 1234@xxx date") rather than a sentence
// that happens to start with "From".
func envelopeLike(line []byte) bool {
	f := strings.Fields(string(line[len("From "):]))
	if len(f) == 0 {
		return false
	}
	sender := f[0]
	if sender != "-" && !strings.Contains(sender, "@") && !strings.EqualFold(sender, "MAILER-DAEMON") {
		return false
	}
	if len(f) == 1 {
		return true
	}
	for _, w := range f[1:] {
		if len(w) >= 5 && w[2] == ':' && isDigits(w[:2]) && isDigits(w[3:5]) {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// knownField reports whether a header line is one that opens messages in real mailboxes.
// A "From " line that does not look like a separator itself ("From Russia with love")
// only counts when a field like these follows it, not merely anything with a colon
// ("Year: 1963", from MimeKit's unmunged mailbox). Status is the flag field mbox
// programs write.
func knownField(line []byte) bool {
	name := string(bytes.TrimRight(line[:bytes.IndexByte(line, ':')], " \t"))
	return mailmsg.CommonField(name) || strings.EqualFold(name, "Status")
}

// indexMbox lists the messages of a mailbox file that starts at off with a "From " line.
//
// A "From " line separates messages when it follows an empty line (or starts the file), or
// looks like a real separator line, and the next line is a header field. The header check
// keeps "From Russia with love" in a body that a mail program did not quote (Thunderbird
// does not) from splitting a message in two. A Content-Length header (Solaris mailboxes,
// old Netscape folders) is believed when the count lands exactly on a "From " line or on
// the end of the file; then the body is not searched for separators at all.
func indexMbox(ra io.ReaderAt, off, size int64) ([]mboxMsg, error) {
	lr := newLineReader(ra, off, size)
	var (
		msgs     []mboxMsg
		inHeader bool
		hdr      []byte
		bodyOff  int64
		// A "From " line waits for the next line to say whether it separates messages.
		cand, candEnvelope bool
		candEnd, candCut   int64
		prevBlank          bool
		prevStart          int64
		// Content-Length brought us to a "From " line: it separates, no questions asked.
		jumped bool
	)
	open := func(start int64) {
		msgs = append(msgs, mboxMsg{start: start, end: size})
		inHeader, hdr, prevBlank, cand = true, hdr[:0], false, false
	}
	cur := func() *mboxMsg { return &msgs[len(msgs)-1] }
	finishHeader := func() {
		m := cur()
		h := mailmsg.ParseHeader(hdr)
		m.entry = pickerEntry(h)
		inHeader = false
		n, err := strconv.ParseInt(h.Get("Content-Length"), 10, 64)
		if err != nil || n < 0 || n > size-bodyOff {
			return
		}
		target := bodyOff + n
		skip := int64(0)
		if target < size {
			var peek [8]byte
			k, _ := ra.ReadAt(peek[:], target)
			p := peek[:k]
			switch {
			case bytes.HasPrefix(p, []byte("From ")):
			case bytes.HasPrefix(p, []byte("\nFrom ")):
				skip = 1
			case bytes.HasPrefix(p, []byte("\r\nFrom ")):
				skip = 2
			default:
				return
			}
			jumped = true
		}
		m.end, m.byLength = target, true
		lr.seek(target + skip)
	}

	first, _, ok := lr.next()
	if !ok || !bytes.HasPrefix(first, []byte("From ")) {
		return nil, lr.err
	}
	open(lr.off)
	for {
		line, start, ok := lr.next()
		if !ok {
			break
		}
		if jumped {
			jumped = false
			if bytes.HasPrefix(line, []byte("From ")) {
				open(lr.off)
				continue
			}
		}
		content := trimEOL(line)
		if cand {
			cand = false
			if mailmsg.IsFieldLine(content) && (candEnvelope || knownField(content)) {
				cur().end = max(candCut, cur().start)
				open(candEnd)
			}
		}
		if bytes.HasPrefix(content, []byte("From ")) && !mailmsg.IsFieldLine(content) &&
			(prevBlank && !inHeader || envelopeLike(content)) {
			cand, candEnd, candCut = true, lr.off, start
			candEnvelope = envelopeLike(content)
			if prevBlank {
				candCut = prevStart
			}
		}
		if inHeader {
			if len(content) == 0 {
				bodyOff = lr.off
				finishHeader()
				prevBlank, prevStart = true, start
				continue
			}
			if len(hdr)+len(line) <= maxMboxHdr {
				hdr = append(hdr, line...)
			}
			prevBlank = false
			continue
		}
		prevBlank, prevStart = len(content) == 0, start
	}
	if lr.err != nil {
		return nil, lr.err
	}
	if inHeader {
		// The file ended inside a header block: that message has no body.
		bodyOff = size
		finishHeader()
	}
	for i := range msgs {
		msgs[i].entry.Index = i + 1
		msgs[i].entry.Size = msgs[i].end - msgs[i].start
	}
	return msgs, nil
}

// maxShown caps a picker value: a subject longer than this is damage, and the picker
// shows one line.
const maxShown = 300

// pickerEntry is what the picker shows of a message, read as the result card reads it
// (mailmsg's Text, Addresses and ParseDate with the message's charset), so one message
// reads the same in both.
func pickerEntry(h *mailmsg.Header) MboxEntry {
	subject, _ := h.Text("Subject")
	return MboxEntry{
		From:    mailmsg.Shorten(pickerFrom(h), maxShown),
		Subject: mailmsg.Shorten(subject, maxShown),
		Date:    mailmsg.Shorten(pickerDate(h), maxShown),
	}
}

func pickerFrom(h *mailmsg.Header) string {
	if list, ok := h.Addresses("From"); ok {
		if s := mailmsg.FormatAddresses(list); s != "" {
			return s
		}
	}
	s, _ := h.Text("From")
	return s
}

// pickerDate is RFC 3339 when the Date field can be read, the field as written otherwise.
func pickerDate(h *mailmsg.Header) string {
	v := h.Get("Date")
	if v == "" {
		return ""
	}
	if d, ok := mailmsg.ParseDate(v); ok {
		return d.Time.Format(time.RFC3339)
	}
	s, _ := h.Text("Date")
	return s
}

// readMboxMsg reads one message out of the file and undoes the "From " quoting of mboxo and
// mboxrd mailboxes: a body line ">From " was "From ", ">>From " was ">From ". It returns
// how many lines it changed.
func readMboxMsg(ra io.ReaderAt, m mboxMsg) ([]byte, int, error) {
	buf := make([]byte, m.end-m.start)
	if _, err := ra.ReadAt(buf, m.start); err != nil && err != io.EOF {
		return nil, 0, err
	}
	if m.byLength || !bytes.Contains(buf, []byte(">From ")) {
		return buf, 0, nil
	}
	n := 0
	w := 0
	for r := 0; r < len(buf); {
		lineStart := r
		nl := bytes.IndexByte(buf[r:], '\n')
		end := len(buf)
		if nl >= 0 {
			end = r + nl + 1
		}
		line := buf[lineStart:end]
		if quotedFrom(line) {
			line = line[1:]
			n++
		}
		w += copy(buf[w:], line)
		r = end
	}
	return buf[:w], n, nil
}

func quotedFrom(line []byte) bool {
	i := 0
	for i < len(line) && line[i] == '>' {
		i++
	}
	return i > 0 && bytes.HasPrefix(line[i:], []byte("From "))
}
