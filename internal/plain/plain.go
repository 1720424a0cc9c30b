// Package plain turns errors into the one sentence a person sees. Every front end (the CLI
// and the desktop app) goes through Sentence, so wording is decided here and only here; the
// raw error goes to the log.
package plain

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
	"unicode"
	"unicode/utf8"

	"github.com/reportmail/reportmail/internal/fault"
	"github.com/reportmail/reportmail/internal/intake"
	"github.com/reportmail/reportmail/internal/safefile"
)

// Sentence returns a plain-language sentence for err. It never returns Go error text for
// errors it does not know: those get a general sentence, and callers log the detail.
func Sentence(err error) string {
	if err == nil {
		return ""
	}
	if errors.Is(err, fault.ErrInternal) {
		// A recovered panic: the details went to the log, the person needs to know that
		// their file is safe.
		return "Something went wrong reading this file. The file itself has not been changed."
	}
	if s, ok := domainSentence(err); ok {
		return s
	}
	if s, ok := oauthSentence(err); ok {
		return s
	}
	if s, ok := mailboxSentence(err); ok {
		return s
	}
	if s, ok := sendSentence(err); ok {
		return s
	}
	var m interface{ Plain() string }
	if errors.As(err, &m) {
		return m.Plain()
	}
	var mi *intake.MboxIndexError
	if errors.As(err, &mi) {
		return fmt.Sprintf("This mailbox file holds %d message%s; there is no message number %d.", mi.Count, plural(mi.Count), mi.Index)
	}
	var fe *intake.FileError
	if errors.As(err, &fe) {
		return fileSentence(fe.Path, fe.Err)
	}
	var nf *safefile.NotFileError
	if errors.As(err, &nf) {
		return fileSentence(nf.Path, nf)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fileSentence(pe.Path, pe.Err)
	}
	return "Something went wrong that Report Mail did not expect. Nothing you gave it was changed."
}

func fileSentence(path string, err error) string {
	if s, ok := notFileSentence(err, false); ok {
		return s
	}
	name := "the file"
	if path != "" {
		name = quoted(path)
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("Report Mail cannot find %s. Check the name and where it was saved.", name)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("Report Mail is not allowed to open %s. Copy it to your desktop and try again.", name)
	case errors.Is(err, syscall.EISDIR) || path != StdinName && isDir(path):
		return fmt.Sprintf("%s is a folder, not a saved email. Open the folder and choose the email file inside it.", capitalise(name))
	case errors.Is(err, syscall.ENOSPC):
		return "There is no room left on the disk. Free some space and try again."
	}
	return fmt.Sprintf("Report Mail could not read %s.", name)
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

// capitalise starts a sentence with a name ("the file", "standard input").
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if unicode.IsLower(r) {
		return string(unicode.ToUpper(r)) + s[n:]
	}
	return s
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
