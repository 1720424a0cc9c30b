package deskreply

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"

	"github.com/reportmail/reportmail/internal/mailmsg"
)

// maxText bounds the text read from a reply's body; maxParts the parts looked at.
const (
	maxText  = 64 << 10
	maxParts = 200
)

// bodyText is the reply's own text: its first text/plain part, else its first text/html part
// as text, without what it quotes. Attachments and attached messages (a desk may send the
// report back) are not read: their words are the report's, not the desk's.
func bodyText(raw []byte, h *mailmsg.Header) string {
	var plain, htm *mailmsg.Part
	mailmsg.WalkHeader(raw, h, mailmsg.Limits{MaxParts: maxParts}, func(p *mailmsg.Part) mailmsg.Action {
		if p.Multipart() || p.Message() || p.Disposition().Type == "attachment" {
			return mailmsg.Continue
		}
		switch {
		case p.Type.Type == "text/plain" && plain == nil:
			plain = p
			return mailmsg.Stop
		case p.Type.Type == "text/html" && htm == nil:
			htm = p
		}
		return mailmsg.Continue
	})
	switch {
	case plain != nil:
		return ownWords(decodePart(plain, maxText))
	case htm != nil:
		return ownWords(htmlText(decodePart(htm, MaxMessage)))
	}
	return ""
}

func decodePart(p *mailmsg.Part, limit int) string {
	s, _ := mailmsg.DecodeCharset(p.Decoded(limit), p.Type.Params["charset"], limit)
	return s
}

// htmlText is what a person reads in an HTML part: text, line breaks where blocks end, no
// styles or scripts, and nothing inside a <blockquote> (how HTML mailers quote).
func htmlText(s string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	skip, quote := 0, 0
	for b.Len() < maxText {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if skip == 0 && quote == 0 {
				b.Write(bytes.Join(bytes.Fields(z.Text()), []byte(" ")))
				b.WriteByte(' ')
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			d := 1
			if tt == html.EndTagToken {
				d = -1
			}
			switch string(name) {
			case "style", "script", "head", "title":
				if tt != html.SelfClosingTagToken {
					skip = max(skip+d, 0)
				}
			case "blockquote":
				if tt != html.SelfClosingTagToken {
					quote = max(quote+d, 0)
				}
			case "br", "p", "div", "tr", "li", "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre":
				b.WriteByte('\n')
			}
		}
	}
	return b.String()
}

// ownWords drops what a reply quotes: lines starting ">" and everything from the line that
// introduces quoted mail ("-----Original Message-----", "On … wrote:", Outlook's "From: …"
// then "Sent: …"). The quoted report holds the original's subject and summary, whose numbers
// are not the desk's.
func ownWords(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	var out []string
	for i, line := range lines {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, ">") {
			continue
		}
		if quoteStarts(t, lines[i+1:]) {
			break
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

func quoteStarts(line string, rest []string) bool {
	l := mailmsg.LowerASCII(line)
	switch {
	case strings.HasPrefix(l, "-----") && strings.Contains(l, "original message"),
		strings.HasPrefix(l, "-------- original"),
		strings.HasPrefix(l, "on ") && strings.HasSuffix(l, "wrote:"):
		return true
	case strings.HasPrefix(l, "from:"):
		for _, next := range rest {
			n := mailmsg.LowerASCII(strings.TrimSpace(next))
			if n == "" {
				continue
			}
			return strings.HasPrefix(n, "sent:") || strings.HasPrefix(n, "date:")
		}
	}
	return false
}
