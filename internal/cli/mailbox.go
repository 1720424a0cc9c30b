package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/reportmail/reportmail/internal/mailbox"
	"github.com/reportmail/reportmail/internal/mailmsg"
	"github.com/reportmail/reportmail/internal/plain"
)

func init() {
	commandUsage["mailbox"] = `  mailbox folders|list|fetch|move IMAP-FLAGS [--folder NAME | --junk] [--limit N] [--search TEXT]
         [--uid UID] [-o OUT.eml [--force]] [--to junk|inbox|trash|FOLDER] [--timeout SECONDS] [--json]
         IMAP-FLAGS: --imap-host HOST --imap-port PORT [--tls implicit|starttls] --imap-user USER [--ca-file PEM]
                                         read the original straight from your mailbox (password: $REPORTMAIL_IMAP_PASSWORD)
`
	usage = strings.Replace(usage, "  version ", commandUsage["mailbox"]+"  version ", 1)
}

// mailboxTimeout bounds a whole mailbox command; every network wait inside has its own
// shorter deadline (mailbox.DefaultTimeout).
const mailboxTimeout = 30 * time.Minute

type mailboxArgs struct {
	imap              *imapFlags
	folder, search    string
	to, out           string
	junk, json, force bool
	limit             int
	uid               uint64
	timeout           float64 // seconds, the bound on the whole command (spec/cli.md)
}

func (e env) mailboxCmd(args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(e.stdout, helpText("mailbox"))
		return exitYes
	}
	sub := args[0]
	fs := flag.NewFlagSet("mailbox", flag.ContinueOnError)
	a := mailboxArgs{imap: addIMAPFlags(fs)}
	fs.StringVar(&a.folder, "folder", "", "")
	fs.BoolVar(&a.junk, "junk", false, "")
	fs.IntVar(&a.limit, "limit", mailbox.PageSize, "")
	fs.StringVar(&a.search, "search", "", "")
	fs.Uint64Var(&a.uid, "uid", 0, "")
	fs.StringVar(&a.out, "o", "", "")
	fs.BoolVar(&a.force, "force", false, "")
	fs.StringVar(&a.to, "to", "", "")
	fs.BoolVar(&a.json, "json", false, "")
	fs.Float64Var(&a.timeout, "timeout", mailboxTimeout.Seconds(), "")
	rest, err := parse(fs, args[1:])
	if err != nil {
		return e.flagFailed("mailbox", err)
	}
	if len(rest) > 0 {
		e.say("The mailbox command takes no file names; see “reportmail-cli mailbox --help”.")
		return exitFail
	}
	switch sub {
	case "folders", "list", "fetch", "move":
	default:
		e.say("Say what to do: reportmail-cli mailbox folders, list, fetch or move.")
		return exitFail
	}
	if msg := a.check(sub); msg != "" {
		e.say("%s", msg)
		return exitFail
	}
	cfg, err := a.imap.config()
	if err != nil {
		e.say("%s", plain.Sentence(err))
		return exitFail
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(a.timeout*float64(time.Second)))
	defer cancel()
	m, err := mailbox.Dial(ctx, cfg)
	if err != nil {
		e.say("%s", plain.Sentence(err))
		return exitFail
	}
	defer m.Close()
	if err := e.runMailbox(m, sub, a); err != nil {
		e.say("%s", plain.Sentence(err))
		return exitFail
	}
	return exitYes
}

// check says what a subcommand is missing, before anything connects.
func (a mailboxArgs) check(sub string) string {
	needMsg := sub == "fetch" || sub == "move"
	switch {
	case needMsg && a.folder == "":
		return "Name the message's folder with --folder (as “mailbox list” shows it)."
	case needMsg && (a.uid == 0 || a.uid > 1<<32-1):
		return "Give the message's number with --uid, as “mailbox list” shows it."
	case sub == "fetch" && a.out == "":
		return "Say where to save the message with -o, for example -o original.eml."
	case sub == "move" && strings.TrimSpace(a.to) == "":
		return "Say where to move the message with --to junk, inbox, trash or a folder name."
	case sub == "list" && (a.limit < 1 || a.limit > 10000):
		return "The --limit option must be a number between 1 and 10000."
	case a.junk && a.folder != "":
		return "Give either --folder or --junk, not both."
	case !(a.timeout > 0 && a.timeout <= 24*3600):
		return "The --timeout option must be a number of seconds above 0 (and at most a day)."
	}
	return ""
}

func (e env) runMailbox(m *mailbox.Client, sub string, a mailboxArgs) error {
	folders, err := m.Folders()
	if err != nil {
		return err
	}
	folder := a.folder
	switch {
	case a.junk:
		f, ok := mailbox.FindFolder(folders, "junk")
		if !ok {
			return errUsage("Your mailbox has no Junk folder that Report Mail can find; name it with --folder.")
		}
		folder = f.Name
	case folder == "":
		folder = "INBOX"
	}
	switch sub {
	case "folders":
		return e.printFolders(folders, a.json)
	case "list":
		page, err := m.List(folder, mailbox.ListOptions{Limit: a.limit, Search: a.search})
		if err != nil {
			return err
		}
		return e.printList(page, a.json)
	case "fetch":
		n, err := m.FetchFile(folder, uint32(a.uid), a.out, a.force)
		if mailbox.KindOf(err) == "" && err != nil {
			return errUsage(writeSentence(err, a.out)) // the file, not the mailbox
		}
		if err != nil {
			return err
		}
		e.say("Saved the original (%d bytes) as %s; it was not marked as read.", n, shown(a.out))
		return nil
	}
	dest, ok := mailbox.FindFolder(folders, a.to)
	if !ok {
		return errUsage(fmt.Sprintf("There is no folder “%s” in your mailbox; “reportmail-cli mailbox folders” lists them.", shown(a.to)))
	}
	_, err = m.Move(folder, uint32(a.uid), dest.Name)
	if mailbox.KindOf(err) == mailbox.NoUIDPlus {
		e.say("%s", plain.Sentence(err))
		return nil
	}
	if err != nil {
		return err
	}
	e.say("Moved the message to %s.", shown(dest.Name))
	return nil
}

func (e env) printFolders(fs []mailbox.Folder, asJSON bool) error {
	if asJSON {
		return e.writeJSON(fs)
	}
	for _, f := range fs {
		role := ""
		if f.Role != "" {
			role = "\t" + string(f.Role)
		}
		fmt.Fprintf(e.stdout, "%s%s\n", mailmsg.OneLine(f.Name), role)
	}
	return nil
}

type listLineJSON struct {
	UID     uint32 `json:"uid"`
	Folder  string `json:"folder"`
	From    string `json:"from"`
	Subject string `json:"subject"`
	Date    string `json:"date"`
	Size    int64  `json:"size"`
	Seen    bool   `json:"seen"`
}

func (e env) printList(p *mailbox.Page, asJSON bool) error {
	out := make([]listLineJSON, 0, len(p.Messages))
	for _, m := range p.Messages {
		date := ""
		if !m.Date.IsZero() {
			date = m.Date.Format(time.RFC3339)
		}
		out = append(out, listLineJSON{m.UID, m.Folder, m.From, m.Subject, date, m.Size, m.Seen})
	}
	if asJSON {
		return e.writeJSON(out)
	}
	for _, l := range out {
		seen := " "
		if !l.Seen {
			seen = "*"
		}
		fmt.Fprintf(e.stdout, "%s %8s  %-25s  %-30s  %s  %s\n", seen, strconv.FormatUint(uint64(l.UID), 10),
			l.Date, mailmsg.Shorten(l.From, 30), mailmsg.Shorten(l.Subject, 60), sizeWords(l.Size))
	}
	return nil
}

func sizeWords(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KB", (n+1023)>>10)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

func (e env) writeJSON(v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
