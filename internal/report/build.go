package report

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/reportmail/reportmail/internal/fault"
	"github.com/reportmail/reportmail/internal/mailmsg"
	"github.com/reportmail/reportmail/internal/samplezip"
)

// File names the desk sees.
const (
	originalName = "original.eml"
	noticeName   = "rejection-notice.eml"
	zipName      = "virus-sample.zip"
)

// Build makes the report: a plain-text summary, then the original attached byte for byte as
// message/rfc822 (or zipped with a password for a virus), then any .msg and rejection
// notice. The MIME is written by hand so that every byte is ours to vouch for: go-message's
// 7bit/8bit writer rewraps long lines and rewrites line ends, and whichever library wrote
// it, the 8bit-or-fallback decision would still have to be made here. A panic inside is a
// bug and comes back as an error for which errors.Is(err, fault.ErrInternal) holds.
func Build(o Options) (_ *Report, err error) {
	defer fault.Recover("report", &err)
	if !o.Kind.Valid() {
		return nil, fmt.Errorf("%w: %q", ErrKind, string(o.Kind))
	}
	fromHeader, from, err := address("From", o.From, ErrFrom)
	if err != nil {
		return nil, err
	}
	toHeader, to, err := address("To", o.To, ErrTo)
	if err != nil {
		return nil, err
	}
	if len(o.Original) == 0 {
		return nil, ErrNoOriginal
	}
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	r := &Report{Kind: o.Kind, EnvelopeFrom: from, EnvelopeTo: to, AttachedSHA256: hexSHA(o.Original)}
	r.Subject = subjectFor(prefixFor(&o), o.Summary.Subject)
	s := &summary{o: &o, from: from, subject: mailmsg.OneLine(o.Summary.Subject), sha: r.AttachedSHA256}

	var attachments []part
	if o.Kind == Virus {
		p, err := virusPart(&o, r, s, now)
		if err != nil {
			return nil, err
		}
		attachments = append(attachments, p)
	} else {
		attachments = originalParts(&o, r, s)
	}

	text := textPart(s.text())
	parts := append([]part{text}, attachments...)
	for _, p := range parts {
		r.EightBit = r.EightBit || p.cte == "8bit"
	}

	r.MessageID = "<" + strings.ToLower(rand.Text()) + "@" + strings.ToLower(from[strings.LastIndexByte(from, '@')+1:]) + ">"
	head := []string{
		fromHeader,
		toHeader,
		unstructured("Subject", r.Subject),
		"Date: " + now.Format(time.RFC1123Z),
		"Message-ID: " + r.MessageID,
		"MIME-Version: 1.0",
		unstructured("X-Mailer", appName(&o)),
	}
	if r.EightBit {
		// RFC 2045 6.4: a multipart holding 8bit parts is itself 8bit.
		head = append(head, "Content-Transfer-Encoding: 8bit")
	}
	r.Bytes = assemble(head, parts)
	return r, nil
}

// originalParts attaches the original as it is, then the .msg and the rejection notice.
func originalParts(o *Options, r *Report, s *summary) []part {
	p, why := messagePart(o.Original, originalName, o.EightBit)
	if why != mailmsg.Travels {
		r.Fallback, r.FallbackReason, s.fallback = true, holdWhy(why), holdWhy(why)
	}
	s.attachedAs = describe(p, len(o.Original))
	parts := []part{p}
	if len(o.MsgSource) > 0 {
		name := msgName(o.MsgName)
		parts = append(parts, base64Part("application/vnd.ms-outlook", name, o.MsgSource))
		s.also = append(s.also, "Also attached: the Outlook file this message was converted from, so that nothing is lost in conversion: "+name+".")
	}
	if len(o.RejectionNotice) > 0 {
		p, why := messagePart(o.RejectionNotice, noticeName, o.EightBit)
		r.NoticeFallback = why != mailmsg.Travels
		parts = append(parts, p)
		also := "Also attached: the rejection notice the sender received, as " + describe(p, len(o.RejectionNotice)) + "."
		if why != mailmsg.Travels {
			also += " It is in base64 as application/octet-stream instead of message/rfc822, because " + holdWhy(why) + "."
		}
		s.also = append(s.also, also)
	}
	return parts
}

// virusPart zips the original (with the .msg and the rejection notice, which may carry the
// same virus) and fills in what the summary says about the zip.
func virusPart(o *Options, r *Report, s *summary, now time.Time) (part, error) {
	password := o.ZipPassword
	if password == "" {
		password = samplezip.DefaultPassword
	}
	method := o.ZipEncryption
	if method == "" {
		method = samplezip.ZipCrypto
	}
	entryName := samplezip.SafeName(o.Summary.Subject)
	entries := []samplezip.Entry{{Name: entryName, Data: o.Original}}
	s.inZip = []string{fmt.Sprintf("%s (the message, %d bytes)", entryName, len(o.Original))}
	if len(o.MsgSource) > 0 {
		entries = append(entries, samplezip.Entry{Name: msgName(o.MsgName), Data: o.MsgSource})
		s.inZip = append(s.inZip, msgName(o.MsgName)+" (the Outlook file the message was converted from)")
	}
	if len(o.RejectionNotice) > 0 {
		entries = append(entries, samplezip.Entry{Name: noticeName, Data: o.RejectionNotice})
		s.inZip = append(s.inZip, noticeName+" (the rejection notice the sender received)")
	}
	zip, err := samplezip.Archive(entries, password, method, now)
	if err != nil {
		return part{}, err
	}
	r.Password, r.Encryption, r.ZipSHA256 = password, method, hexSHA(zip)
	s.zipName, s.zipSHA, s.password, s.zipSize = zipName, r.ZipSHA256, password, len(zip)
	s.method = methodInfo{method.String(), method.Opens()}
	return base64Part("application/zip", zipName, zip), nil
}

func msgName(name string) string {
	if strings.TrimSpace(name) == "" {
		return "original.msg"
	}
	return samplezip.SafeFileName(name, ".msg")
}

func describe(p part, size int) string {
	if p.cte == "base64" {
		return fmt.Sprintf("%s (%d bytes, application/octet-stream)", p.name, size)
	}
	return fmt.Sprintf("%s (%d bytes, message/rfc822, %s)", p.name, size, p.cte)
}

func hexSHA(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
