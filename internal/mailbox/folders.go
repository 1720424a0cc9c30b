package mailbox

import (
	"sort"
	"strings"

	"github.com/emersion/go-imap"
	"github.com/emersion/go-imap/responses"
)

// Role is what a folder is for (RFC 6154), or "" for an ordinary folder.
type Role string

const (
	RoleInbox   Role = "inbox"
	RoleJunk    Role = "junk"
	RoleTrash   Role = "trash"
	RoleSent    Role = "sent"
	RoleDrafts  Role = "drafts"
	RoleArchive Role = "archive"
)

// Folder is one mailbox folder.
type Folder struct {
	Name       string `json:"name"`
	Role       Role   `json:"role,omitempty"`
	Selectable bool   `json:"selectable"`
	// ByName is true when the role was guessed from a usual name because no folder on the
	// server carries the RFC 6154 attribute.
	ByName bool `json:"by_name,omitempty"`
}

var attrRoles = map[string]Role{
	`\junk`: RoleJunk, `\trash`: RoleTrash, `\sent`: RoleSent,
	`\drafts`: RoleDrafts, `\archive`: RoleArchive,
}

// usualNames are what servers without SPECIAL-USE call these folders (Dovecot's and
// Thunderbird's, Outlook's, Gmail's, Apple's), compared without case, as the whole name or
// its last level.
var usualNames = map[Role][]string{
	RoleJunk:  {"Junk", "Spam", "Junk E-mail", "Junk Email", "[Gmail]/Spam", "Bulk Mail"},
	RoleTrash: {"Trash", "Deleted Items", "Deleted Messages", "[Gmail]/Trash", "[Gmail]/Bin", "Bin"},
	RoleSent:  {"Sent", "Sent Items", "Sent Messages", "Sent Mail", "[Gmail]/Sent Mail"},
}

// Folders lists every folder: the INBOX first, Junk second, then the others by name.
func (m *Client) Folders() ([]Folder, error) {
	infos, err := m.list()
	if err != nil {
		return nil, m.classify("list", err)
	}
	return foldersFrom(infos), nil
}

// foldersFrom gives each folder its role: the server's attribute, else a usual name when
// no folder has the attribute for that role.
func foldersFrom(infos []*imap.MailboxInfo) []Folder {
	out := make([]Folder, 0, len(infos))
	byAttr := map[Role]bool{}
	for _, info := range infos {
		f := Folder{Name: info.Name, Selectable: true}
		for _, a := range info.Attributes {
			la := strings.ToLower(a)
			if la == `\noselect` || la == `\nonexistent` {
				f.Selectable = false
			}
			if r, ok := attrRoles[la]; ok && f.Role == "" {
				f.Role = r
				byAttr[r] = true
			}
		}
		if strings.EqualFold(info.Name, "INBOX") {
			f.Name, f.Role = "INBOX", RoleInbox
		}
		out = append(out, f)
	}
	for _, role := range []Role{RoleJunk, RoleTrash, RoleSent} {
		if byAttr[role] {
			continue
		}
		if i := guess(out, role, delimiters(infos)); i >= 0 {
			out[i].Role, out[i].ByName = role, true
		}
	}
	rank := func(f Folder) int {
		switch f.Role {
		case RoleInbox:
			return 0
		case RoleJunk:
			return 1
		}
		return 2
	}
	sort.SliceStable(out, func(i, j int) bool {
		if ri, rj := rank(out[i]), rank(out[j]); ri != rj {
			return ri < rj
		}
		return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name)
	})
	return out
}

func delimiters(infos []*imap.MailboxInfo) string {
	d := "/"
	for _, info := range infos {
		if info.Delimiter != "" && !strings.Contains(d, info.Delimiter) {
			d += info.Delimiter
		}
	}
	return d
}

// guess finds the folder with a usual name for role: a whole-name match first (in the order
// of usualNames), then a last-level match ("INBOX.Junk").
func guess(fs []Folder, role Role, delims string) int {
	for _, name := range usualNames[role] {
		for i, f := range fs {
			if f.Role == "" && f.Selectable && strings.EqualFold(f.Name, name) {
				return i
			}
		}
	}
	for _, name := range usualNames[role] {
		for i, f := range fs {
			last := f.Name[strings.LastIndexAny(f.Name, delims)+1:]
			if f.Role == "" && f.Selectable && strings.EqualFold(last, name) {
				return i
			}
		}
	}
	return -1
}

// FindFolder resolves what a person typed: a role word ("inbox", "junk", "trash", "sent")
// is the folder with that role, anything else a folder name (INBOX in any case).
func FindFolder(fs []Folder, name string) (Folder, bool) {
	role := Role(strings.ToLower(strings.TrimSpace(name)))
	for _, f := range fs {
		if f.Name == name || (role == RoleInbox && f.Role == RoleInbox) {
			return f, true
		}
	}
	switch role {
	case RoleJunk, RoleTrash, RoleSent:
		for _, f := range fs {
			if f.Role == role {
				return f, true
			}
		}
	}
	return Folder{}, false
}

// list asks for the folders with their special-use attributes. go-imap v1 has no LIST
// RETURN options, so with LIST-EXTENDED and SPECIAL-USE (RFC 6154 §2) the command is
// written here; without them plain LIST, where many servers still show the attributes.
func (m *Client) list() ([]*imap.MailboxInfo, error) {
	ch := make(chan *imap.MailboxInfo, 64)
	done := make(chan error, 1)
	go func() {
		if m.has("LIST-EXTENDED") && m.has("SPECIAL-USE") {
			done <- statusErr(m.imap.Execute(listSpecialUse{}, &responses.List{Mailboxes: ch}))
			close(ch)
			return
		}
		done <- m.imap.List("", "*", ch)
	}()
	var out []*imap.MailboxInfo
	for info := range ch {
		out = append(out, info)
	}
	return out, <-done
}

type listSpecialUse struct{}

func (listSpecialUse) Command() *imap.Command {
	return &imap.Command{Name: "LIST", Arguments: []interface{}{"", "*", imap.RawString("RETURN (SPECIAL-USE)")}}
}

// statusErr turns a tagged NO/BAD into an error, as go-imap's own commands do.
func statusErr(st *imap.StatusResp, err error) error {
	if err != nil {
		return err
	}
	return st.Err()
}
