package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reportmail/reportmail/internal/mailbox"
	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/report"
)

// moveChoice is one "Move it to …" offer after a report was accepted.
type moveChoice struct {
	role  mailbox.Role // where to: junk, inbox or trash
	label string
}

// movesAfter are the tidy-ups that fit a report accepted by the desk: spam (or a virus)
// out of the Inbox to Junk or Trash, a wanted email out of Junk to the Inbox.
func movesAfter(kind report.Kind, from mailbox.Folder, several bool) []moveChoice {
	it := "it"
	if several {
		it = "them"
	}
	switch {
	case kind == report.FalsePositive && from.Role == mailbox.RoleJunk:
		return []moveChoice{{mailbox.RoleInbox, "Move " + it + " to the Inbox"}}
	case kind == report.FalseNegative && from.Role != mailbox.RoleJunk && from.Role != mailbox.RoleTrash:
		return []moveChoice{{mailbox.RoleJunk, "Move " + it + " to Junk"}, {mailbox.RoleTrash, "Move " + it + " to Trash"}}
	case kind == report.Virus && from.Role != mailbox.RoleTrash:
		return []moveChoice{{mailbox.RoleTrash, "Move " + it + " to Trash"}}
	}
	return nil
}

// moveOffer is what a sent card from the mailbox offers under "Sent to …": the moves that
// fit, as buttons that become one sentence once pressed. nil for a card from a file.
func (u *UI) moveOffer(c *resultCard, kind report.Kind) []fyne.CanvasObject {
	o, ok := u.mbox.origins[c]
	if !ok {
		return nil
	}
	return u.moveButtons(o.folder, func() []uint32 { return []uint32{o.uid} }, kind, false, func() { delete(u.mbox.origins, c) })
}

// moveButtons lays out the moves for messages uids of from; moved runs on the UI goroutine
// once they have been moved.
func (u *UI) moveButtons(from mailbox.Folder, uids func() []uint32, kind report.Kind, several bool, moved func()) []fyne.CanvasObject {
	choices := movesAfter(kind, from, several)
	if len(choices) == 0 {
		return nil
	}
	note := wrapLabel("")
	note.Hide()
	row := container.NewHBox()
	for _, ch := range choices {
		ch := ch
		icon := theme.MailForwardIcon()
		if ch.role == mailbox.RoleTrash {
			icon = theme.DeleteIcon()
		}
		row.Add(widget.NewButtonWithIcon(ch.label, icon, func() {
			for _, b := range row.Objects {
				b.(*widget.Button).Disable()
			}
			note.SetText("Moving…")
			note.Show()
			ids := uids()
			fail := func(msg string) {
				note.SetText(msg)
				for _, b := range row.Objects {
					b.(*widget.Button).Enable()
				}
			}
			u.withMailbox(func(s *mailSession) {
				said, done := moveMessages(s, from, ids, ch.role)
				fyne.Do(func() {
					note.SetText(said)
					if done {
						row.Hide()
						moved()
						return
					}
					for _, b := range row.Objects {
						b.(*widget.Button).Enable()
					}
				})
			}, fail)
		}))
	}
	return []fyne.CanvasObject{row, note}
}

// moveMessages moves the messages uids of from to the folder with role, off the UI
// goroutine: one sentence for the person, and whether it is done (nothing is left to move).
// The reports are sent whatever happens here, so a failure says so and what to do.
func moveMessages(s *mailSession, from mailbox.Folder, uids []uint32, role mailbox.Role) (string, bool) {
	var said string
	moved := 0
	err := s.do(func(c *mailbox.Client) error {
		fs, err := c.Folders()
		if err != nil {
			return err
		}
		dest, ok := mailbox.FindFolder(fs, string(role))
		if !ok {
			said = plain.NoSuchFolderAfterSend(string(role))
			return nil
		}
		if dest.Name == from.Name {
			said, moved = plain.AlreadyIn(string(role)), len(uids)
			return nil
		}
		for _, uid := range uids[moved:] {
			_, err := c.Move(from.Name, uid, dest.Name)
			// Copied and flagged is moved as far as the person can see; one of several
			// that someone else moved meanwhile is no reason to stop the others.
			k := mailbox.KindOf(err)
			if err != nil && k != mailbox.NoUIDPlus && (k != mailbox.NotFound || len(uids) == 1) {
				return err
			}
			moved++
		}
		said = plain.MovedTo(string(role))
		if len(uids) > 1 {
			said = plain.MovedAllTo(len(uids), string(role))
		}
		return nil
	})
	switch {
	case err != nil && moved > 0:
		return plain.MovedSomeTo(moved, len(uids), string(role)), false
	case err != nil:
		return plain.NotMovedAfterSend(string(role), err), false
	}
	return said, moved == len(uids)
}
