package cli

import (
	"flag"

	"github.com/reportmail/reportmail/internal/atomicfile"

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
		e.say("%s", plain.WriteSentence(err, *out))
		return exitFail
	}
	return exitYes
}

// writeFileAtomic writes a file the user asked for: never half-written, readable as usual.
func writeFileAtomic(path string, data []byte) error {
	return atomicfile.Write(path, data, 0o644)
}
