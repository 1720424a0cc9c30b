package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/reportmail/reportmail/internal/deskreply"
	"github.com/reportmail/reportmail/internal/plain"
)

// deskMailbox is the person's mailbox holding what the desk sent back.
type deskMailbox struct{ msgs []deskreply.Message }

func (m deskMailbox) Replies(context.Context, string, time.Time) ([]deskreply.Message, error) {
	return m.msgs, nil
}

func deskAutoReply(inReplyTo, subject, body string, date time.Time) deskreply.Message {
	raw := "From: SMX Support <emailsupport@smxemail.com>\r\nTo: " + testAddress + "\r\n" +
		"Subject: " + subject + "\r\nDate: " + date.Format(time.RFC1123Z) + "\r\n" +
		"In-Reply-To: " + inReplyTo + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body
	return deskreply.Message{Raw: []byte(raw), Received: date}
}

// After sending, the app looks for the desk's replies (when an incoming account is set up),
// and Sent reports shows the case number and when the desk replied; a reply saying the
// desk could not read the report is shown as a problem with what to do.
func TestSentReportsShowTheDesksCase(t *testing.T) {
	srv, opt := startFake(t)
	h := newHarness(t, opt)
	h.useAccount(srv)
	f := h.dropOriginal()
	f.kind.SetSelected(kindChoices[0].label)
	test.Tap(f.sendBtn)
	hist := h.history()
	if len(hist) != 1 {
		t.Fatalf("history holds %d reports", len(hist))
	}
	e := hist[0]
	select {
	case <-h.u.replies.nudges():
	default:
		t.Error("sending a report did not start the looks for the desk's reply")
	}

	// No incoming account: the mailbox is never asked.
	asked := false
	h.u.replies.source = func() (deskreply.Source, bool) { asked = true; return nil, false }
	h.u.LookForReplies(context.Background())
	if !asked {
		t.Fatal("LookForReplies did not ask for the mailbox")
	}

	replied := e.SentAt.Add(7 * time.Minute).Truncate(time.Second)
	box := deskMailbox{msgs: []deskreply.Message{deskAutoReply(e.MessageID, "[Case #1234567] Re: "+e.Subject,
		"Thank you for contacting SMX Support.\r\nYour case number is 1234567.\r\n", replied)}}
	h.u.replies.source = func() (deskreply.Source, bool) { return box, true }
	h.u.LookForReplies(context.Background())
	h.u.tabs.SelectIndex(tabSent)
	var got string
	h.do(func() { got = screen(h.u.outboxView.content) })
	line := "Case 1234567 · replied " + formatWhen(replied)
	assertShows(t, "Sent reports after the desk's reply", got, originalSubject, line)
	assertPlain(t, "Sent reports after the desk's reply", got)

	// A later reply: the desk could not open the report.
	later := replied.Add(time.Hour)
	box.msgs = append(box.msgs, deskAutoReply(e.MessageID, "Re: "+e.Subject,
		"Hello,\r\n\r\nThe attachment could not be opened. Please send it again.\r\n", later))
	h.u.LookForReplies(context.Background())
	h.do(func() { got = screen(h.u.outboxView.content) })
	assertShows(t, "Sent reports after a problem reply", got, "Case 1234567 · replied "+formatWhen(later), plain.ReplyProblem("1234567"))
	assertPlain(t, "Sent reports after a problem reply", got)
	if strings.Contains(got, "could not be opened") {
		t.Errorf("the desk's own words are shown instead of what to do:\n%s", got)
	}
}
