package cli

import (
	"flag"

	"github.com/reportmail/reportmail/internal/check"
	"github.com/reportmail/reportmail/internal/intake"
	"github.com/reportmail/reportmail/internal/plain"
)

func (e env) convert(args []string) int {
	fs := flag.NewFlagSet("convert", flag.ContinueOnError)
	out := fs.String("o", "", "")
	index := fs.Int("message", 0, "")
	force := fs.Bool("force", false, "")
	files, err := parse(fs, args)
	if err != nil {
		return e.flagFailed("convert", err)
	}
	if len(files) != 1 || *out == "" {
		e.say("Name one saved email and where to write the result, for example: reportmail-cli convert message.msg -o message.eml")
		return exitFail
	}
	item, err := e.openItem(files[0], intake.Options{MboxIndex: *index})
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
	if err := writeOutput(*out, item.Raw, *force); err != nil {
		e.say("%s", writeSentence(err, *out))
		return exitFail
	}
	return exitYes
}
