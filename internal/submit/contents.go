package submit

import (
	"github.com/reportmail/reportmail/internal/mailmsg"
	"github.com/reportmail/reportmail/internal/report"
)

// Part is one part of a built report as a person is shown it before sending: the summary
// text, the original, the zip, the .msg, the rejection notice.
type Part struct {
	Name string // the attachment's file name; "" for the summary text
	Type string // its media type, e.g. message/rfc822
	Size int64  // bytes as the desk will save it (transfer encoding undone)
}

// Contents lists the parts of the report r as they will travel, read back from the built
// message itself, so that what the person is shown is what goes, not what was meant to.
func Contents(r *report.Report) []Part {
	var out []Part
	mailmsg.Walk(r.Bytes, mailmsg.Limits{MaxDepth: 2}, func(p *mailmsg.Part) mailmsg.Action {
		if p.Depth != 1 {
			return mailmsg.Continue
		}
		name := p.Disposition().Params["filename"]
		if name == "" {
			name = p.Type.Params["name"]
		}
		out = append(out, Part{Name: words(name), Type: p.Type.Type, Size: int64(len(p.Decoded(0)))})
		return mailmsg.Continue
	})
	return out
}

func words(s string) string {
	t, _ := mailmsg.DecodeWords(s, "")
	return t
}
