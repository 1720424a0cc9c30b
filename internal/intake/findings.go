package intake

import (
	"fmt"
	"strings"

	"github.com/reportmail/reportmail/internal/finding"
	"github.com/reportmail/reportmail/internal/guidance"
	"github.com/reportmail/reportmail/internal/notice"
)

// Everything a person reads from this package is written here, so the wording can be
// reviewed in one place. Each message is one plain sentence; advice says what to do next.

func notEmailFinding(s sniffed) finding.Finding {
	advice := guidance.SaveOriginal
	if s.advice != "" {
		advice = s.advice + " " + advice
	}
	msg := s.sentence
	if msg == "" {
		msg = "This file is " + s.what + ", not an email."
	}
	return finding.Finding{
		Code:     finding.NotEmail,
		Severity: finding.Error,
		Message:  msg,
		Advice:   advice,
	}
}

// Files that are nothing at all get their own sentences: "This file is an empty file, not
// an email" would be clumsy.
var (
	emptyFile = sniffed{
		what:     "an empty file",
		sentence: "This file is empty: there is no email in it.",
		advice:   "Saving may not have finished, or a different file was picked. " + guidance.DragFirst,
	}
	binaryFile = sniffed{
		what:     "a file of binary data",
		sentence: "This file holds binary data, not an email.",
		advice:   advBinary,
	}
)

func notMailItemFinding(what string) finding.Finding {
	return finding.Finding{
		Code:     finding.NotAMailItem,
		Severity: finding.Error,
		Message:  "This Outlook file is " + what + ", not an email.",
		Advice:   "Choose the email itself in Outlook. " + guidance.SaveOriginal,
	}
}

// saveAsEMLAdvice is how to get an .eml when Outlook's own file cannot be used.
const saveAsEMLAdvice = "Save the same email as an .eml file instead: open your mailbox in Outlook on the web " +
	"(for Microsoft 365, outlook.office.com) or in the new Outlook for Windows, open the email, " +
	"choose More actions (the three dots), then Save or Download, and use the file that is saved. " +
	"If you only have classic Outlook, forward the email as an attachment to your own address, " +
	"open that forward in your webmail and download the attached email from there."

// tooLargeFinding: what is "file" or, for one message of a mailbox, "message".
func tooLargeFinding(what string, size int64) finding.Finding {
	mb := (size + (1 << 20) - 1) >> 20
	return finding.Finding{
		Code:     finding.TooLarge,
		Severity: finding.Error,
		Message: fmt.Sprintf("This %s is %d MB, and mail servers refuse email that big, "+
			"so it cannot be sent to the support desk.", what, mb),
		Advice: "Check that you picked the right file: a single email is rarely bigger than a few MB. " +
			"If you saved a whole mail folder, save just the one email instead. " + guidance.SaveOriginal,
	}
}

func decodedTextFinding(what string) finding.Finding {
	return finding.Finding{
		Code:     finding.DecodedText,
		Severity: finding.Info,
		Message:  "This file holds the email's source text copied into a text editor (" + what + "), so Report Mail turned it back into the email.",
		Advice:   "Nothing to do. Saving the email itself as a file is more reliable than copying its text, if the check finds a problem.",
	}
}

func mboxFinding(n, k int, chosen bool) finding.Finding {
	f := finding.Finding{
		Code:     finding.MboxSeveral,
		Severity: finding.Warning,
		Message:  fmt.Sprintf("This mailbox file holds %d messages; message %d was used.", n, k),
		Advice: "Make sure that is the email you mean; if not, pick another one from the list " +
			"(on the command line: --message N, where N is its number in the file).",
	}
	if chosen {
		f.Severity = finding.Info
		f.Message = fmt.Sprintf("This mailbox file holds %d messages; message %d was used, as you chose.", n, k)
		f.Advice = "Nothing to do, unless you meant a different message: then pick that one instead."
	}
	return f
}

func unwrapFinding(kind wrapKind, levels int) finding.Finding {
	var msg string
	switch kind {
	case wrapSpamReport:
		msg = "This file is a spam filter's report with the original email attached to it; the attached original is used."
	case wrapBare:
		msg = "This file wraps the original email in an outer layer; the email inside is used."
	case wrapFeedback:
		msg = "This file is a complaint report from a mailbox provider with the original email attached to it; the attached original is used."
	default:
		msg = "This file is a forwarded email with the original email attached to it; the attached original is used."
	}
	if levels > 1 {
		msg = strings.TrimSuffix(msg, ".") + fmt.Sprintf(" (it was wrapped %d times).", levels)
	}
	return finding.Finding{
		Code:     finding.UnwrappedAttach,
		Severity: finding.Info,
		Message:  msg,
		Advice:   "Nothing to do: the attached original is what the support desk needs.",
	}
}

func partialFinding(missing []string) finding.Finding {
	n := len(missing)
	what := "1 attachment"
	if n != 1 {
		what = fmt.Sprintf("%d attachments", n)
	}
	return finding.Finding{
		Code:     finding.PartialEmlx,
		Severity: finding.Warning,
		Message: "Mac Mail kept " + what + " of this email outside the file, and Report Mail could not find " +
			pronoun(n) + " next to it, so the email is used without " + pronoun(n) + ": " + list(missing) + ".",
		Advice: "Open the email in Mac Mail and wait until its attachments have downloaded, then drag the email " +
			"from Mac Mail to your desktop and use that file.",
	}
}

// emlxCountFinding: the byte count on the first line of an .emlx does not fit the file, so
// the email was taken to run up to Mac Mail's notes at the end (or the end of the file).
func emlxCountFinding(e emlxFile) finding.Finding {
	var said string
	switch n := e.count; {
	case !e.number:
		said = "This Mac Mail file does not start with the length of its email, as Mac Mail writes it"
	case n <= 0:
		said = "This Mac Mail file says its email is " + e.shown + " bytes long, which cannot be right"
	case n > int64(e.fileSize):
		said = fmt.Sprintf("This Mac Mail file says its email is %s bytes long, but the file holds only %d", e.shown, e.fileSize)
	default:
		said = fmt.Sprintf("This Mac Mail file says its email is %s bytes long, but the email in it is %d bytes long",
			e.shown, len(e.payload))
	}
	return finding.Finding{
		Code:     finding.EmlxBadCount,
		Severity: finding.Warning,
		Message:  said + ", so the email was read as far as the file shows it.",
		Advice: "Check that the email looks complete; if it does not, or the file was edited, drag the email " +
			"from Mac Mail to your desktop again and use that file.",
	}
}

func pronoun(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

func list(names []string) string {
	const show = 5
	if len(names) > show {
		return strings.Join(names[:show], ", ") + fmt.Sprintf(" and %d more", len(names)-show)
	}
	return strings.Join(names, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Steps.
const (
	stepFromLine   = "Removed the mailbox separator line (starting with “From ”) that the mail program put before the email."
	stepBOM        = "Removed the invisible character that text editors put at the start of a file."
	stepEmlx       = "Removed the byte count and the notes that Mac Mail keeps around each email."
	stepEmlxRepair = "Completed the last line of the email, which Mac Mail had cut one character short."
)

func stepUTF16() string {
	return "Converted the text from the Unicode format Notepad saves in back to ordinary text."
}

func stepMboxPick(k, n int) string {
	return fmt.Sprintf("Took message %d of the %d in this mailbox file.", k, n)
}

func stepUnquote(n int) string {
	return "Put back " + plural(n, "line", "lines") + " starting with “From” that the mailbox file had marked with “>”."
}

func stepLeading(n int) string {
	return "Removed " + plural(n, "empty line", "empty lines") + " before the first line of the email."
}

func stepTrailing(n int) string {
	return "Removed spaces left at the ends of " + plural(n, "line", "lines") + "."
}

func stepRestored(names []string) string {
	return "Put back " + plural(len(names), "attachment", "attachments") + " that Mac Mail kept outside the file (" + list(names) + ")."
}

func stepUnwrap(kind wrapKind) string {
	switch kind {
	case wrapSpamReport:
		return "Took the original email out of the spam filter's report it was attached to."
	case wrapBare:
		return "Took the original email out of the outer layer it was wrapped in."
	case wrapFeedback:
		return "Took the original email out of the complaint report it was attached to."
	}
	return "Took the original email out of the forwarded email it was attached to."
}

// stepReturned is the step for a rejection notice that returned the whole email.
const stepReturned = "Took the returned email out of the rejection notice."

// returnedFinding: the notice returned the whole email, which is used as the original. The
// advice is the notice's own next step, so the person learns what to do from the one file.
func returnedFinding(n *notice.Notice) finding.Finding {
	advice := n.Advice
	if advice == "" {
		advice = "Nothing to do: the returned email is what the support desk needs."
	}
	return finding.Finding{
		Code:     finding.ReturnedOriginal,
		Severity: finding.Info,
		Message: "This file is a rejection notice that holds the whole email it returned; " +
			"that returned email is the one checked and attached to a report.",
		Advice: advice,
	}
}
