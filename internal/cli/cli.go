// Package cli is reportmail-cli: the app's capabilities for helpdesk scripts and tests. The
// contract (subcommands, JSON fields, exit codes) is spec/cli.md; main only calls Run.
package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/reportmail/reportmail/internal/appinfo"
)

// Exit codes from spec/cli.md.
const (
	exitYes  = 0 // the answer is yes / done
	exitNo   = 1 // the answer is no (e.g. not an original)
	exitFail = 2 // the command could not run
)

type env struct {
	stdout, stderr io.Writer
	in             *input // standard input, for a FILE given as "-"
}

// say writes one plain sentence to standard error.
func (e env) say(format string, a ...any) {
	fmt.Fprintf(e.stderr, format+"\n", a...)
}

// Run executes one command line (without the program name) and returns the exit code.
func Run(args []string, stdout, stderr io.Writer) int {
	return run(args, os.Stdin, stdout, stderr)
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := env{stdout: stdout, stderr: stderr, in: &input{r: stdin}}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitFail
	}
	switch args[0] {
	case "check":
		return e.check(args[1:])
	case "convert":
		return e.convert(args[1:])
	case "submit":
		return e.submit(args[1:])
	case "outbox":
		return e.outboxCmd(args[1:])
	case "zip":
		return e.zipCmd(args[1:])
	case "blocklist":
		return e.blocklist(args[1:])
	case "bounce":
		return e.bounce(args[1:])
	case "probe":
		return e.probe(args[1:])
	case "mailbox":
		return e.mailboxCmd(args[1:])
	case "version", "--version":
		fmt.Fprintf(stdout, "reportmail-cli %s\n", appinfo.Version)
		return exitYes
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitYes
	}
	e.say("There is no command called “%s”. Run “reportmail-cli help” to see the commands.", shown(args[0]))
	return exitFail
}

// Usage of each command, printed by COMMAND --help; usage gathers them.
var commandUsage = map[string]string{
	"check": `  check [--json] [--message N] FILE...   is each file the original email the support desk needs?
`,
	"convert": `  convert FILE -o OUT.eml [--message N] [--force]
                                         write the original message, ready to attach
`,
	"submit": `  submit --type false-negative|false-positive|virus --from ADDRESS [--note TEXT] [--to ADDRESS]
         --smtp-host HOST --smtp-port PORT [--smtp-user USER] [--tls starttls|implicit]
         [--ca-file PEM] [--zip-password P] [--zip-encryption zipcrypto|aes256]
         [--rejection-notice FILE] [--draft OUT.eml [--force]] [--outbox DIR] [--again] [--json] FILE
                                         send the report (password: $REPORTMAIL_SMTP_PASSWORD)
`,
	"outbox": `  outbox list|history|send [ID...]|send --again ID|mark-sent ID|remove ID|case ID NUMBER
         [--json] [--outbox DIR] [--smtp-…]  reports waiting to be sent, and those sent
  outbox replies IMAP-FLAGS [--json] [--outbox DIR]
                                         find the support desk's replies and their case numbers
`,
	"zip": `  zip FILE -o OUT.zip [--password P] [--encryption zipcrypto|aes256] [--name NAME] [--force]
                                         put a sample in a password-protected zip
`,
}

const filesNote = `
FILE may be "-" for standard input. Output files (-o, --draft) are new files readable only by
you; an existing file is replaced only with --force. Pipes, devices and links are refused.
`

// helpText is what COMMAND --help prints.
func helpText(cmd string) string { return "Usage: reportmail-cli\n" + commandUsage[cmd] + filesNote }

var usage = `Usage: reportmail-cli COMMAND [options] FILE...

Commands:
` + commandUsage["check"] + commandUsage["convert"] + commandUsage["submit"] + commandUsage["outbox"] +
	commandUsage["zip"] + `  version                                print the version
` + filesNote + `
Exit codes: 0 yes/done, 1 no (not an original), 2 could not run.
`
