package plain

import (
	"errors"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/mailbox"
)

// submit --after's sentences: one each, plain, the folder named as a person says it and
// cleaned of control characters.
func TestAfterSentences(t *testing.T) {
	lost := &mailbox.Error{Kind: mailbox.ConnectionLost, Err: errors.New("read tcp: i/o timeout")}
	gone := &mailbox.Error{Kind: mailbox.NotFound, Folder: "Junk"}
	for _, tc := range []struct{ got, want string }{
		{MovedTo("INBOX"), "Moved the message to Inbox."},
		{MovedTo("junk"), "Moved the message to Junk."},
		{MovedTo("Archive/2026\x1b[2J"), "Moved the message to “Archive/2026 [2J”."},
		{AlreadyIn("Junk"), "The message is already in Junk, so it stayed there."},
		{NotMovedAfterSend("trash", lost), "The report was sent, but the message could not be moved to Trash; move it yourself in your mail program."},
		{NotMovedAfterSend("Trash", gone), "The report was sent; the message was not moved because it is no longer in its folder (it may have been moved or deleted meanwhile)."},
		{NoSuchFolderAfterSend("trash"), "The report was sent, but your mailbox has no Trash folder that Report Mail can find, so the message stayed where it was."},
		{NotMovedUnsent("INBOX", false), "The message was left in Inbox because the report has not reached the support desk yet; it is moved only once the report is accepted."},
		{NotMovedUnsent("Junk", true), "The message was left in Junk because it is not known whether the report reached the support desk."},
	} {
		if tc.got != tc.want {
			t.Errorf("got  %q\nwant %q", tc.got, tc.want)
		}
		if strings.Count(tc.got, ". ") > 0 || strings.Contains(tc.got, "tcp") {
			t.Errorf("not one plain sentence: %q", tc.got)
		}
	}
}
