package cli

import (
	"context"
	"flag"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/reportmail/reportmail/internal/mailbox"
	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/send"
)

func init() {
	const at = "[--json] FILE\n"
	with := "[--json]\n" +
		"         FILE | --from-mailbox FOLDER:UID IMAP-FLAGS [--imap-tls implicit|starttls] [--after none|junk|inbox|trash]\n" +
		"         (IMAP-FLAGS as for mailbox; --ca-file and --auth serve both servers)\n"
	old := commandUsage["submit"]
	commandUsage["submit"] = strings.Replace(old, at, with, 1)
	usage = strings.Replace(usage, old, commandUsage["submit"], 1)
}

// The --after words (spec/cli.md, mailbox): where the reported message goes once the desk's
// server accepted the report.
const afterNone = "none"

var afterWords = map[string]bool{afterNone: true, "junk": true, "inbox": true, "trash": true}

// fromMailbox is submit's --from-mailbox FOLDER:UID with its IMAP-FLAGS and --after.
type fromMailbox struct {
	spec, after string
	imap        *imapFlags

	folder string // as given; resolved against the server's folders once connected
	uid    uint32
	cfg    mailbox.Config
}

func addFromMailboxFlags(fs *flag.FlagSet) *fromMailbox {
	m := &fromMailbox{imap: addIMAPServerFlags(fs)}
	fs.StringVar(&m.spec, "from-mailbox", "", "")
	fs.StringVar(&m.after, "after", afterNone, "")
	return m
}

func (m *fromMailbox) used() bool { return m.spec != "" }

// validate checks --from-mailbox and --after before anything is read or connects. smtp
// lends the incoming server --ca-file and --auth.
func (m *fromMailbox) validate(files []string, draft string, smtp *smtpFlags) error {
	m.after = strings.ToLower(strings.TrimSpace(m.after))
	if !afterWords[m.after] {
		return errUsage("The --after option must be none, junk, inbox or trash.")
	}
	if !m.used() {
		if m.after != afterNone {
			return errUsage("The --after option moves a message taken from your mailbox: use it with --from-mailbox FOLDER:UID.")
		}
		if len(files) != 1 {
			return errUsage("Name one saved email to report, for example: reportmail-cli submit --type false-negative --from you@example.com … message.eml")
		}
		return nil
	}
	if len(files) > 0 {
		return errUsage("Give either a saved email or --from-mailbox FOLDER:UID, not both.")
	}
	if draft != "" && m.after != afterNone {
		return errUsage("A draft is not sent, so --after cannot move the message: leave out --after, or --draft.")
	}
	i := strings.LastIndexByte(m.spec, ':')
	uid, err := strconv.ParseUint(m.spec[i+1:], 10, 32)
	if i <= 0 || err != nil || uid == 0 {
		return errUsage("Give the message as --from-mailbox FOLDER:UID, for example --from-mailbox Junk:42, as “reportmail-cli mailbox list” shows it.")
	}
	m.folder, m.uid = m.spec[:i], uint32(uid)
	m.imap.caFile, m.imap.auth = smtp.caFile, smtp.auth
	m.cfg, err = m.imap.config()
	return err
}

// original is a message fetched from the mailbox into a private folder of its own.
type original struct {
	path   string
	folder string // the folder's name on the server
	dir    string
}

// remove deletes the fetched copy: the outbox keeps the original it was given, as for a file.
func (o *original) remove() {
	if o != nil {
		os.RemoveAll(o.dir)
	}
}

// fetchStoppable is fetch that Ctrl-C (or SIGTERM) ends cleanly, so that the private copy
// is removed; the signals are the default ones again afterwards, as for reading a file.
func (m *fromMailbox) fetchStoppable() (*original, error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return m.fetch(ctx)
}

// fetch signs in, finds the folder and writes the message's exact bytes (BODY.PEEK[]: it
// stays unread) to a file only this user can read.
func (m *fromMailbox) fetch(ctx context.Context) (*original, error) {
	c, err := mailbox.Dial(ctx, m.cfg)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	folder := m.folder
	if fs, err := c.Folders(); err == nil {
		if f, ok := mailbox.FindFolder(fs, folder); ok {
			folder = f.Name
		}
	}
	dir, err := os.MkdirTemp("", "reportmail-original-")
	if err != nil {
		return nil, err
	}
	o := &original{path: filepath.Join(dir, "original.eml"), folder: folder, dir: dir}
	if _, err := c.FetchFile(folder, m.uid, o.path, false); err != nil {
		o.remove()
		return nil, err
	}
	return o, nil
}

// moveResult is what --after did, for the person and the JSON.
type moveResult struct {
	to   string // the folder the message is now in; "" when it was not moved
	note string // one plain sentence: moved, already there, only partly, or not moved
	warn bool   // the note is a warning on standard error (the move failed after sending)
}

// afterSent moves the reported message where --after says, over a fresh session: the first
// one may have timed out while the report was sent. A failure here does not undo the sent
// report, so it is a warning, never the command's exit code.
func (m *fromMailbox) afterSent(ctx context.Context, o *original) moveResult {
	if o == nil || m.after == afterNone {
		return moveResult{}
	}
	c, err := mailbox.Dial(ctx, m.cfg)
	if err != nil {
		return moveResult{note: plain.NotMovedAfterSend(m.after, err), warn: true}
	}
	defer c.Close()
	fs, err := c.Folders()
	if err != nil {
		return moveResult{note: plain.NotMovedAfterSend(m.after, err), warn: true}
	}
	dest, ok := mailbox.FindFolder(fs, m.after)
	if !ok {
		return moveResult{note: plain.NoSuchFolderAfterSend(m.after), warn: true}
	}
	if dest.Name == o.folder {
		return moveResult{to: dest.Name, note: plain.AlreadyIn(dest.Name)}
	}
	_, err = c.Move(o.folder, m.uid, dest.Name)
	switch {
	case mailbox.KindOf(err) == mailbox.NoUIDPlus:
		return moveResult{to: dest.Name, note: plain.Sentence(err)}
	case err != nil:
		return moveResult{note: plain.NotMovedAfterSend(dest.Name, err), warn: true}
	}
	return moveResult{to: dest.Name, note: plain.MovedTo(dest.Name)}
}

// notMoved is the sentence for a report that did not reach the desk: the message stays.
func (m *fromMailbox) notMoved(o *original, state string) string {
	if o == nil || m.after == afterNone {
		return ""
	}
	return plain.NotMovedUnsent(o.folder, state == "unknown")
}

// failKind is a failure's error_kind: the sending one, else the mailbox's.
func failKind(err error) string {
	if k := send.KindOf(err); k != "" {
		return string(k)
	}
	return string(mailbox.KindOf(err))
}
