package plain

import (
	"errors"
	"fmt"

	"github.com/reportmail/reportmail/internal/mailmsg"
	"github.com/reportmail/reportmail/internal/safefile"
)

// StdinName is the file name "-" on a command line: standard input.
const StdinName = "-"

// FileName is how a file the person named appears in a sentence or on a terminal: cleaned
// of control characters and invalid UTF-8 as subjects are, and "-" called standard input.
func FileName(path string) string {
	if path == StdinName {
		return "standard input"
	}
	return mailmsg.OneLine(path)
}

// quoted is FileName in quotation marks, except standard input, which is not a name.
func quoted(path string) string {
	if path == StdinName {
		return "standard input"
	}
	return "“" + FileName(path) + "”"
}

// notFileSentence words a path that is a pipe, device or socket (reading it could wait for
// ever) or, when writing, a symbolic link. ok is false for other errors and for folders,
// which have sentences of their own.
func notFileSentence(err error, writing bool) (string, bool) {
	var nf *safefile.NotFileError
	if !errors.As(err, &nf) || nf.Kind == safefile.Folder {
		return "", false
	}
	name := quoted(nf.Path)
	if writing {
		if nf.Kind == safefile.Symlink {
			return fmt.Sprintf("%s is a link to another file, and Report Mail does not write through links: choose another name.", capitalise(name)), true
		}
		return fmt.Sprintf("%s is not a file Report Mail can write (it is %s): choose another name.", capitalise(name), nf.Kind), true
	}
	return fmt.Sprintf("%s is not a file Report Mail can read (it is %s): save the email or setting as a file and choose that file.", capitalise(name), nf.Kind), true
}

// tooBigSentence words a file over the bound its reader sets; what names what it should be.
func tooBigSentence(err error, path, what string) (string, bool) {
	if !errors.Is(err, safefile.ErrTooBig) {
		return "", false
	}
	return fmt.Sprintf("%s is too big to be %s: check that you chose the right file.", capitalise(quoted(path)), what), true
}

// existsSentence words a write refused because the file is there and replacing it was not
// asked for. The CLI says how to ask (--force); the window asks itself.
func existsSentence(err error, path string) (string, bool) {
	var ee *safefile.ExistsError
	if !errors.As(err, &ee) {
		return "", false
	}
	return fmt.Sprintf("%s already exists: choose another name.", capitalise(quoted(path))), true
}
