package report

import (
	"fmt"
	"strings"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// summary is what the text part tells the desk. Technical names are fine here: the desk
// reads it, not the user.
type summary struct {
	o       *Options
	from    string // the reporter's bare address
	subject string // the original's subject, full
	// How the original travelled.
	attachedAs string // "original.eml (message/rfc822, 8bit, 1234 bytes)"
	sha        string
	fallback   string // non-empty: why the original went as application/octet-stream

	// Virus sample.
	zipName, zipSHA, password string
	method                    methodInfo
	zipSize                   int
	inZip                     []string

	also []string // further attachments, one line each
}

type methodInfo struct{ name, opens string }

func (s *summary) text() string {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	field := func(label, value string) {
		if value == "" {
			value = "(none)"
		}
		line("%-17s %s", label+":", value)
	}

	// para wraps a sentence to the 76 columns that keep the part readable as plain 7bit.
	para := func(indent, text string) { b.WriteString(wrap(indent, text, 76)) }

	switch s.o.Kind {
	case FalseNegative:
		para("", "False negative: spam or other unwanted email that was delivered when it should have been blocked.")
	case FalsePositive:
		para("", "False positive: a wanted email that was blocked, rejected or put in junk when it should have been delivered.")
	case Virus:
		para("", "Virus sample: an email that was rejected or quarantined as carrying a virus. It is inside a password-protected zip so that nobody opens it by accident.")
	}
	line("")
	field("Reported by", s.from)
	line("")
	if note := strings.TrimSpace(cleanNote(s.o.Note)); note != "" {
		line("Note from the reporter:")
		for _, l := range strings.Split(note, "\n") {
			line("  %s", l)
		}
	} else {
		line("Note from the reporter: (none)")
	}
	line("")

	sum := s.o.Summary
	line("The reported message")
	field("From", mailmsg.OneLine(sum.From))
	field("To", mailmsg.OneLine(sum.To))
	field("Date", mailmsg.OneLine(sum.Date))
	field("Subject", s.subject)
	field("Message-ID", mailmsg.OneLine(sum.MessageID))
	ip := mailmsg.OneLine(sum.SourceIP)
	if ip == "" {
		ip = "(not found in the Received headers)"
	}
	field("Connecting IP", ip)
	line("%-17s %d", "Received headers:", sum.ReceivedCount)
	if n := mailmsg.OneLine(s.o.OriginalName); n != "" {
		field("File given", n)
	}
	if s.attachedAs != "" {
		field("Attached as", s.attachedAs)
	}
	line("SHA-256 of the message as attached:")
	line("  %s", s.sha)
	if s.fallback != "" {
		line("")
		para("", "The message is attached in base64 as application/octet-stream instead of message/rfc822, because "+s.fallback+".")
		para("", "The attachment holds the original bytes exactly: save it and open it as an .eml file.")
	}

	if s.zipName != "" {
		line("")
		line("The zip's password is: %s", s.password)
		line("")
		field("Zip", fmt.Sprintf("%s (%d bytes)", s.zipName, s.zipSize))
		field("Encryption", s.method.name)
		para("  ", "("+s.method.opens+")")
		line("SHA-256 of the zip:")
		line("  %s", s.zipSHA)
		line("In the zip:")
		for _, f := range s.inZip {
			line("  %s", f)
		}
	}
	for _, a := range s.also {
		line("")
		para("", a)
	}

	line("")
	line("Sent with %s.", appName(s.o))
	return b.String()
}

// appName is the app and its version for the summary and X-Mailer.
func appName(o *Options) string {
	name, version := appParts(o)
	return name + " " + version
}

// cleanNote keeps the user's line breaks and tabs and drops other control characters.
func cleanNote(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return -1
		}
		return r
	}, s)
}

// wrap breaks text at spaces into lines of at most width columns (a longer word keeps a
// line of its own), each starting with indent and ending in "\n".
func wrap(indent, text string, width int) string {
	var b strings.Builder
	n := 0
	for _, w := range strings.Fields(text) {
		if n > 0 && n+1+len([]rune(w)) > width {
			b.WriteString("\n")
			n = 0
		}
		if n == 0 {
			b.WriteString(indent)
			n = len(indent)
		} else {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len([]rune(w))
	}
	b.WriteString("\n")
	return b.String()
}
