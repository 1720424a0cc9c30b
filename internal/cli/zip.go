package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/safefile"
	"github.com/reportmail/reportmail/internal/samplezip"
)

// zipCmd puts one file (for an email, the sample) into a password-protected zip, the way a
// virus report carries it, for helpdesk staff who send a sample by other means.
//
//	reportmail-cli zip [--password P] [--encryption zipcrypto|aes256] [--name NAME] [--force] FILE -o OUT.zip
func (e env) zipCmd(args []string) int {
	fs := flag.NewFlagSet("zip", flag.ContinueOnError)
	out := fs.String("o", "", "")
	password := fs.String("password", samplezip.DefaultPassword, "")
	encryption := fs.String("encryption", string(samplezip.ZipCrypto), "")
	name := fs.String("name", "", "")
	force := fs.Bool("force", false, "")
	files, err := parse(fs, args)
	if err != nil {
		return e.flagFailed("zip", err)
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
	src, err := e.zipSource(in)
	if err != nil {
		e.say("%s", zipReadSentence(err, in))
		return exitFail
	}
	if src.f != nil {
		defer src.f.Close()
		if ost, err := os.Stat(*out); err == nil && os.SameFile(src.st, ost) {
			e.say("The zip would replace the file being zipped: give another name after -o.")
			return exitFail
		}
	}
	entry := *name
	if entry == "" {
		entry = src.name
	}
	b, err := samplezip.ArchiveFile(entry, src.r, src.size, *password, method, src.mod)
	if err != nil {
		e.say("%s", plain.Sentence(err))
		return exitFail
	}
	if err := writeOutput(*out, b, *force); err != nil {
		e.say("%s", writeSentence(err, *out))
		return exitFail
	}
	fmt.Fprintf(e.stdout, "Zipped %s into %s (%d bytes, %s, password “%s”): %s.\n",
		samplezip.SafeFileName(entry, ".eml"), shown(*out), len(b), method, shown(*password), method.Opens())
	return exitYes
}

// zipInput is what zip reads: a file taken in pieces as it is compressed (only the zip is
// held in memory), or, for standard input and files that do not say their size (/proc),
// the bytes read, at most samplezip.MaxEntrySize.
type zipInput struct {
	name string
	r    io.ReaderAt
	size int64
	mod  time.Time
	f    *os.File // the open file, when there is one
	st   fs.FileInfo
}

func (e env) zipSource(in string) (zipInput, error) {
	if in == stdinArg {
		if e.in.used {
			return zipInput{}, errStdinTwice
		}
		e.in.used = true
		data, err := safefile.ReadAll(e.in.r, samplezip.MaxEntrySize)
		if err != nil {
			return zipInput{}, err
		}
		return zipInput{name: "message.eml", r: bytes.NewReader(data), size: int64(len(data)), mod: time.Now()}, nil
	}
	f, st, err := safefile.Open(in)
	if err != nil {
		return zipInput{}, err
	}
	src := zipInput{name: filepath.Base(in), r: f, size: st.Size(), mod: st.ModTime(), f: f, st: st}
	if src.size > samplezip.MaxEntrySize {
		f.Close()
		return zipInput{}, samplezip.ErrTooLarge
	}
	if src.size == 0 {
		data, err := safefile.ReadAll(f, samplezip.MaxEntrySize)
		if err != nil {
			f.Close()
			return zipInput{}, err
		}
		src.r, src.size = bytes.NewReader(data), int64(len(data))
	}
	return src, nil
}

// zipReadSentence words a file zip cannot take.
func zipReadSentence(err error, in string) string {
	if errors.Is(err, safefile.ErrTooBig) {
		err = samplezip.ErrTooLarge
	}
	var nf *safefile.NotFileError
	if errors.As(err, &nf) && nf.Kind == safefile.Folder {
		return fmt.Sprintf("“%s” is a folder. Name one file inside it to zip.", shown(in))
	}
	return plain.Sentence(err)
}
