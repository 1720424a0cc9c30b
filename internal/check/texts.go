package check

import (
	"fmt"

	"github.com/reportmail/reportmail/internal/finding"
	"github.com/reportmail/reportmail/internal/guidance"
	"github.com/reportmail/reportmail/internal/mailmsg"
)

// Every sentence a person reads from the check is here, so the wording can be reviewed in one
// place. Write for someone who has never heard of a mail header: say what the file is, why
// the support desk cannot use it, and the one thing to do next.

const nothingToDo = "Nothing to do: the email is attached exactly as it is, and the support desk can still open it."

func forwardFinding(style string) finding.Finding {
	what := "This is a forward"
	if style != "" {
		what += " made in " + style
	}
	return finding.Finding{
		Code:     finding.InlineForward,
		Severity: finding.Error,
		Message: what + ": the email you want to report was copied into the text of a new email, " +
			"so the details of where it came from and how it was delivered are lost.",
		Advice: "Report the email itself, not a forward of it. If a colleague forwarded it to you, " +
			"ask them to save it as a file or to forward it as an attachment. " + guidance.SaveOriginal,
	}
}

func textExportFinding() finding.Finding {
	return finding.Finding{
		Code:     finding.OutlookTextExport,
		Severity: finding.Error,
		Message: "This is a copy of the email's text, as Outlook's Save As Text or copying from the screen " +
			"makes it. It shows the sender and the subject, but not where the email came from or how it was delivered.",
		Advice: "Saving as text and copying from the screen both lose these details. " + guidance.SaveOriginal,
	}
}

func headersOnlyFinding() finding.Finding {
	return finding.Finding{
		Code:     finding.HeadersOnly,
		Severity: finding.Error,
		Message: "This file holds only the email's delivery details (what Outlook shows as Internet headers " +
			"under Properties), without the email's text or attachments.",
		Advice: "The support desk needs the whole email, not only these details. " + guidance.SaveOriginal,
	}
}

// nothingToTraceFinding: a block of header lines with no sender, date, message number or
// delivery details, whatever follows it.
func nothingToTraceFinding() finding.Finding {
	return finding.Finding{
		Code:     finding.NothingToTrace,
		Severity: finding.Error,
		Message: "This file has none of the details the support desk traces an email by (who sent it, when, " +
			"its message number or how it was delivered), so it is only part of an email.",
		Advice: "The support desk needs the whole email as it arrived. " + guidance.SaveOriginal,
	}
}

func emptyBodyFinding() finding.Finding {
	return finding.Finding{
		Code:     finding.EmptyBody,
		Severity: finding.Warning,
		Message: "This email has no text or attachments, only its delivery details. It is still the " +
			"original as your mail program stored it, so the support desk can trace where it came from.",
		Advice: "Send it as it is. If the email you saw had text, save it again from your mail program.",
	}
}

// notEmailFinding: what names the kind of file when intake knew it, e.g. "a PDF document".
func notEmailFinding(what string) finding.Finding {
	msg := "This is a text file that is not an email: it has no sender, recipient or delivery details at the top."
	if what != "" {
		msg = "This file is " + what + ", not an email."
	}
	return finding.Finding{
		Code:     finding.NotEmail,
		Severity: finding.Error,
		Message:  msg,
		Advice:   guidance.SaveOriginal,
	}
}

func missingFromFinding() finding.Finding {
	return finding.Finding{
		Code:     finding.MissingFrom,
		Severity: finding.Warning,
		Message:  "The email has no sender line (From), so the support desk cannot see who sent it.",
		Advice: "You can still send it. If you expected a sender, save the email again straight from " +
			"your mail program. " + guidance.SaveOriginal,
	}
}

func missingDateFinding() finding.Finding {
	return finding.Finding{
		Code:     finding.MissingDate,
		Severity: finding.Warning,
		Message:  "The email has no date line (Date), so the support desk cannot see when it was sent.",
		Advice: "You can still send it. If you expected a date, save the email again straight from " +
			"your mail program. " + guidance.SaveOriginal,
	}
}

func dkimMismatchFinding() finding.Finding {
	return finding.Finding{
		Code:     finding.DKIMBodyMismatch,
		Severity: finding.Warning,
		Message: "The text of this email was changed after it was sent: it no longer matches the digital " +
			"signature the sender's mail server put on it. A security service or mailing list that adds a " +
			"note can do this; so can editing or re-saving the email.",
		Advice: "If you edited or re-saved the email, save it again straight from your mail program. " +
			guidance.SaveOriginal + " If it arrived like this, send it as it is: the support desk will see the change too.",
	}
}

func dkimListFinding() finding.Finding {
	return finding.Finding{
		Code:     finding.DKIMBodyMismatch,
		Severity: finding.Info,
		Message: "A mailing list or forwarding service changed the text after the first sender signed it, " +
			"and then signed it again. This is normal for mailing lists.",
		Advice: "Nothing to do.",
	}
}

// manySignaturesFinding: more DKIM signatures than any real message carries, of which only
// the newest were checked (a hostile file could otherwise make the check take minutes).
func manySignaturesFinding(n, checked int) finding.Finding {
	return finding.Finding{
		Code:     finding.DKIMManySignatures,
		Severity: finding.Info,
		Message: fmt.Sprintf("This email carries %d digital signatures, far more than a mail server adds, "+
			"so only the newest %d were checked.", n, checked),
		Advice: "Nothing to do: you can still send it, and the support desk sees all of them.",
	}
}

// internalFinding: the check itself failed (a bug), which says nothing about the file.
func internalFinding() finding.Finding {
	return finding.Finding{
		Code:     finding.InternalError,
		Severity: finding.Error,
		Message:  "Something went wrong reading this file.",
		Advice: "The file itself has not been changed: try again, and if it happens again, " +
			"send the file to your IT helpdesk to look at.",
	}
}

func noReceivedFinding() finding.Finding {
	return finding.Finding{
		Code:     finding.NoReceived,
		Severity: finding.Warning,
		Message: "This copy was never delivered: it has none of the delivery details a received email carries. " +
			"It looks like a copy from Sent Items, Drafts or an export.",
		Advice: "That is fine if you are reporting your own email that was blocked (a false positive). " +
			"For an email you received, save the copy in your inbox instead (How do I save my email? shows how).",
	}
}

// Structure problems, worst first.
const (
	mimeUnclosed   = "Part of the email's structure is damaged: a section is not closed properly."
	mimeNoBoundary = "Part of the email's structure is damaged: the separators between its sections are missing."
	mimeEmpty      = "Part of the email's structure is damaged: a section that should hold text or attachments is empty."
	mimeTooComplex = "The email is built in too many nested layers to be checked completely."
)

func malformedFinding(what string) finding.Finding {
	return finding.Finding{
		Code:     finding.MalformedMIME,
		Severity: finding.Warning,
		Message:  what,
		Advice:   nothingToDo,
	}
}

func unknownCharsetFinding(name string) finding.Finding {
	return finding.Finding{
		Code:     finding.UnknownCharset,
		Severity: finding.Info,
		Message: "Part of the email's text is written in a character set Report Mail cannot read (" + clipName(name) +
			"), so that part could not be checked for signs of a forward. It is sent as it is.",
		Advice: nothingToDo,
	}
}

func clipName(s string) string {
	return mailmsg.Shorten(mailmsg.OneLine(mailmsg.FallbackText([]byte(s))), 41)
}
