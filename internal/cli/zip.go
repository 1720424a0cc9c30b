package cli

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/samplezip"
)

// zipCmd puts one file (for an email, the sample) into a password-protected zip, the way a
// virus report carries it, for helpdesk staff who send a sample by other means.
//
//	reportmail-cli zip [--password P] [--encryption zipcrypto|aes256] [--name NAME] FILE -o OUT.zip
func (e env) zipCmd(args []string) int {
	fs := flag.NewFlagSet("zip", flag.ContinueOnError)
	out := fs.String("o", "", "")
	password := fs.String("password", samplezip.DefaultPassword, "")
	encryption := fs.String("encryption", string(samplezip.ZipCrypto), "")
	name := fs.String("name", "", "")
	files, err := parse(fs, args)
	if err != nil {
		e.say("%s Run “reportmail-cli help” to see the options.", flagSentence(err))
		return exitFail
	}
	if len(files) != 1 || *out == "" {
		e.say("Name one file to zip and where to write the zip, for example: reportmail-cli zip message.eml -o sample.zip")
		return exitFail
	}
	method, err := samplezip.ParseMethod(*encryption)
	if err != nil {
		e.say("The --encryption option must be zipcrypto or aes256.")
		return exitFail
	}
	if err := samplezip.CheckPassword(*password); err != nil {
		e.say("%s", zipSentence(err, files[0]))
		return exitFail
	}
	in := files[0]
	f, err := os.Open(in)
	if err != nil {
		e.say("%s", plain.Sentence(err))
		return exitFail
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		e.say("%s", plain.Sentence(err))
		return exitFail
	}
	if st.IsDir() {
		e.say("“%s” is a folder. Name one file inside it to zip.", in)
		return exitFail
	}
	if !st.Mode().IsRegular() {
		e.say("“%s” is not a regular file. Name a saved file to zip.", in)
		return exitFail
	}
	if st.Size() > samplezip.MaxEntrySize {
		e.say("%s", zipSentence(samplezip.ErrTooLarge, in))
		return exitFail
	}
	if ost, err := os.Stat(*out); err == nil && os.SameFile(st, ost) {
		e.say("The zip would replace the file being zipped: give another name after -o.")
		return exitFail
	}
	entry := *name
	if entry == "" {
		entry = filepath.Base(in)
	}
	// Read in pieces as it is compressed: only the zip is held in memory.
	b, err := samplezip.ArchiveFile(entry, f, st.Size(), *password, method, st.ModTime())
	if err != nil {
		e.say("%s", zipSentence(err, in))
		return exitFail
	}
	if err := writeFileAtomic(*out, b); err != nil {
		e.say("%s", writeSentence(err, *out))
		return exitFail
	}
	fmt.Fprintf(e.stdout, "Zipped %s into %s (%d bytes, %s, password “%s”): %s.\n",
		samplezip.SafeFileName(entry, ".eml"), *out, len(b), method, *password, method.Opens())
	return exitYes
}

// zipSentence words samplezip's errors for a person.
func zipSentence(err error, file string) string {
	switch {
	case errors.Is(err, samplezip.ErrNoPassword):
		return "The zip needs a password: give one with --password, or leave the option out to use “infected”."
	case errors.Is(err, samplezip.ErrPasswordChars):
		return "The zip password may use only English letters, digits, spaces (not at either end) and common punctuation, at most 128 of them: zip tools read other letters differently."
	case errors.Is(err, samplezip.ErrTooLarge):
		return fmt.Sprintf("“%s” is too large to zip here.", file)
	case errors.Is(err, samplezip.ErrChanged):
		return fmt.Sprintf("“%s” changed while Report Mail was zipping it, so nothing was written. Try again once nothing is writing to it.", file)
	case errors.Is(err, samplezip.ErrRead):
		return plain.Sentence(err) // the file's own error: “Report Mail could not read …”
	}
	return "Report Mail could not make the zip correctly, so nothing was written."
}

// writeSentence words a failure to write the zip (plain.Sentence speaks of reading).
func writeSentence(err error, out string) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("The folder for “%s” does not exist. Check the name after -o.", out)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("Report Mail is not allowed to write “%s”. Choose another folder.", out)
	case errors.Is(err, syscall.ENOSPC):
		return "There is no room left on the disk. Free some space and try again."
	case errors.Is(err, syscall.EISDIR) || errors.Is(err, syscall.EEXIST) || errors.Is(err, syscall.ENOTEMPTY):
		return fmt.Sprintf("“%s” is a folder. Give a file name after -o, for example sample.zip.", out)
	}
	return fmt.Sprintf("Report Mail could not write “%s”.", out)
}
