package plain

import (
	"fmt"
	"strings"

	"github.com/reportmail/reportmail/internal/mailbox"
	"github.com/reportmail/reportmail/internal/mailmsg"
)

// The sentences of submit --after: moving the reported message once the report is accepted.

// folderWords names a folder, or a role word (junk, inbox, trash) as people say it.
func folderWords(name string) string {
	switch strings.ToLower(name) {
	case "junk", "inbox", "trash":
		return capitalise(strings.ToLower(name))
	}
	return "“" + mailmsg.Shorten(mailmsg.OneLine(name), 80) + "”"
}

// NotMovedAfterSend: the report was sent, the move to dest failed with err.
func NotMovedAfterSend(dest string, err error) string {
	if mailbox.KindOf(err) == mailbox.NotFound {
		return "The report was sent; the message was not moved because it is no longer in its folder (it may have been moved or deleted meanwhile)."
	}
	return fmt.Sprintf("The report was sent, but the message could not be moved to %s; move it yourself in your mail program.", folderWords(dest))
}

// NoSuchFolderAfterSend: the report was sent, and the mailbox has no folder for the role.
func NoSuchFolderAfterSend(role string) string {
	return fmt.Sprintf("The report was sent, but your mailbox has no %s folder that Report Mail can find, so the message stayed where it was.", folderWords(role))
}

// NotMovedUnsent: the report did not reach the desk (yet), so the message stays in folder.
// unknown is the "may have been delivered" state.
func NotMovedUnsent(folder string, unknown bool) string {
	if unknown {
		return fmt.Sprintf("The message was left in %s because it is not known whether the report reached the support desk.", folderWords(folder))
	}
	return fmt.Sprintf("The message was left in %s because the report has not reached the support desk yet; it is moved only once the report is accepted.", folderWords(folder))
}

// MovedTo: --after did its job.
func MovedTo(folder string) string {
	return fmt.Sprintf("Moved the message to %s.", folderWords(folder))
}

// AlreadyIn: --after named the folder the message was already in.
func AlreadyIn(folder string) string {
	return fmt.Sprintf("The message is already in %s, so it stayed there.", folderWords(folder))
}
