package outlookmsg

import (
	"bytes"
	"strings"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// built is one converted message (the file's own, or an attached one).
type built struct {
	bytes     []byte
	delivered bool
	received  int
	added     []string
	bodies    []string
	signed    bool
	dkim      bool
	subject   string
}

// message converts the message whose properties are p. depth is 0 for the file's own
// message and grows with each attached email.
func (c *converter) message(p *props, depth int) (*built, error) {
	out := &built{}

	// The RTF is read first: its \ansicpg names the code page of 8-bit strings when the
	// message does not say (PR_MESSAGE_CODEPAGE).
	var rtf []byte
	rtfOK := false
	if comp := p.binary(pidRTFCompressed); len(comp) > 0 {
		if r, err := decompressRTFMax(comp, c.r.rtfBudget); err == nil {
			c.r.rtfBudget -= int64(len(r))
			rtf, rtfOK = r, true
		} else {
			c.losef("the formatted version of the text (RTF), which is damaged")
		}
	}
	if _, ok := p.int32(pidMessageCodepage); !ok {
		if cp := rtfAnsiCodepage(rtf); cp > 0 && knownCodepage(cp) {
			p.codepage = cp
		} else if cp, ok := p.int32(pidInternetCPID); ok && cp > 0 {
			p.codepage = windowsFamily(int(cp))
		}
	}

	facts := c.facts(p)
	out.subject = facts.subject

	// Header.
	var head []byte
	if th := p.string(pidTransportHeaders); strings.TrimSpace(th) != "" {
		raw, h := transportHeader(th)
		if h.Has("Received") || h.Has("From") || h.Has("Date") || h.Has("Message-ID") || h.Has("Subject") {
			out.delivered = true
			var buf bytes.Buffer
			for _, f := range h.Fields {
				if structureFields[strings.ToLower(f.Name)] {
					continue
				}
				if strings.EqualFold(f.Name, "Received") {
					out.received++
				}
				if strings.EqualFold(f.Name, "DKIM-Signature") {
					out.dkim = true
				}
				writeField(&buf, raw[f.Start:f.End])
			}
			// Fill in what the kept header lacks (a draft's header saved by another
			// program can have no From or To) from Outlook's own record.
			missing := func(k string) bool {
				switch k {
				case "To", "Cc", "Bcc":
					return !h.Has("To") && !h.Has("Cc") && !h.Has("Bcc")
				case "In-Reply-To", "References":
					return false
				}
				return !h.Has(k)
			}
			extra, added := builtFields(facts, missing)
			if len(extra) > 0 {
				buf.Write(extra)
			}
			out.added = dedupe(added)
			head = buf.Bytes()
		}
	}
	if !out.delivered {
		head, _ = builtFields(facts, func(string) bool { return true })
	}
	if facts.senderLost {
		whose := "the sender's email address"
		if depth > 0 {
			whose = "the email address of the sender of an attached email"
		}
		c.losef("%s, which Outlook kept only as a name in the sender's company directory (Exchange), "+
			"so it could not be recovered (the rebuilt email names the sender, with no address)", whose)
	}

	// Body.
	class := strings.ToLower(p.string(pidMessageClass))
	atts, err := c.attachments(p, depth)
	if err != nil {
		return nil, err
	}
	var entity []byte
	if strings.HasPrefix(class, "ipm.note.smime") {
		entity = c.signedEntity(atts)
		if entity != nil {
			out.signed = true
			out.bodies = []string{"the signed or encrypted message as it was sent"}
		}
	}
	if entity == nil {
		root, bodies, err := c.body(p, rtf, rtfOK, atts)
		if err != nil {
			return nil, err
		}
		out.bodies = bodies
		seq := 0
		entity, err = root.render(&seq)
		if err != nil {
			return nil, damaged("the email in it could not be put together")
		}
		entity = append([]byte("MIME-Version: 1.0\r\n"), entity...)
	}
	if p.err != nil {
		return nil, p.err
	}

	msg := make([]byte, 0, len(head)+len(entity))
	msg = append(msg, head...)
	msg = append(msg, entity...)
	out.bytes = msg
	return out, nil
}

// facts gathers what the header needs from the properties.
func (c *converter) facts(p *props) *messageFacts {
	f := &messageFacts{}
	f.subject, f.hasSubject = p.str(pidSubject)
	f.subject = strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, f.subject)
	f.messageID = p.string(pidInternetMessageID)
	f.inReplyTo = p.string(pidInReplyTo)
	f.references = p.string(pidReferences)
	for _, id := range []uint16{pidClientSubmitTime, pidDeliveryTime, pidCreationTime} {
		if t, ok := p.time(id); ok {
			f.date = t
			break
		}
	}
	f.recips = c.recipients(p)

	// The sender: the SMTP address when Outlook kept one; an Exchange address (EX) is
	// looked up among the recipients, who may carry its SMTP form.
	resolve := func(name, smtp, email, addrType string) *person {
		addr := internetAddress(smtp, email, addrType)
		if addr == "" && email != "" {
			for _, r := range c.lastRecipsRaw {
				if strings.EqualFold(r.email, email) && mailmsg.PlausibleAddress(r.smtp) {
					addr = r.smtp
					break
				}
			}
		}
		if addr == "" {
			return nil
		}
		return &person{name: name, addr: addr}
	}
	f.from = resolve(p.string(pidSenderName), p.string(pidSenderSMTPAddress),
		p.string(pidSenderEmail), p.string(pidSenderAddrType))
	if f.from == nil {
		f.from = resolve(p.string(pidSentRepName), p.string(pidSentRepSMTPAddress),
			p.string(pidSentRepEmail), p.string(pidSentRepAddrType))
	}
	if f.from == nil {
		f.from = exchangeOnly(p.string(pidSenderName), p.string(pidSenderEmail))
	}
	if f.from == nil {
		f.from = exchangeOnly(p.string(pidSentRepName), p.string(pidSentRepEmail))
	}
	return f
}

// recipients reads the recipient storages of a message.
func (c *converter) recipients(p *props) []person {
	c.lastRecipsRaw = c.lastRecipsRaw[:0]
	var out []person
	for i, st := range substorages(p.st, recipPrefix) {
		if i >= MaxAttachments {
			break
		}
		rp, err := loadProps(c.r, st, headerSub, p.codepage)
		if err != nil {
			p.note(err)
			return out
		}
		kind, _ := rp.int32(pidRecipientType)
		name := rp.string(pidDisplayName)
		email := rp.string(pidEmailAddress)
		smtp := rp.string(pidSMTPAddress)
		addrType := rp.string(pidAddrType)
		p.note(rp.err)
		c.lastRecipsRaw = append(c.lastRecipsRaw, rawRecip{email: email, smtp: smtp})
		addr := internetAddress(smtp, email, addrType)
		k := int(kind & 0x0FFFFFFF)
		if kind < 0 && k == 0 {
			k = 1
		}
		if k < 1 || k > 3 || kind&0x10000000 != 0 {
			continue
		}
		if addr == "" {
			if name != "" {
				c.losef("the address of a recipient Outlook kept by name only (%s)", name)
			}
			continue
		}
		out = append(out, person{name: name, addr: addr, kind: k})
	}
	return out
}

type rawRecip struct{ email, smtp string }

// internetAddress is the SMTP address Outlook kept (PR_SMTP_ADDRESS and its kin), else the
// email address when its type is SMTP, else "".
func internetAddress(smtp, email, addrType string) string {
	if mailmsg.PlausibleAddress(smtp) {
		return smtp
	}
	if mailmsg.PlausibleAddress(email) && (addrType == "" || strings.EqualFold(addrType, "SMTP")) {
		return email
	}
	return ""
}

// exchangeOnly is a sender Outlook knows only as an Exchange directory entry: a display
// name and an X.500 name, no internet address anywhere in the file (mail between mailboxes
// of one Exchange organisation). The name is still who sent it, so the From keeps it and
// the conversion says the address was lost. A name without an Exchange entry is an unsent
// draft's owner: no From was ever written for it, so none is made up.
func exchangeOnly(name, email string) *person {
	dn := strings.TrimSpace(email)
	if !mailmsg.IsX500(dn) {
		return nil
	}
	if strings.HasPrefix(mailmsg.LowerASCII(dn), "ex:") {
		dn = dn[3:]
	}
	dn = mailmsg.OneLine(dn)
	if !isASCII(dn) {
		dn = "" // not an X.500 name Exchange writes; the name alone is kept
	}
	if strings.TrimSpace(name) == "" && dn == "" {
		return nil
	}
	return &person{name: name, dn: dn}
}

func dedupe(l []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range l {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// windowsFamily maps an Internet code page (PR_INTERNET_CPID) to the Windows code page
// that 8-bit strings in the same language are stored in.
func windowsFamily(cp int) int {
	switch cp {
	case 50220, 50221, 50222, 51932, 20932:
		return 932
	case 50225, 51949:
		return 949
	case 52936, 51936, 54936:
		return 936
	case 20127, 28591, 28605:
		return 1252
	case 28592:
		return 1250
	case 28595, 20866, 21866:
		return 1251
	case 28597:
		return 1253
	case 28599:
		return 1254
	case 28598, 38598:
		return 1255
	case 28596:
		return 1256
	case 28594, 28603:
		return 1257
	}
	return cp
}
