package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/reportmail/reportmail/internal/deskreply"
	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/submit"
)

// repliesTimeout bounds the whole look: one sign-in, two searches and a few small fetches.
const repliesTimeout = 5 * time.Minute

// repliesResult is one line of `outbox replies --json`, exactly as spec/cli.md has it.
type repliesResult struct {
	ID        string `json:"id"`
	Subject   string `json:"subject"`
	Case      string `json:"case"`
	ReplyDate string `json:"reply_date"` // RFC 3339
}

// outboxReplies is `reportmail-cli outbox replies IMAP-FLAGS [--json] [--outbox DIR]`: it
// looks in the mailbox for the desk's replies to sent reports and records their case numbers.
func (e env) outboxReplies(args []string) int {
	fs := flag.NewFlagSet("outbox replies", flag.ContinueOnError)
	imap := addIMAPFlags(fs)
	asJSON := fs.Bool("json", false, "")
	dir := fs.String("outbox", "", "")
	rest, err := parse(fs, args)
	if err != nil {
		e.say("%s Run “reportmail-cli help” to see the options.", flagSentence(err))
		return exitFail
	}
	if len(rest) > 0 {
		e.say("“outbox replies” takes no report IDs: it looks for replies to every report sent in the last %d days.", int(deskreply.LookBack.Hours()/24))
		return exitFail
	}
	cfg, err := imap.config()
	if err != nil {
		e.say("%s", plain.Sentence(err))
		return exitFail
	}
	ob, err := submit.OpenOutbox(*dir)
	if err != nil {
		e.say("%s", plain.Sentence(err))
		return exitFail
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, repliesTimeout)
	defer cancel()
	found, err := deskreply.Look(ctx, ob, deskreply.Mailbox{Config: cfg}, provider.Default(), nil)
	if err != nil {
		e.say("%s", plain.Sentence(err))
		return exitFail
	}
	if *asJSON {
		out := make([]repliesResult, 0, len(found))
		for _, f := range found {
			out = append(out, repliesResult{ID: f.ID, Subject: f.Subject, Case: f.Case, ReplyDate: f.ReplyDate.Format(time.RFC3339)})
		}
		e.json(out)
		return exitYes
	}
	if len(found) == 0 {
		fmt.Fprintln(e.stdout, "No reply from the support desk yet.")
		return exitYes
	}
	for _, f := range found {
		fmt.Fprintf(e.stdout, "%s  %s  %s\n", f.ID, plain.ReplyLine(shown(f.Case), f.ReplyDate.Local().Format("2006-01-02 15:04")), shown(f.Subject))
		if f.Problem != "" {
			fmt.Fprintf(e.stdout, "    %s\n", plain.ReplyProblem(shown(f.Case)))
		}
	}
	return exitYes
}
