package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

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
		e.say("%s", plain.Sentence(err))
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
		e.say("%s", plain.Sentence(samplezip.ErrTooLarge))
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
		e.say("%s", plain.Sentence(err))
		return exitFail
	}
	if err := writeFileAtomic(*out, b); err != nil {
		e.say("%s", plain.WriteSentence(err, *out))
		return exitFail
	}
	fmt.Fprintf(e.stdout, "Zipped %s into %s (%d bytes, %s, password “%s”): %s.\n",
		samplezip.SafeFileName(entry, ".eml"), *out, len(b), method, *password, method.Opens())
	return exitYes
}
