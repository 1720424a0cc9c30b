package notice

// steps maps a reason to the next step (issue 11 item 5): a refusal of the content is a
// false-positive report, a virus one a sample report, a blocklist one the blocklist check;
// address and mailbox problems are not the filter's doing.
var steps = map[string]string{
	"spamdetected": StepFalsePositive, "policyviolation": StepFalsePositive, "securityerror": StepFalsePositive,
	"contenterror": StepFalsePositive, "filtered": StepFalsePositive,
	"virusdetected": StepVirus,
	"blocked":       StepBlocklist, "badreputation": StepBlocklist,
	"userunknown": StepCheckAddress, "hostunknown": StepCheckAddress, "hasmoved": StepCheckAddress,
	"suspend": StepCheckAddress, "notaccept": StepCheckAddress, "syntaxerror": StepCheckAddress,
	"mailboxfull": StepMailboxFull, "exceedlimit": StepMailboxFull,
	"expired": StepTryLater, "networkerror": StepTryLater, "systemerror": StepTryLater, "systemfull": StepTryLater,
	"toomanyconn": StepTryLater, "speeding": StepTryLater, "onhold": StepTryLater,
	"authfailure": StepNotFilter, "requireptr": StepNotFilter, "norelaying": StepNotFilter,
	"mesgtoobig": StepNotFilter, "rejected": StepNotFilter, "failedstarttls": StepNotFilter,
	"notcompliantrfc": StepNotFilter, "mailererror": StepNotFilter,
}

func nextStep(n *Notice) string {
	if n.Kind == KindFeedback || n.Kind == KindAutoReply {
		return StepOther
	}
	if s, ok := steps[n.Reason]; ok {
		return s
	}
	return StepOther
}
