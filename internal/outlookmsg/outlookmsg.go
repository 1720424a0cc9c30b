// Package outlookmsg converts an Outlook .msg file (a compound file holding MAPI properties,
// MS-OXMSG) into the best RFC 822 message that can be made from it, and says what could not
// be kept.
//
// A delivered message keeps its header as it arrived (PR_TRANSPORT_MESSAGE_HEADERS), every
// Received line in order; only the old MIME structure lines are dropped, because the body
// is rebuilt from the bodies and attachments Outlook stored: plain text, HTML (also when it
// is only kept inside RTF), real rich text as a text/rtf part, attachments, inline pictures
// and attached emails (recursively). A message that was never transported (a draft, a copy
// from Sent Items) gets a header built from its properties, and Result.Delivered is false.
//
// The converter reads untrusted files: every size is checked against the file's own size
// before anything is allocated, nesting is bounded, and damage is an error, never a panic.
package outlookmsg

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits.
const (
	// MaxAttachments is the most attachments (and recipients) one message may hold (MS-OXMSG).
	MaxAttachments = 2048
	// MaxDepth is how deeply attached emails are followed.
	MaxDepth = 8
	// maxParts bounds the attachments of all levels together.
	maxParts = 4 * MaxAttachments
)

// Result is a converted message.
type Result struct {
	// Message is the rebuilt RFC 822 message, CRLF line ends.
	Message []byte
	// Delivered is true when Outlook kept the header the message arrived with. Without it
	// the header was built from Outlook's properties: the message is not a delivered copy.
	Delivered bool
	// Class is the item's message class, e.g. "IPM.Note".
	Class string

	// What was rebuilt, for telling the user.
	Received    int      // Received lines kept from the delivery header
	Bodies      []string // "plain text", "HTML", "formatted text (RTF)"
	Attachments int      // attached files (all levels)
	Inline      int      // pictures shown inside the text
	Embedded    int      // attached emails (all levels)
	Signed      bool     // a signed or encrypted message kept as it was signed
	// DKIMSigned: the kept delivery header carries DKIM signatures, which cannot match the
	// rebuilt body (only a signed message kept whole can still match).
	DKIMSigned bool
	// Added names header lines that the saved delivery header lacked and that were filled
	// in from Outlook's own record (e.g. "Date").
	Added []string

	// Lost says, in plain words, what could not be kept (or was kept only in another form).
	Lost []string
}

// Convert turns the bytes of an Outlook .msg file into an RFC 822 message. Errors:
// ErrNotCFB (not a compound file), *ErrNotMessage (a contact, appointment, … — not an
// email) and a *DamagedError, for which errors.Is(err, ErrDamaged) holds.
func Convert(data []byte) (*Result, error) {
	r, err := safeOpen(data)
	if err != nil {
		return nil, err
	}
	if _, ok := r.root.streams["__properties_version1.0"]; !ok && !hasSubstg(r.root) {
		return nil, damaged("it holds no Outlook properties")
	}
	c := &converter{r: r, res: &Result{}}
	root, err := loadProps(r, r.root, headerTop, 0)
	if err != nil {
		return nil, err
	}
	class, ok := root.str(pidMessageClass)
	if root.err != nil {
		return nil, root.err
	}
	if !ok {
		// Every Outlook item records what kind of item it is (MS-OXCMSG 2.2.1.3).
		return nil, damaged("it does not say what kind of Outlook item it holds")
	}
	c.res.Class = class
	if !IsMailClass(class) {
		return nil, &ErrNotMessage{Class: class}
	}
	msg, err := c.message(root, 0)
	if err != nil {
		return nil, err
	}
	if c.moreLost > 0 {
		c.res.Lost = append(c.res.Lost, fmt.Sprintf("%d more things like those", c.moreLost))
	}
	c.res.Message = msg.bytes
	c.res.Delivered = msg.delivered
	c.res.Received = msg.received
	c.res.Added = msg.added
	c.res.Bodies = msg.bodies
	c.res.Signed = msg.signed
	c.res.DKIMSigned = msg.dkim
	return c.res, nil
}

// safeOpen reads the compound file's directory. mscfb trusts what the file says in places;
// a crafted file must come back as damage, not take the program down.
func safeOpen(data []byte) (r *reader, err error) {
	defer func() {
		if p := recover(); p != nil {
			r, err = nil, damaged("its table of contents is broken")
		}
	}()
	return openCFB(data)
}

func hasSubstg(st *storage) bool {
	for name := range st.streams {
		if strings.HasPrefix(name, "__substg1.0_") {
			return true
		}
	}
	return false
}

// IsMailClass reports whether a message class is an email (IPM.Note and its variants,
// reports, meeting requests, …) rather than a contact, appointment, note or task.
func IsMailClass(class string) bool {
	c := strings.ToLower(strings.TrimSpace(class))
	for _, k := range itemKinds {
		if c == k.prefix || strings.HasPrefix(c, k.prefix+".") {
			return false
		}
	}
	return true
}

type converter struct {
	r        *reader
	res      *Result
	parts    int // attachments of all levels so far
	lost     map[string]bool
	moreLost int // things lost beyond maxLost

	lastRecipsRaw []rawRecip // the recipients last read, for resolving an Exchange sender
}

// maxLost is how many things lost are named one by one; the rest are counted.
const maxLost = 20

func (c *converter) losef(format string, a ...any) {
	for i, v := range a {
		if s, ok := v.(string); ok {
			a[i] = printable(s)
		}
	}
	s := fmt.Sprintf(format, a...)
	if c.lost == nil {
		c.lost = map[string]bool{}
	}
	if c.lost[s] {
		return
	}
	c.lost[s] = true
	if len(c.res.Lost) < maxLost {
		c.res.Lost = append(c.res.Lost, s)
	} else {
		c.moreLost++
	}
}

// printable keeps a name from the file fit to show: no control characters, not too long.
func printable(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError || r == 0x202E || r == 0x202D {
			return -1
		}
		return r
	}, s)
	if len(s) > 80 {
		cut := 80
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// substorages lists the recipient or attachment storages of a message in index order.
func substorages(st *storage, prefix string) []*storage {
	type ix struct {
		n  int
		st *storage
	}
	var l []ix
	for _, name := range st.order {
		if n, ok := subIndex(name, prefix); ok {
			l = append(l, ix{n, st.children[name]})
		}
	}
	sort.SliceStable(l, func(i, j int) bool { return l[i].n < l[j].n })
	out := make([]*storage, len(l))
	for i := range l {
		out[i] = l[i].st
	}
	return out
}

const (
	recipPrefix  = "__recip_version1.0_#"
	attachPrefix = "__attach_version1.0_#"
)

// toCRLF turns every line end (LF, CR or CRLF) into CRLF.
func toCRLF(b []byte) []byte {
	if !bytes.ContainsAny(b, "\r\n") {
		return b
	}
	out := make([]byte, 0, len(b)+len(b)/32)
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case '\r':
			out = append(out, '\r', '\n')
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
		case '\n':
			out = append(out, '\r', '\n')
		default:
			out = append(out, c)
		}
	}
	return out
}
