package check

import (
	"github.com/reportmail/reportmail/internal/finding"
	"github.com/reportmail/reportmail/internal/intake"
	"github.com/reportmail/reportmail/internal/notice"
)

// Bounce is the `bounce` object of the CLI contract (spec/cli.md, "bounce"): what a
// rejection notice says, with the file it came from. `check --json` and `bounce` print the
// same object.
type Bounce struct {
	File     string `json:"file"`
	IsBounce bool   `json:"is_bounce"`
	*notice.Notice
}

// NewBounce is the bounce object for the notice read from file; n may be a Kind none notice
// (is_bounce false), never nil.
func NewBounce(file string, n *notice.Notice) *Bounce {
	return &Bounce{File: file, IsBounce: n.IsBounce(), Notice: n}
}

// noticeIsFile reports whether item's message is a rejection notice itself rather than the
// message it returned: intake (internal/notice, the one rule for what a notice is) found a
// notice that did not return the whole email.
func noticeIsFile(item *intake.Item) bool {
	n := item.Notice
	return n != nil && !(n.Returned == notice.ReturnedFull && len(n.ReturnedMessage) > 0)
}

// Steps after which a report to the desk is what helps; for the others the notice's own
// advice (not the filter's doing) comes first.
var reportSteps = map[string]bool{
	notice.StepFalsePositive: true, notice.StepVirus: true, notice.StepBlocklist: true, notice.StepOther: true,
}

// rejectionNoticeFinding: the file is a notice without the whole returned email, so it is
// not the original; the sender's own copy from Sent Items is (spec/cli.md).
func rejectionNoticeFinding(n *notice.Notice) finding.Finding {
	held := "it does not hold the email it returned."
	if n.Returned == notice.ReturnedHeaders {
		held = "it holds only the delivery details of the email it returned, not its text."
	}
	what := "This file is a rejection notice, not the email itself: "
	if n.Kind == notice.KindFeedback {
		what = "This file is a complaint report about an email, not the email itself: "
	}
	msg := what + held
	if n.Explanation != "" && n.Kind != notice.KindFeedback {
		msg = n.Explanation + " " + msg
	}
	advice := "To report it, add the sender's own copy of the email from Sent Items and send it together with this notice."
	if !reportSteps[n.NextStep] && n.Advice != "" {
		advice = n.Advice + " To report it anyway, add the sender's own copy of the email from Sent Items and send it together with this notice."
	}
	return finding.Finding{
		Code:     finding.RejectionNotice,
		Severity: finding.Error,
		Message:  msg,
		Advice:   advice,
	}
}
