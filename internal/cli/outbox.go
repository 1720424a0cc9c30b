package cli

import (
	"context"
	"errors"
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

// outboxCmd is `reportmail-cli outbox list|send [--again]|remove|history|case|mark-sent`.
func (e env) outboxCmd(args []string) int {
	if len(args) == 0 {
		e.say("Say what to do with the outbox: list, send, remove ID, history or case ID NUMBER.")
		return exitFail
	}
	if args[0] == "replies" { // IMAP-FLAGS, not the SMTP ones: its own flag set
		return e.outboxReplies(args[1:])
	}
	fs := flag.NewFlagSet("outbox", flag.ContinueOnError)
	smtp := addSMTPFlags(fs)
	asJSON := fs.Bool("json", false, "")
	again := fs.Bool("again", false, "")
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
		return e.outboxList(ob, ob.List, *asJSON, "The outbox is empty: every report was sent.")
	case "history":
		return e.outboxList(ob, ob.History, *asJSON, "No report has been sent yet.")
	case "send":
		if *again && len(rest) == 0 {
			e.say("Name the report to send again, for example: reportmail-cli outbox send --again ID (“outbox list” shows the IDs).")
			return exitFail
		}
		return e.outboxSend(ob, smtp, rest, *asJSON, *again)
	case "mark-sent":
		return e.outboxMarkSent(ob, rest, *asJSON)
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
	e.say("The outbox command “%s” is not known: use list, send, remove, history, case, mark-sent or replies.", shown(args[0]))
	return exitFail
}

func (e env) outboxList(ob *outbox.Outbox, get func() ([]outbox.Entry, error), asJSON bool, empty string) int {
	es, err := get()
	if err != nil {
		e.say("%s", plain.Sentence(err))
		return exitFail
	}
	if asJSON {
		e.json(listed(ob, es))
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
	subject := shown(x.Subject)
	if subject == "" {
		subject = "(subject not known)"
	}
	fmt.Fprintf(w, "%s  %-7s  %s  %s\n", x.ID, x.State, when.Local().Format("2006-01-02 15:04"), subject)
	if x.CaseNumber != "" {
		fmt.Fprintf(w, "    Case: %s\n", shown(x.CaseNumber))
	}
	if x.ReplyProblem != "" {
		fmt.Fprintf(w, "    %s\n", plain.ReplyProblem(shown(x.CaseNumber)))
	}
	if p := problem(x); p != "" {
		fmt.Fprintf(w, "    %s\n    %s\n", p, choices(x))
		return
	}
	if last := plain.LastTry(x); x.State != outbox.Sent && last != "" {
		fmt.Fprintf(w, "    Last try: %s\n", last)
	}
	if x.State == outbox.Queued && x.Attempts > 0 && !x.NextAttempt.IsZero() {
		fmt.Fprintf(w, "    Next try: %s\n", x.NextAttempt.Local().Format("2006-01-02 15:04"))
	}
}

// outboxSend delivers the named reports, or every report that is due. Named reports are
// tried whatever their state (e.g. after fixing a setting) except one that may have been
// delivered: that takes --again, the person's word that it did not arrive.
func (e env) outboxSend(ob *outbox.Outbox, smtp *smtpFlags, ids []string, asJSON, again bool) int {
	cfg, err := smtp.config()
	if err != nil {
		e.say("%s", plain.Sentence(err))
		return exitFail
	}
	cfg = e.withWaiting(cfg)
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
		var entry outbox.Entry
		if again {
			entry, err = ob.SendAgain(id, time.Now())
		}
		if err == nil {
			entry, err = deliverNow(ctx, ob, id, cfg)
		}
		r := submitResult{ID: id, Subject: entry.Subject, MessageID: entry.MessageID, SHA256: entry.SHA256, Attempts: entry.Attempts, Status: "sent"}
		if err != nil {
			code = exitFail
			r.Status = statusOf(entry)
			r.Error, r.ErrorKind = plain.Sentence(err), errorKind(err)
			e.say("%s", r.Error)
		}
		results = append(results, r)
		if !asJSON {
			fmt.Fprintf(e.stdout, "%s  %s  %s\n", id, r.Status, shown(r.Subject))
			if mayHaveArrived(err) {
				fmt.Fprintf(e.stdout, "    %s\n", choices(entry))
			}
		}
		err = nil
	}
	if asJSON {
		e.json(results)
	} else if len(ids) == 0 {
		fmt.Fprintln(e.stdout, "Nothing to send: no report in the outbox is due.")
	}
	return code
}

// outboxMarkSent records the person's word that a report of unknown outcome did arrive.
func (e env) outboxMarkSent(ob *outbox.Outbox, ids []string, asJSON bool) int {
	if len(ids) != 1 {
		e.say("Name the report that did arrive, for example: reportmail-cli outbox mark-sent ID (“outbox list” shows the IDs).")
		return exitFail
	}
	entry, err := ob.MarkSent(ids[0])
	if err != nil {
		e.say("%s", plain.Sentence(err))
		return exitFail
	}
	if asJSON {
		e.json(submitResult{ID: entry.ID, Subject: entry.Subject, MessageID: entry.MessageID, SHA256: entry.SHA256, Attempts: entry.Attempts, Status: "sent"})
	} else {
		fmt.Fprintf(e.stdout, "%s  sent  %s\n", entry.ID, shown(entry.Subject))
	}
	return exitYes
}

// listedEntry is one report in `outbox list|history --json`: the record as stored, plus the
// sentence for a report that needs the person (problem) and, for a damaged one, the folder
// holding its files, named only here, never in a sentence.
type listedEntry struct {
	outbox.Entry
	Problem string `json:"problem,omitempty"`
	Folder  string `json:"folder,omitempty"`
	// Case is the desk's case number under the name spec/cli.md gives it; the record's own
	// case_number stays beside it for scripts written before.
	Case string `json:"case"`
}

func listed(ob *outbox.Outbox, es []outbox.Entry) []listedEntry {
	out := make([]listedEntry, 0, len(es))
	for _, x := range es {
		l := listedEntry{Entry: x, Problem: problem(x), Case: x.CaseNumber}
		if l.Problem == "" && x.ReplyProblem != "" {
			l.Problem = plain.ReplyProblem(x.CaseNumber)
		}
		l.LastError = plain.LastTry(x) // worded now: the outbox keeps only what happened
		if x.Damage != "" {
			l.Folder = ob.Folder(x.ID)
		}
		out = append(out, l)
	}
	return out
}

// problem is the sentence for a report that waits for the person's decision, or "".
func problem(x outbox.Entry) string {
	switch {
	case x.Damage != "":
		return plain.Damage(x.Damage, x.State == outbox.Sent)
	case x.State == outbox.Unknown:
		return plain.MaybeSent
	}
	return ""
}

// choices names the commands for a report that may have arrived or is damaged.
func choices(x outbox.Entry) string {
	switch {
	case x.Damage == outbox.DamageMessage && x.State != outbox.Sent:
		return fmt.Sprintf("To remove it: reportmail-cli outbox remove %s", x.ID)
	case x.State == outbox.Sent:
		return ""
	}
	return fmt.Sprintf("If it did not arrive: reportmail-cli outbox send --again %s; if it did: reportmail-cli outbox mark-sent %s", x.ID, x.ID)
}

// statusOf is a report's status in submit's and outbox send's JSON after a failed attempt.
func statusOf(x outbox.Entry) string {
	switch x.State {
	case outbox.Queued, outbox.Sending:
		return "queued"
	case outbox.Unknown:
		return "unknown"
	case outbox.Damaged:
		return "damaged"
	}
	return "failed"
}

func errorKind(err error) string {
	switch {
	case errors.Is(err, outbox.ErrMaybeSent):
		return string(send.Unknown)
	case errors.Is(err, outbox.ErrDamaged):
		return "damaged"
	}
	return string(send.KindOf(err))
}

// mayHaveArrived says an attempt ended with the report perhaps delivered, or not sendable:
// nothing is tried again without the person.
func mayHaveArrived(err error) bool {
	return errors.Is(err, outbox.ErrMaybeSent) || errors.Is(err, outbox.ErrDamaged) || send.KindOf(err) == send.Unknown
}

// keptLine is what submit prints about the report it leaves in the outbox.
func keptLine(x outbox.Entry, id string) string {
	if x.State == outbox.Unknown {
		return fmt.Sprintf("The report is kept in the outbox as %s. %s.", id, choices(outbox.Entry{ID: id, State: outbox.Unknown}))
	}
	return fmt.Sprintf("The report is kept in the outbox as %s; “reportmail-cli outbox send” tries again.", id)
}
