package guidance

import (
	"html"
	"strings"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// Which mail program a file shows. A person who holds a forward or a copy got it out of some
// mail program; the steps for getting the original are that program's, so the app opens them
// first instead of asking. The evidence, strongest first:
//
//   - the forward marker in the text, which each program writes its own way (the program that
//     made the forward is the one the forwarder uses);
//   - the X-Mailer or User-Agent header the sending program put on the message;
//   - a Message-ID that only one service makes (Gmail's ...@mail.gmail.com).
//
// A guess never hides the other programs: the app shows the guess with a way to choose another.

// Bounds: the markers sit near the top, so a few text parts and their first lines are enough.
const (
	maxTextParts = 8
	maxPartText  = 256 << 10
	markerLines  = 200
)

// DetectClient names the mail program the message in raw shows, as a Client ID, or "" when
// nothing in it tells.
func DetectClient(raw []byte) string {
	if len(raw) == 0 {
		return ""
	}
	// A copy of the displayed text (Outlook's Save As Text) starts with the marker where a
	// message has its header, so the file's own top is read first.
	if id := markerClient(mailmsg.FallbackText(raw[:min(len(raw), 4<<10)])); id != "" {
		return id
	}
	h := mailmsg.ParseHeader(raw)
	if !h.LooksLikeMail() {
		return ""
	}
	for _, text := range topTexts(raw) {
		if id := markerClient(text); id != "" {
			return id
		}
	}
	for _, name := range []string{"X-Mailer", "User-Agent"} {
		if id := mailerClient(h.Get(name)); id != "" {
			return id
		}
	}
	if v := strings.ToLower(h.Get("Message-ID")); strings.HasSuffix(strings.TrimRight(v, "> \t"), "@mail.gmail.com") {
		return "gmail"
	}
	return ""
}

// topTexts decodes the message's own text parts (not those of an attached message), HTML
// reduced to lines.
func topTexts(raw []byte) []string {
	var out []string
	mailmsg.Walk(raw, mailmsg.Limits{MaxParts: 200}, func(p *mailmsg.Part) mailmsg.Action {
		if len(out) >= maxTextParts {
			return mailmsg.Stop
		}
		t := p.Type.Or("text/plain").Type
		if t != "text/plain" && t != "text/html" {
			return mailmsg.Continue
		}
		if strings.EqualFold(p.Disposition().Type, "attachment") {
			return mailmsg.Continue
		}
		s, _ := mailmsg.DecodeCharset(p.Decoded(maxPartText), p.Type.Params["charset"], maxPartText)
		if t == "text/html" {
			s = htmlLines(s)
		}
		out = append(out, s)
		return mailmsg.Continue
	})
	return out
}

// htmlLines is a rough reading of HTML: every tag ends a line. Enough to find a marker line
// ("<b>From:</b> …" becomes "From:"), not to show the text to anyone.
func htmlLines(s string) string {
	var b strings.Builder
	for {
		lt := strings.IndexByte(s, '<')
		if lt < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:lt])
		b.WriteByte('\n')
		gt := strings.IndexByte(s[lt:], '>')
		if gt < 0 {
			break
		}
		s = s[lt+gt+1:]
	}
	return html.UnescapeString(b.String())
}

// markerClient reads the first forward marker in the top lines of a text.
func markerClient(text string) string {
	lines := strings.Split(text, "\n")
	seen := 0
	for i := 0; i < len(lines) && seen < markerLines; i++ {
		line := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(lines[i]), "> "))
		if line == "" {
			continue
		}
		seen++
		lower := strings.ToLower(line)
		switch {
		case strings.HasPrefix(line, "----------") && strings.Contains(lower, "forwarded message"):
			return "gmail" // Gmail writes ten dashes
		case strings.HasPrefix(lower, "begin forwarded message"):
			return "apple-mail"
		case strings.HasPrefix(line, "--------") && !strings.HasPrefix(line, "---------") &&
			(strings.Contains(lower, "forwarded message") || strings.Contains(lower, "original message")):
			return "thunderbird" // eight dashes
		case strings.HasPrefix(lower, "----- forwarded by "):
			return "notes"
		case strings.HasPrefix(lower, "-----original message-----"):
			return "outlook"
		case labelIs(lower, "from") && sentLabelFollows(lines[i+1:]):
			return "outlook" // Outlook's From / Sent / To / Subject block
		}
	}
	return ""
}

func labelIs(lower, name string) bool {
	lower = strings.TrimLeft(lower, "*_ ")
	rest, ok := strings.CutPrefix(lower, name)
	return ok && strings.HasPrefix(strings.TrimLeft(rest, "*_ \u00a0"), ":")
}

// sentLabelFollows: Outlook puts "Sent:" right under "From:" (HTML may split each label
// from its value, hence the few lines).
func sentLabelFollows(lines []string) bool {
	for i := 0; i < len(lines) && i < 6; i++ {
		if labelIs(strings.ToLower(strings.TrimSpace(lines[i])), "sent") {
			return true
		}
	}
	return false
}

// mailerClient reads an X-Mailer or User-Agent value.
func mailerClient(v string) string {
	v = strings.ToLower(v)
	switch {
	case v == "":
		return ""
	case strings.Contains(v, "outlook express"), strings.Contains(v, "windows live mail"),
		strings.Contains(v, "windows mail"):
		return "outlook-express"
	case strings.Contains(v, "iphone mail"), strings.Contains(v, "ipad mail"):
		return "phone"
	case strings.Contains(v, "apple mail"):
		return "apple-mail"
	case strings.Contains(v, "thunderbird"), strings.Contains(v, "icedove"):
		return "thunderbird"
	case strings.Contains(v, "lotus notes"), strings.Contains(v, "ibm notes"), strings.Contains(v, "hcl notes"):
		return "notes"
	case strings.Contains(v, "microsoft outlook"), strings.Contains(v, "microsoft office outlook"):
		return "outlook"
	case strings.Contains(v, "roundcube"), strings.Contains(v, "squirrelmail"), strings.Contains(v, "horde"),
		strings.Contains(v, "yahoomail"), strings.Contains(v, "zimbra"):
		return "webmail"
	}
	return ""
}
