package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/reportmail/reportmail/internal/check"
	"github.com/reportmail/reportmail/internal/intake"
	"github.com/reportmail/reportmail/internal/mailmsg"
	"github.com/reportmail/reportmail/internal/notice"
	"github.com/reportmail/reportmail/internal/plain"
)

func init() {
	commandUsage["bounce"] = `  bounce [--json] [--message N] FILE...  what a rejection notice says: why the email was refused,
                                         what came back of it, and what to do next
`
	// The general usage lists every command; it is built before init runs, so the line is
	// slotted in here rather than in cli.go, which other commands share.
	usage = strings.Replace(usage, commandUsage["convert"], commandUsage["bounce"]+commandUsage["convert"], 1)
}

// bounce reads rejection notices (spec/cli.md, "bounce"): exit 0 when every file is one, 1
// when any is not, 2 when any could not be read.
func (e env) bounce(args []string) int {
	// Reading many notices makes short-lived garbage per file, and the process ends when the
	// last answer is printed: collecting half as often saves about a sixth of the time, while
	// each notice read is bounded, so peak memory stays small.
	debug.SetGCPercent(200)
	fs := flag.NewFlagSet("bounce", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "")
	index := fs.Int("message", 0, "")
	files, err := parse(fs, args)
	if err != nil {
		return e.flagFailed("bounce", err)
	}
	if len(files) == 0 {
		e.say("Name at least one saved rejection notice to read, for example: reportmail-cli bounce notice.eml")
		return exitFail
	}
	code := exitYes
	results := []*check.Bounce{}
	var encoded [][]byte
	for _, r := range e.readBounces(files, intake.Options{MboxIndex: *index}, *asJSON && len(files) > 1) {
		if r.err != nil {
			e.say("%s", plain.Sentence(r.err))
			code = exitFail
			continue
		}
		results = append(results, r.b)
		encoded = append(encoded, r.json)
		if !r.b.IsBounce && code == exitYes {
			code = exitNo
		}
	}
	if *asJSON && len(files) > 1 {
		return writeJSONArray(e.stdout, encoded, code)
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
		}
		if err := enc.Encode(v); err != nil {
			return exitFail
		}
		return code
	}
	for i, b := range results {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		writeBounce(e.stdout, b)
	}
	return code
}

// bounceRead is one file's notice, or why it could not be read.
type bounceRead struct {
	b    *check.Bounce
	json []byte // b as an element of the indented JSON array, when asked for
	err  error
}

// writeJSONArray writes elements encoded by encodeElement as the array json.Encoder with a
// two-space indent would write: byte for byte the same, but each element was encoded on the
// goroutine that read it, in parallel, rather than all at the end on one.
func writeJSONArray(w io.Writer, elems [][]byte, code int) int {
	var b bytes.Buffer
	n := 8
	for _, el := range elems {
		n += len(el) + 4
	}
	b.Grow(n)
	if len(elems) == 0 {
		b.WriteString("[]\n")
	} else {
		b.WriteString("[\n  ")
		for i, el := range elems {
			if i > 0 {
				b.WriteString(",\n  ")
			}
			b.Write(el)
		}
		b.WriteString("\n]\n")
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return exitFail
	}
	return code
}

// encodeElement is v as one element of an array indented by two spaces, without HTML
// escaping, as the single-file output is.
func encodeElement(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("  ", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// readBounces reads every file's notice, in the order given. Files are read on as many
// goroutines as there are processors, since each is independent and reading a whole
// collection of notices in one run is what this command is for; standard input ("-") is
// read here, first, as it may be read only once.
func (e env) readBounces(files []string, opt intake.Options, asJSON bool) []bounceRead {
	out := make([]bounceRead, len(files))
	read := func(i int) {
		item, err := e.openItem(files[i], opt)
		if err != nil {
			out[i].err = err
			return
		}
		out[i].b = check.NewBounce(files[i], noticeOf(item))
		if asJSON {
			out[i].json, out[i].err = encodeElement(out[i].b)
		}
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(files)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				read(i)
			}
		}()
	}
	for i, f := range files {
		if f == stdinArg {
			read(i)
		}
	}
	for i, f := range files {
		if f != stdinArg {
			next <- i
		}
	}
	close(next)
	wg.Wait()
	return out
}

// noticeOf is what the file says as a notice. Intake reads every file's notice (the one
// rule check uses too); a file it keeps whole as something else (an auto-reply, list mail,
// no email at all) is read here only to say what it is.
func noticeOf(item *intake.Item) *notice.Notice {
	if item.Notice != nil {
		return item.Notice
	}
	return notice.Read(item.Raw)
}

// writeBounce prints a notice for a person: what happened, who refused it and their words,
// what came back, and the next step.
func writeBounce(w io.Writer, b *check.Bounce) {
	n := b.Notice
	if !b.IsBounce {
		what := "not a rejection notice"
		if n.Kind == notice.KindAutoReply {
			what = "an automatic reply (such as an out-of-office message), not a rejection notice"
		}
		fmt.Fprintf(w, "%s: %s\n", shown(b.File), what)
		return
	}
	what := "a rejection notice"
	if n.Kind == notice.KindFeedback {
		what = "a complaint report about an email"
	}
	fmt.Fprintf(w, "%s: %s\n", shown(b.File), what)
	if n.Explanation != "" {
		fmt.Fprintf(w, "  What happened: %s\n", n.Explanation)
	}
	for _, r := range n.Recipients {
		if line := refusedLine(r); line != "" {
			fmt.Fprintf(w, "  %s\n", line)
		}
		if r.Diagnostic != "" {
			fmt.Fprintf(w, "    Their words: “%s”\n", oneLine(r.Diagnostic))
		}
		if bl := r.Blocklist; bl != nil {
			fmt.Fprintf(w, "    %s\n", blocklistLine(bl))
		}
	}
	if n.ReportingMTA != "" {
		fmt.Fprintf(w, "  Notice sent by: the server %s\n", oneLine(n.ReportingMTA))
	}
	fmt.Fprintf(w, "  Returned: %s\n", returnedWords(n))
	if n.Advice != "" {
		fmt.Fprintf(w, "  What to do: %s\n", n.Advice)
	}
}

// refusedLine names the recipient and, when the notice says it, the server that refused.
func refusedLine(r notice.Recipient) string {
	switch {
	case r.Address != "" && r.RemoteHost != "":
		return fmt.Sprintf("Refused for %s by the server %s.", oneLine(r.Address), oneLine(r.RemoteHost))
	case r.Address != "":
		return fmt.Sprintf("Refused for %s.", oneLine(r.Address))
	case r.RemoteHost != "":
		return fmt.Sprintf("Refused by the server %s.", oneLine(r.RemoteHost))
	}
	return ""
}

func blocklistLine(bl *notice.Blocklist) string {
	s := "It names a blocklist"
	if bl.Zone != "" {
		s += " (" + oneLine(bl.Zone) + ")"
	}
	if bl.Listed != "" {
		s += " that lists " + oneLine(bl.Listed)
	}
	s += "."
	if bl.URL != "" {
		s += " To ask for removal, see " + oneLine(bl.URL)
	}
	return s
}

// returnedWords says what of the email came back.
func returnedWords(n *notice.Notice) string {
	desc := ""
	if s := n.Original.Subject; s != "" {
		desc = " “" + oneLine(s) + "”"
	}
	if f := n.Original.From; f != "" {
		desc += " from " + oneLine(f)
	}
	switch n.Returned {
	case notice.ReturnedFull:
		return "the whole email" + desc + ", which can be reported as it is."
	case notice.ReturnedHeaders:
		return "only the delivery details of the email" + desc + ", not its text; use the sender's copy from Sent Items to report it."
	}
	return "nothing of the email; use the sender's copy from Sent Items to report it."
}

// oneLine cleans text from the notice for the terminal (control characters, long runs).
func oneLine(s string) string { return mailmsg.Shorten(mailmsg.OneLine(s), 400) }
