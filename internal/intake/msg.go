package intake

import (
	"errors"
	"fmt"
	"strings"

	"github.com/reportmail/reportmail/internal/finding"
	"github.com/reportmail/reportmail/internal/guidance"
	"github.com/reportmail/reportmail/internal/outlookmsg"
)

// msgItem converts an Outlook .msg file: Raw becomes the rebuilt message and Source keeps
// the file itself, which the report carries beside it so nothing is lost in conversion.
func msgItem(it *Item, data []byte) *Item {
	it.Format = MSG
	it.Source = data
	res, err := outlookmsg.Convert(data)
	if err != nil {
		var notMail *outlookmsg.ErrNotMessage
		if errors.As(err, &notMail) {
			it.NotEmail = outlookmsg.ItemKind(notMail.Class)
			it.Findings = append(it.Findings, notMailItemFinding(it.NotEmail))
			return it
		}
		it.Findings = append(it.Findings, msgDamagedFinding(err))
		return it
	}
	it.Raw = res.Message
	it.Steps = append(it.Steps, stepConvertedMsg(res))
	it.Findings = append(it.Findings, convertedMsgFinding(res))
	if !res.Delivered {
		it.Findings = append(it.Findings, notDeliveredFinding())
	}
	return it
}

func stepConvertedMsg(res *outlookmsg.Result) string {
	return "Converted the email Outlook saved (a .msg file) into a standard email with " + rebuilt(res) + "."
}

// rebuilt lists, in plain words, what the conversion put together.
func rebuilt(res *outlookmsg.Result) string {
	var l []string
	switch {
	case res.Delivered && res.Received > 0:
		l = append(l, fmt.Sprintf("the delivery details it arrived with (%s)",
			plural(res.Received, "mail server stamp", "mail server stamps")))
	case res.Delivered:
		l = append(l, "the sender, recipient and date lines Outlook kept")
	default:
		l = append(l, "sender, recipient, subject and date lines made from what Outlook recorded")
	}
	if len(res.Added) > 0 {
		l = append(l, "the "+joinAnd(res.Added)+" "+lineWord(len(res.Added))+
			", which the saved details lacked, from what Outlook recorded")
	}
	if res.Signed {
		l = append(l, "the signed or encrypted text exactly as it was sent")
	} else if len(res.Bodies) > 0 {
		l = append(l, "the text as "+joinAnd(res.Bodies))
	}
	if res.Attachments > 0 {
		l = append(l, plural(res.Attachments, "attachment", "attachments"))
	}
	if res.Inline > 0 {
		l = append(l, plural(res.Inline, "picture in the text", "pictures in the text"))
	}
	if res.Embedded > 0 {
		l = append(l, plural(res.Embedded, "attached email", "attached emails"))
	}
	return joinAnd(l)
}

func lineWord(n int) string {
	if n == 1 {
		return "line"
	}
	return "lines"
}

func joinAnd(l []string) string {
	switch len(l) {
	case 0:
		return ""
	case 1:
		return l[0]
	}
	return strings.Join(l[:len(l)-1], ", ") + " and " + l[len(l)-1]
}

func convertedMsgFinding(res *outlookmsg.Result) finding.Finding {
	msg := "This email was saved by Outlook for Windows (a .msg file), so Report Mail rebuilt it as a standard email with " +
		rebuilt(res) + "."
	if len(res.Lost) == 0 {
		msg += " Nothing had to be left out."
	} else {
		msg += " Not kept as it was: " + strings.Join(res.Lost, "; ") + "."
	}
	if res.DKIMSigned && !res.Signed {
		msg += " The sending server's digital signature (DKIM) was made for the text as it was sent, " +
			"so it cannot match the rebuilt text: expect a note that the text changed."
	}
	return finding.Finding{
		Code:     finding.ConvertedMsg,
		Severity: finding.Info,
		Message:  msg,
		Advice: "Nothing to do: the support desk gets the rebuilt email and, beside it, the .msg file itself, " +
			"so nothing Outlook saved is lost.",
	}
}

func notDeliveredFinding() finding.Finding {
	return finding.Finding{
		Code:     finding.NotDeliveredCopy,
		Severity: finding.Warning,
		Message: "Outlook kept no delivery details for this email, so its sender, recipient, subject and date " +
			"lines were rebuilt from what Outlook recorded: this is not the email as it was delivered. " +
			"It looks like a draft or a copy from Sent Items.",
		Advice: "That is fine if you are reporting your own email that was blocked (a false positive). " +
			"For an email you received, save the copy in your inbox instead. " + guidance.SaveOriginal,
	}
}

// msgDamagedFinding: the .msg could not be converted because it is damaged or cut short.
func msgDamagedFinding(err error) finding.Finding {
	detail := ""
	var d *outlookmsg.DamagedError
	if errors.As(err, &d) {
		detail = " (" + d.Detail + ")"
	}
	return finding.Finding{
		Code:     finding.MsgNotSupported,
		Severity: finding.Error,
		Message: "This Outlook file (a .msg file) is damaged or incomplete" + detail +
			", so the email in it cannot be read.",
		Advice: "Save the email from Outlook again (drag it to your desktop and wait until copying has finished). " +
			"If that does not help: " + lowerFirst(saveAsEMLAdvice),
	}
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
