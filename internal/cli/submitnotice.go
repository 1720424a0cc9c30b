package cli

import (
	"fmt"
	"strings"

	"github.com/reportmail/reportmail/internal/check"
	"github.com/reportmail/reportmail/internal/finding"
	"github.com/reportmail/reportmail/internal/intake"
	"github.com/reportmail/reportmail/internal/notice"
)

// A false-positive report from a rejection notice (issue 11): the returned email is the
// original and the notice rides along as the second attachment; a notice without the whole
// email needs the sender's Sent copy, paired with the notice by Message-ID.

// noticeWithoutOriginal is the sentence for a FILE that is a notice without the whole email.
func noticeWithoutOriginal(item *intake.Item, res *check.Result) (string, bool) {
	if item.Notice == nil || res.Verdict == check.Original {
		return "", false
	}
	for _, f := range res.Findings {
		if f.Code == finding.RejectionNotice {
			return "This rejection notice does not hold the whole email it returned, so nothing was sent: " +
				"give the sender's copy of the email from Sent Items as the file, with this notice after --rejection-notice.", true
		}
	}
	return "", false
}

// noticeBytes is what goes with the report as the rejection notice: the notice itself, not
// the returned email intake took out of it.
func noticeBytes(item *intake.Item) []byte {
	if item.NoticeRaw != nil {
		return item.NoticeRaw
	}
	if item.Wrapper != nil && item.Notice != nil {
		return item.Wrapper
	}
	return item.Raw
}

// fileNotice is the rejection notice to send with a false-positive report when FILE itself
// was one that returned the whole email (the returned email being the original); nil
// otherwise. A complaint report is no rejection: it does not go with such a report.
func fileNotice(item *intake.Item) []byte {
	if item.Notice == nil || !item.Notice.IsBounce() || item.Notice.Kind == notice.KindFeedback {
		return nil
	}
	return noticeBytes(item)
}

// pairingWarning compares the Message-ID of the email being reported with the one the
// notice names for the email it returned; "" when they match or either is unknown.
func pairingWarning(res *check.Result, noticeItem *intake.Item, noticeArg string) string {
	n := noticeItem.Notice
	if n == nil {
		n = notice.Read(noticeItem.Raw)
	}
	got, want := bareID(res.Message.MessageID), bareID(n.Original.MessageID)
	if got == "" || want == "" || got == want {
		return ""
	}
	return fmt.Sprintf("%s is about a different email than the one being reported (their message numbers, the Message-ID, do not match); "+
		"check that you gave the sender's copy of the email the notice returned.", noticeName(noticeArg))
}

// bareID is a Message-ID without its angle brackets and surrounding space, for comparing.
func bareID(id string) string {
	if i := strings.IndexByte(id, '<'); i >= 0 {
		if j := strings.IndexByte(id[i:], '>'); j > 0 {
			id = id[i+1 : i+j]
		}
	}
	return strings.TrimSpace(id)
}
