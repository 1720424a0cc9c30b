package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/reportmail/reportmail/internal/check"
	"github.com/reportmail/reportmail/internal/finding"
	"github.com/reportmail/reportmail/internal/intake"
	"github.com/reportmail/reportmail/internal/plain"
)

func (e env) check(args []string) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "")
	index := fs.Int("message", 0, "")
	files, err := parse(fs, args)
	if err != nil {
		return e.flagFailed("check", err)
	}
	if len(files) == 0 {
		e.say("Name at least one saved email to check, for example: reportmail-cli check message.eml")
		return exitFail
	}
	code := exitYes
	var results []*check.Result
	for _, f := range files {
		item, err := e.openItem(f, intake.Options{MboxIndex: *index})
		if err != nil {
			e.say("%s", plain.Sentence(err))
			code = exitFail
			continue
		}
		r := check.Check(item)
		results = append(results, r)
		if r.Verdict != check.Original && code == exitYes {
			code = exitNo
		}
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		var v any = results
		if len(files) == 1 {
			if len(results) == 0 {
				return code // the one file could not be read: the sentence is on stderr
			}
			v = results[0]
		} else if results == nil {
			results = []*check.Result{}
			v = results
		}
		if err := enc.Encode(v); err != nil {
			return exitFail
		}
		return code
	}
	for i, r := range results {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		writeHuman(e.stdout, r)
	}
	return code
}

var verdictWords = map[check.Verdict]string{
	check.Original:    "the original email — ready to report",
	check.NotOriginal: "NOT the original email",
	check.NotEmail:    "NOT an email",
}

var severityWords = map[finding.Severity]string{
	finding.Error:   "Problem",
	finding.Warning: "Note",
	finding.Info:    "Info",
}

func writeHuman(w io.Writer, r *check.Result) {
	fmt.Fprintf(w, "%s: %s\n", shown(r.File), verdictWords[r.Verdict])
	m := r.Message
	for _, l := range [][2]string{{"From", m.From}, {"To", m.To}, {"Subject", m.Subject}, {"Date", m.Date}, {"Message-ID", m.MessageID}, {"Sent from", m.SourceIP}} {
		if l[1] != "" {
			fmt.Fprintf(w, "  %-11s %s\n", l[0]+":", l[1])
		}
	}
	for _, f := range r.Findings {
		fmt.Fprintf(w, "  %s: %s\n", severityWords[f.Severity], f.Message)
		if f.Advice != "" {
			fmt.Fprintf(w, "    What to do: %s\n", f.Advice)
		}
	}
}

// flagSentence rewrites the flag package's terse errors as a sentence.
func flagSentence(err error) string {
	s := err.Error()
	switch {
	case strings.HasPrefix(s, "flag provided but not defined: "):
		return fmt.Sprintf("The option %s is not known.", strings.TrimPrefix(s, "flag provided but not defined: "))
	case strings.HasPrefix(s, "flag needs an argument: "):
		return fmt.Sprintf("The option %s needs a value after it.", strings.TrimPrefix(s, "flag needs an argument: "))
	case strings.HasPrefix(s, "invalid value "):
		return "One of the options has a value that is not valid."
	}
	return "The options are not right."
}
