// Package cli is reportmail-cli: the app's capabilities for helpdesk scripts and tests. The
// contract (subcommands, JSON fields, exit codes) is spec/cli.md; main only calls Run.
package cli

import (
	"fmt"
	"io"
)

// Exit codes from spec/cli.md.
const (
	exitYes  = 0 // the answer is yes / done
	exitNo   = 1 // the answer is no (e.g. not an original)
	exitFail = 2 // the command could not run
)

// Version is the app's version, set by the build.
var Version = "0.1.0"

type env struct {
	stdout, stderr io.Writer
}

// say writes one plain sentence to standard error.
func (e env) say(format string, a ...any) {
	fmt.Fprintf(e.stderr, format+"\n", a...)
}

// Run executes one command line (without the program name) and returns the exit code.
func Run(args []string, stdout, stderr io.Writer) int {
	e := env{stdout: stdout, stderr: stderr}
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
	case "version", "--version":
		fmt.Fprintf(stdout, "reportmail-cli %s\n", Version)
		return exitYes
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitYes
	}
	e.say("There is no command called %q. Run “reportmail-cli help” to see the commands.", args[0])
	return exitFail
}

const usage = `Usage: reportmail-cli COMMAND [options] FILE...

Commands:
  check [--json] [--message N] FILE...   is each file the original email the support desk needs?
  convert FILE -o OUT.eml [--message N]  write the original message, ready to attach
  submit --type false-negative|false-positive|virus --from ADDRESS [--note TEXT] [--to ADDRESS]
         --smtp-host HOST --smtp-port PORT [--smtp-user USER] [--tls starttls|implicit]
         [--ca-file PEM] [--zip-password P] [--zip-encryption zipcrypto|aes256]
         [--rejection-notice FILE] [--draft OUT.eml] [--outbox DIR] [--json] FILE
                                         send the report (password: $REPORTMAIL_SMTP_PASSWORD)
  outbox list|history|send [ID...]|remove ID|case ID NUMBER [--json] [--outbox DIR] [--smtp-…]
                                         reports waiting to be sent, and those sent
  zip FILE -o OUT.zip [--password P] [--encryption zipcrypto|aes256] [--name NAME]  put a sample in a password-protected zip
  version                                print the version

Exit codes: 0 yes/done, 1 no (not an original), 2 could not run.
`
