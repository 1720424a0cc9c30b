package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/reportmail/reportmail/internal/intake"
	"github.com/reportmail/reportmail/internal/mailmsg"
	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/safefile"
)

// stdinArg is the FILE argument that means standard input.
const stdinArg = plain.StdinName

// errStdinTwice: standard input holds one file, so it can stand for only one argument.
var errStdinTwice = errUsage("Standard input holds only one file: give “-” once.")

// openItem reads one FILE argument: "-" is standard input, read once and bounded as a file
// is; anything else goes through intake.Open, which refuses pipes and devices.
func (e env) openItem(name string, opt intake.Options) (*intake.Item, error) {
	if name != stdinArg {
		return intake.Open(name, opt)
	}
	if e.in.used {
		return nil, errStdinTwice
	}
	e.in.used = true
	return intake.ReadFrom(stdinArg, e.in.r, opt)
}

// input is standard input, which a command may read only once.
type input struct {
	r    io.Reader
	used bool
}

// mailFileMode is for files that hold someone's mail (converted originals, drafts, zips):
// only their owner may read them.
const mailFileMode = 0o600

// writeOutput writes a file the person named with -o or --draft: a new name, or an existing
// ordinary file when they added --force; never a device, a pipe or through a link.
func writeOutput(path string, data []byte, force bool) error {
	return safefile.Write(path, data, mailFileMode, force)
}

// writeSentence words a failed writeOutput; an existing file is told how to replace it.
func writeSentence(err error, path string) string {
	var ee *safefile.ExistsError
	if errors.As(err, &ee) {
		return fmt.Sprintf("“%s” already exists; add --force to replace it.", shown(path))
	}
	return plain.WriteSentence(err, path)
}

// shown is a file name as printed on the terminal: control characters and invalid UTF-8
// removed (mailmsg.OneLine, the cleaning subjects get), so a hostile name cannot rewrite
// the screen.
func shown(name string) string { return mailmsg.OneLine(name) }

// flagFailed answers a parse error: COMMAND --help prints that command's usage and exits
// 0 (spec/cli.md); anything else is one sentence and exit 2.
func (e env) flagFailed(cmd string, err error) int {
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(e.stdout, helpText(cmd))
		return exitYes
	}
	e.say("%s Run “reportmail-cli %s --help” to see the options.", flagSentence(err), cmd)
	return exitFail
}
