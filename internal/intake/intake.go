package intake

import (
	"bytes"
	"io"
	"strings"

	"github.com/reportmail/reportmail/internal/fault"
	"github.com/reportmail/reportmail/internal/mailmsg"
	"github.com/reportmail/reportmail/internal/notice"
	"github.com/reportmail/reportmail/internal/safefile"
)

const (
	// MaxMessageSize is the largest single message intake reads. Mail servers refuse far
	// smaller messages (Microsoft 365 and Gmail stop at 150 MB and 25 MB on the wire), so a
	// bigger file is not a message as it arrived. Mailbox files are exempt: they are read
	// one message at a time.
	MaxMessageSize = 100 << 20

	// sniffSize is how much of a file is enough to tell what it is.
	sniffSize = 64 << 10
)

// Open reads the file at path and turns it into an Item. It returns an error only when the
// file cannot be read at all (*FileError, wrapping a *safefile.NotFileError for a folder,
// pipe or device) or Options.MboxIndex names a message the mailbox does not have
// (*MboxIndexError); anything else, including "this is not an email", is an Item with
// findings.
//
// Unlike Read, Open streams mailbox files (only the chosen message is loaded), refuses
// oversized files after reading only their start, and finds the attachments of an Apple
// Mail .partial.emlx in the Attachments folder next to it. A pipe or device is refused
// before anything can wait on it.
func Open(path string, opt Options) (*Item, error) {
	f, st, err := safefile.Open(path)
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	defer f.Close()
	size := st.Size()
	if size == 0 {
		// /proc and /sys files say 0 whatever they hold: read them (bounded) to know.
		return openUnsized(f, path, opt)
	}
	head := make([]byte, min(size, sniffSize))
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF {
		return nil, &FileError{Path: path, Err: err}
	}
	head = head[:n]
	it := &Item{Name: path}
	if off, ok := mboxOffset(head); ok {
		return mboxItem(it, f, int64(off), size, opt, nil)
	}
	if size > MaxMessageSize {
		return tooLarge(it, head, f, size), nil
	}
	data := make([]byte, size)
	copy(data, head)
	m, err := io.ReadFull(f, data[n:])
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, &FileError{Path: path, Err: err}
	}
	return fromBytes(it, data[:n+m], opt, path)
}

// Read turns the bytes of a file into an Item, as Open does for a file on disk. name is
// only reported back; it never decides the format. An Apple Mail .partial.emlx read this
// way cannot have its attachments put back (there is no folder to look in).
//
// Nothing is copied that need not be: Item.Raw (and Item.Source) may share memory with data,
// so data must not be changed afterwards. Its only error is a bug caught in the act: one for
// which errors.Is(err, fault.ErrInternal) holds.
func Read(name string, data []byte, opt Options) (*Item, error) {
	return fromBytes(&Item{Name: name}, data, opt, "")
}

// fromBytes recognises data and fills in it. path is the file's location on disk, or "".
// A panic in the readers below is a bug; it comes back as an error for which
// errors.Is(err, fault.ErrInternal) holds, never as a crash.
func fromBytes(it *Item, data []byte, opt Options, path string) (_ *Item, err error) {
	defer fault.Recover("intake", &err)
	if isBlankOnly(data) {
		return notEmail(it, emptyFile), nil
	}
	size := int64(len(data))
	ra := bytes.NewReader(data)
	head := data[:min(len(data), sniffSize)]
	if s := sniffContainer(head, ra, size); s.decided() {
		return containerItem(it, s, data), nil
	}
	if off, ok := mboxOffset(head); ok {
		return mboxItem(it, ra, int64(off), size, opt, nil)
	}
	if size > MaxMessageSize {
		return tooLarge(it, head, ra, size), nil
	}
	if e, ok := readEmlx(data, it.Name); ok {
		return emlxItem(it, e, path), nil
	}

	text, enc := decodeText(data)
	var steps, how []string
	switch enc {
	case utf8BOM:
		steps = append(steps, stepBOM)
		how = append(how, "with an invisible marker at the start")
	case utf16LE, utf16BE:
		steps = append(steps, stepUTF16())
		how = append(how, "saved as Unicode text")
	}
	if isBlankOnly(text) {
		return notEmail(it, emptyFile), nil
	}
	if mboxStart(text) {
		return mboxItem(it, bytes.NewReader(text), 0, int64(len(text)), opt, steps)
	}
	if s := sniffText(text); s.decided() {
		return notEmail(it, s), nil
	}
	body, lead := stripLeadingBlank(text)
	if !startsLikeMessage(body) && looksBinary(body) {
		return notEmail(it, binaryFile), nil
	}
	pasted := enc != plainBytes
	if lead > 0 {
		pasted = true
		steps = append(steps, stepLeading(lead))
		how = append(how, "with empty lines before it")
	}
	it.Format = EML
	if pasted {
		var trail int
		body, trail = stripLineEndSpace(body)
		if trail > 0 {
			steps = append(steps, stepTrailing(trail))
			how = append(how, "with spaces at line ends")
		}
		it.Format = TXT
		it.Findings = append(it.Findings, decodedTextFinding(strings.Join(how, ", ")))
	}
	it.Steps = append(it.Steps, steps...)
	finish(it, toCRLF(body))
	return it, nil
}

// mboxOffset reports whether a file opens as a mailbox, and where its first "From " line
// starts (after a byte order mark, which MimeKit's test mailboxes show editors leave).
func mboxOffset(head []byte) (int, bool) {
	off := 0
	if bytes.HasPrefix(head, bomUTF8) {
		off = len(bomUTF8)
	}
	return off, mboxStart(head[off:])
}

// startsLikeMessage reports whether b opens with a header field or a mailbox "From " line.
func startsLikeMessage(b []byte) bool {
	end, _ := lineAt(b, 0)
	line := b[:end]
	return mailmsg.IsFieldLine(line) || bytes.HasPrefix(line, []byte("From "))
}

func notEmail(it *Item, s sniffed) *Item {
	it.Format = Other
	it.NotEmail = s.what
	it.Raw = nil
	it.Findings = append(it.Findings, notEmailFinding(s))
	return it
}

// containerItem fills in an Item for a file recognised by its magic number. data is nil
// when the file was too big to read.
func containerItem(it *Item, s sniffed, data []byte) *Item {
	if !s.msg {
		return notEmail(it, s)
	}
	it.Format = MSG
	it.Source = data
	if s.msgItem != "" {
		it.NotEmail = s.msgItem
		it.Findings = append(it.Findings, notMailItemFinding(s.msgItem))
		return it
	}
	if data != nil {
		return msgItem(it, data)
	}
	return it
}

// tooLarge answers for a single-message file over MaxMessageSize from its first bytes only.
// A PDF or a picture that big is still named as what it is.
func tooLarge(it *Item, head []byte, ra io.ReaderAt, size int64) *Item {
	if s := sniffContainer(head, ra, size); s.decided() {
		containerItem(it, s, nil)
		if !s.msg {
			return it
		}
	} else if _, _, ok := emlxPayload(head); ok {
		it.Format, it.Stored = EMLX, true
	} else {
		text, enc := decodeText(head)
		if s := sniffText(text); s.decided() {
			return notEmail(it, s)
		}
		body, lead := stripLeadingBlank(text)
		if !startsLikeMessage(body) && looksBinary(body) {
			return notEmail(it, binaryFile)
		}
		it.Format = EML
		if enc != plainBytes || lead > 0 {
			it.Format = TXT
		}
	}
	it.Findings = append(it.Findings, tooLargeFinding("file", size))
	return it
}

// mboxItem indexes a mailbox file and takes the chosen message out of it.
func mboxItem(it *Item, ra io.ReaderAt, off, size int64, opt Options, steps []string) (_ *Item, err error) {
	defer fault.Recover("intake", &err) // as in fromBytes: Open streams mailboxes straight here
	if off > 0 {
		steps = append(steps, stepBOM)
	}
	msgs, err := indexMbox(ra, off, size)
	if err != nil {
		return nil, &FileError{Path: it.Name, Err: err}
	}
	n := len(msgs)
	if n == 0 {
		return notEmail(it, emptyFile), nil
	}
	k := opt.MboxIndex
	if k == 0 {
		k = 1
	}
	if k < 0 || k > n {
		return nil, &MboxIndexError{Index: opt.MboxIndex, Count: n}
	}
	m := msgs[k-1]
	it.Format = EML
	if n > 1 {
		it.Format = MBOX
		it.Mbox = make([]MboxEntry, n)
		for i := range msgs {
			it.Mbox[i] = msgs[i].entry
		}
		it.MboxIndex = k
		steps = append(steps, stepMboxPick(k, n))
		it.Findings = append(it.Findings, mboxFinding(n, k, opt.MboxIndex != 0))
	}
	steps = append(steps, stepFromLine)
	it.Stored = true
	if m.end-m.start > MaxMessageSize {
		it.Steps = append(it.Steps, steps...)
		it.Findings = append(it.Findings, tooLargeFinding("message", m.end-m.start))
		return it, nil
	}
	raw, unquoted, err := readMboxMsg(ra, m)
	if err != nil {
		return nil, &FileError{Path: it.Name, Err: err}
	}
	if unquoted > 0 {
		steps = append(steps, stepUnquote(unquoted))
	}
	it.Steps = append(it.Steps, steps...)
	finish(it, toCRLF(raw))
	return it, nil
}

// finish sets Raw, first taking the original out of any wrappers around it. A rejection
// notice ends the unwrapping: the message it returned whole is the original (what the
// sender sent, so nothing inside it is undone); without one the notice stays as it is.
func finish(it *Item, raw []byte) {
	outer := raw
	first, levels := notWrapped, 0
	for levels < maxUnwrap {
		if n := readNotice(raw); n != nil {
			it.Notice, it.NoticeRaw = n, raw
			inner := returnedOriginal(n)
			if inner == nil {
				break
			}
			if n.Kind != notice.KindFeedback {
				it.Steps = append(it.Steps, stepReturned)
				it.Findings = append(it.Findings, returnedFinding(n))
				if levels == 0 {
					it.Wrapper = outer
				}
				raw = inner
				break
			}
			// A feedback report is a wrapper like any other (spec/cli.md).
			if levels == 0 {
				first = wrapFeedback
			}
			it.Steps = append(it.Steps, stepUnwrap(wrapFeedback))
			raw = inner
			levels++
			break
		}
		inner, kind, fromLine := unwrapOnce(raw)
		if kind == notWrapped {
			break
		}
		if levels == 0 {
			first = kind
		}
		it.Steps = append(it.Steps, stepUnwrap(kind))
		if fromLine {
			it.Steps = append(it.Steps, stepFromLine)
			it.Stored = true
		}
		raw = inner
		levels++
	}
	if levels > 0 {
		it.Wrapper = outer
		it.Findings = append(it.Findings, unwrapFinding(first, levels))
	}
	if raw == nil {
		raw = []byte{}
	}
	it.Raw = raw
}
