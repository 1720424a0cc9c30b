package cli

import (
	"flag"
	"os"
	"path/filepath"

	"github.com/reportmail/reportmail/internal/check"
	"github.com/reportmail/reportmail/internal/intake"
	"github.com/reportmail/reportmail/internal/plain"
)

func (e env) convert(args []string) int {
	fs := flag.NewFlagSet("convert", flag.ContinueOnError)
	out := fs.String("o", "", "")
	index := fs.Int("message", 0, "")
	files, err := parse(fs, args)
	if err != nil {
		e.say("%s Run “reportmail-cli help” to see the options.", flagSentence(err))
		return exitFail
	}
	if len(files) != 1 || *out == "" {
		e.say("Name one saved email and where to write the result, for example: reportmail-cli convert message.msg -o message.eml")
		return exitFail
	}
	item, err := intake.Open(files[0], intake.Options{MboxIndex: *index})
	if err != nil {
		e.say("%s", plain.Sentence(err))
		return exitFail
	}
	r := check.Check(item)
	if r.Verdict != check.Original {
		msg := "This file does not hold the original email, so nothing was written."
		if len(r.Findings) > 0 {
			msg = r.Findings[0].Message + " Nothing was written."
		}
		e.say("%s", msg)
		return exitNo
	}
	if err := writeFileAtomic(*out, item.Raw); err != nil {
		e.say("%s", plain.Sentence(err))
		return exitFail
	}
	return exitYes
}

// writeFileAtomic writes through a temporary file in the same folder, so an interrupted
// write never leaves a half-written message where the user expects a whole one.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".reportmail-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
