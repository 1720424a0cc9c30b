package notice

// The plain sentences a person reads about a notice: what happened (one sentence) and what
// to do. The CLI and the window show them as they are.
var explanations = map[string]string{
	"spamdetected":    "The receiving server refused the message because its filter judged the content to be spam.",
	"policyviolation": "The receiving server refused the message because it broke one of its rules for mail.",
	"securityerror":   "The receiving server refused the message for a security reason.",
	"contenterror":    "The receiving server refused the message because of something in its content.",
	"filtered":        "The receiving server or the recipient's own settings refused the message.",
	"virusdetected":   "The receiving server refused the message because it found a virus in it.",
	"blocked":         "The receiving server refused the message because the sending server is blocked or on a blocklist.",
	"badreputation":   "The receiving server refused the message because of the sending server's reputation.",
	"userunknown":     "The address the message was sent to does not exist.",
	"hostunknown":     "The domain in the address the message was sent to does not exist or takes no mail.",
	"hasmoved":        "The recipient has a new address and the old one no longer takes mail.",
	"suspend":         "The recipient's mailbox is switched off or suspended.",
	"notaccept":       "The recipient's domain does not take any mail.",
	"syntaxerror":     "The receiving server did not understand the sending server's commands.",
	"mailboxfull":     "The recipient's mailbox is full.",
	"exceedlimit":     "The message went over a limit the recipient's mailbox has.",
	"expired":         "The message could not be delivered in time and the sending server gave up.",
	"networkerror":    "The sending server could not reach the receiving server.",
	"systemerror":     "The receiving server had a problem of its own.",
	"systemfull":      "The receiving server has no room for new mail at the moment.",
	"toomanyconn":     "The receiving server refused because too many connections came from the sending server.",
	"speeding":        "The receiving server refused because too many messages came too fast.",
	"onhold":          "The message could not be delivered and the notice does not say why clearly.",
	"authfailure":     "The receiving server refused the message because the sender's domain failed its SPF, DKIM or DMARC check.",
	"requireptr":      "The receiving server refused the message because the sending server has no proper reverse DNS name.",
	"norelaying":      "The receiving server refused to pass the message on to another domain.",
	"mesgtoobig":      "The message was too big for the receiving server.",
	"rejected":        "The receiving server refused the sender's address.",
	"failedstarttls":  "The receiving server requires an encrypted connection that could not be set up.",
	"notcompliantrfc": "The receiving server refused the message because it is not formatted as mail standards require.",
	"mailererror":     "The recipient's mail program failed while delivering the message.",
	"delivered":       "This notice says the message was delivered.",
	"feedback":        "This is a complaint report a mailbox provider sent about a message.",
	"vacation":        "This is an automatic reply, such as an out-of-office message, not a rejection.",
	"undefined":       "The message could not be delivered and the notice does not say why.",
}

var advice = map[string]string{
	StepFalsePositive: "If the message was legitimate, report it as a false positive with the returned message, or with the sender's copy from Sent Items when the notice holds none.",
	StepVirus:         "Report it as a virus sample with the returned message or the sender's copy from Sent Items, and do not open its attachments.",
	StepBlocklist:     "Check the named address on the blocklist and ask the list to remove it using the link in the notice.",
	StepCheckAddress:  "This was not blocked by the filter: check the recipient's address and send the message again.",
	StepMailboxFull:   "This was not blocked by the filter: ask the recipient to make room in the mailbox, then send the message again.",
	StepTryLater:      "This was not blocked by the filter: send the message again later.",
	StepNotFilter:     "This was not blocked by the filter: ask whoever runs the sending mail server to fix the problem the notice names.",
	StepOther:         "Nothing needs reporting to the filter's support desk for this message.",
}

// Sentences returns what happened and what to do, in plain words, for n.
func Sentences(n *Notice) (explanation, what string) {
	if n == nil || n.Kind == KindNone {
		return "", ""
	}
	explanation = explanations[n.Reason]
	if explanation == "" {
		explanation = explanations["undefined"]
	}
	return explanation, advice[nextStep(n)]
}
