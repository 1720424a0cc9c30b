package mailbox

import (
	"github.com/emersion/go-imap"
)

// Moved says how a message was moved.
type Moved string

const (
	MovedMove     Moved = "move"         // UID MOVE (RFC 6851)
	MovedExpunge  Moved = "copy+expunge" // UID COPY, \Deleted, UID EXPUNGE of that one UID (RFC 4315)
	MovedCopyFlag Moved = "copy+flag"    // UID COPY and \Deleted only: see NoUIDPlus
)

// Move moves the message uid from folder to dest. With MOVE it is one command. Without it
// the message is copied, flagged \Deleted and removed with UID EXPUNGE of that UID alone:
// go-imap v1's fallback sends a plain EXPUNGE, which would also delete every other message
// someone had marked \Deleted in that folder. Without UIDPLUS (no UID EXPUNGE) the copy is
// made and the original flagged, and the error is NoUIDPlus: the person's mail program
// removes it when it next compacts the folder.
func (m *Client) Move(folder string, uid uint32, dest string) (Moved, error) {
	if _, err := m.imap.Select(folder, false); err != nil {
		return "", m.folderErr("select", folder, err)
	}
	set := new(imap.SeqSet)
	set.AddNum(uid)
	msgs, err := m.fetch(set, true, []imap.FetchItem{imap.FetchUid})
	if err != nil {
		return "", m.msgErr("move", folder, uid, err)
	}
	found := false
	for _, im := range msgs {
		found = found || im.Uid == uid
	}
	if !found {
		return "", &Error{Kind: NotFound, Op: "move", Host: m.cfg.Host, Port: m.cfg.port(), Folder: folder, UID: uid}
	}
	if m.has("MOVE") {
		if err := m.imap.UidMove(set, dest); err != nil {
			return "", m.destErr(folder, uid, dest, err)
		}
		return MovedMove, nil
	}
	if err := m.imap.UidCopy(set, dest); err != nil {
		return "", m.destErr(folder, uid, dest, err)
	}
	flags := []interface{}{imap.DeletedFlag}
	if err := m.imap.UidStore(set, imap.FormatFlagsOp(imap.AddFlags, true), flags, nil); err != nil {
		return "", m.msgErr("move", folder, uid, err)
	}
	if !m.has("UIDPLUS") {
		return MovedCopyFlag, &Error{Kind: NoUIDPlus, Op: "move", Host: m.cfg.Host, Port: m.cfg.port(), Folder: folder, UID: uid}
	}
	if err := statusErr(m.imap.Execute(uidExpunge{set}, nil)); err != nil {
		return "", m.msgErr("move", folder, uid, err)
	}
	return MovedExpunge, nil
}

// destErr names the destination when it is the folder that is missing.
func (m *Client) destErr(folder string, uid uint32, dest string, err error) *Error {
	e := m.folderErr("move", dest, err)
	if e.Kind != FolderGone {
		e = m.msgErr("move", folder, uid, err)
	}
	e.UID = uid
	return e
}

// uidExpunge is RFC 4315's UID EXPUNGE, which go-imap v1's client does not have.
type uidExpunge struct{ set *imap.SeqSet }

func (c uidExpunge) Command() *imap.Command {
	return &imap.Command{Name: "UID", Arguments: []interface{}{imap.RawString("EXPUNGE"), c.set}}
}
