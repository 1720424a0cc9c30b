package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/submit"
)

// outboxCmd is `reportmail-cli outbox list|send|remove|history|case`.
func (e env) outboxCmd(args []string) int {
	if len(args) == 0 {
		e.say("Say what to do with the outbox: list, send, remove ID, history or case ID NUMBER.")
		return exitFail
	}
	fs := flag.NewFlagSet("outbox", flag.ContinueOnError)
	smtp := addSMTPFlags(fs)
	asJSON := fs.Bool("json", false, "")
	rest, err := parse(fs, args[1:])
	if err != nil {
		e.say("%s Run “reportmail-cli help” to see the options.", flagSentence(err))
		return exitFail
	}
	ob, err := submit.OpenOutbox(smtp.outbox)
	if err != nil {
		e.say("%s", plain.Sentence(err))
		return exitFail
	}
	switch args[0] {
	case "list":
		return e.outboxList(ob.List, *asJSON, "The outbox is empty: every report was sent.")
	case "history":
		return e.outboxList(ob.History, *asJSON, "No report has been sent yet.")
	case "send":
		return e.outboxSend(ob, smtp, rest, *asJSON)
	case "remove":
		if len(rest) != 1 {
			e.say("Name the report to remove, for example: reportmail-cli outbox remove ID (“outbox list” shows the IDs).")
			return exitFail
		}
		if err := ob.Remove(rest[0]); err != nil {
			e.say("%s", plain.Sentence(err))
			return exitFail
		}
		if *asJSON {
			e.json(map[string]string{"id": rest[0], "status": "removed"})
		}
		return exitYes
	case "case":
		if len(rest) != 2 {
			e.say("Name the report and the support desk's case number, for example: reportmail-cli outbox case ID 123456.")
			return exitFail
		}
		if err := ob.SetCaseNumber(rest[0], rest[1]); err != nil {
			e.say("%s", plain.Sentence(err))
			return exitFail
		}
		return exitYes
	}
	e.say("The outbox command %q is not known: use list, send, remove, history or case.", args[0])
	return exitFail
}

func (e env) outboxList(get func() ([]outbox.Entry, error), asJSON bool, empty string) int {
	es, err := get()
	if err != nil {
		e.say("%s", plain.Sentence(err))
		return exitFail
	}
	if asJSON {
		if es == nil {
			es = []outbox.Entry{}
		}
		e.json(es)
		return exitYes
	}
	if len(es) == 0 {
		fmt.Fprintln(e.stdout, empty)
		return exitYes
	}
	for _, x := range es {
		writeEntry(e.stdout, x)
	}
	return exitYes
}

func writeEntry(w io.Writer, x outbox.Entry) {
	when := x.Created
	if x.State == outbox.Sent {
		when = x.SentAt
	}
	fmt.Fprintf(w, "%s  %-7s  %s  %s\n", x.ID, x.State, when.Local().Format("2006-01-02 15:04"), x.Subject)
	if x.CaseNumber != "" {
		fmt.Fprintf(w, "    Case: %s\n", x.CaseNumber)
	}
	if x.State != outbox.Sent && x.LastError != "" {
		fmt.Fprintf(w, "    Last try: %s\n", x.LastError)
	}
	if x.State == outbox.Queued && x.Attempts > 0 && !x.NextAttempt.IsZero() {
		fmt.Fprintf(w, "    Next try: %s\n", x.NextAttempt.Local().Format("2006-01-02 15:04"))
	}
}

// outboxSend delivers the named reports, or every report that is due. Named reports are
// tried whatever their state: the person asked for it (e.g. after fixing a setting).
func (e env) outboxSend(ob *outbox.Outbox, smtp *smtpFlags, ids []string, asJSON bool) int {
	cfg, err := smtp.config()
	if err != nil {
		e.say("%s", plain.Sentence(err))
		return exitFail
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(ids) == 0 {
		due, err := ob.Due(time.Now())
		if err != nil {
			e.say("%s", plain.Sentence(err))
			return exitFail
		}
		for _, d := range due {
			ids = append(ids, d.ID)
		}
	}
	code := exitYes
	results := []submitResult{}
	for _, id := range ids {
		entry, err := deliverNow(ctx, ob, id, cfg)
		r := submitResult{ID: id, Subject: entry.Subject, MessageID: entry.MessageID, SHA256: entry.SHA256, Attempts: entry.Attempts, Status: "sent"}
		if err != nil {
			code = exitFail
			r.Status = "failed"
			if entry.State == outbox.Queued || entry.State == outbox.Sending {
				r.Status = "queued"
			}
			r.Error, r.ErrorKind = plain.Sentence(err), string(send.KindOf(err))
			e.say("%s", r.Error)
		}
		results = append(results, r)
		if !asJSON {
			fmt.Fprintf(e.stdout, "%s  %s  %s\n", id, r.Status, r.Subject)
		}
	}
	if asJSON {
		e.json(results)
	} else if len(ids) == 0 {
		fmt.Fprintln(e.stdout, "Nothing to send: no report in the outbox is due.")
	}
	return code
}
