package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/reportmail/reportmail/internal/appinfo"
	"github.com/reportmail/reportmail/internal/check"
	"github.com/reportmail/reportmail/internal/intake"
	"github.com/reportmail/reportmail/internal/mailmsg"
	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/plain"
	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/report"
	"github.com/reportmail/reportmail/internal/samplezip"
	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/submit"
)

// submitResult is submit's --json answer (spec/cli.md, submit).
type submitResult struct {
	Status    string `json:"status"` // sent | queued | failed | draft | not-original | already-reported
	ID        string `json:"id,omitempty"`
	Subject   string `json:"subject,omitempty"`
	MessageID string `json:"message_id,omitempty"`
	SHA256    string `json:"sha256,omitempty"`
	Draft     string `json:"draft,omitempty"`
	Outbox    string `json:"outbox,omitempty"`
	Attempts  int    `json:"attempts,omitempty"`
	Error     string `json:"error,omitempty"`
	ErrorKind string `json:"error_kind,omitempty"`
	// An earlier report of the same original with the same type (status already-reported).
	ReportedID string `json:"reported_id,omitempty"`
	ReportedAt string `json:"reported_at,omitempty"` // RFC 3339
	Case       string `json:"case,omitempty"`
	// Warning: the rejection notice names another email than the one reported.
	Warning string `json:"warning,omitempty"`
	// --from-mailbox with --after: the folder the message was moved to, and one plain
	// sentence on what happened to it (moved, or why not).
	MovedTo  string `json:"moved_to,omitempty"`
	MoveNote string `json:"move_note,omitempty"`
}

type submitFlags struct {
	kind, note, to, from, zipPassword, zipEncryption, draft, notice string
	asJSON, force, again                                            bool
	index                                                           int
	smtp                                                            *smtpFlags
	mbx                                                             *fromMailbox // submit_mailbox.go
}

func (e env) submit(args []string) int {
	// A submit holds the original, the built report and the outbox copy at once, all of
	// them garbage moments later, and the process ends when the server answers: collecting
	// a quarter as often saves about a quarter of its time (peak memory stays ~4x the file).
	debug.SetGCPercent(400)
	fs := flag.NewFlagSet("submit", flag.ContinueOnError)
	f := submitFlags{smtp: addSMTPFlags(fs)}
	f.mbx = addFromMailboxFlags(fs)
	fs.StringVar(&f.kind, "type", "", "")
	fs.StringVar(&f.note, "note", "", "")
	fs.StringVar(&f.to, "to", provider.Default().SupportAddress, "")
	fs.StringVar(&f.from, "from", "", "")
	fs.StringVar(&f.zipPassword, "zip-password", samplezip.DefaultPassword, "")
	fs.StringVar(&f.zipEncryption, "zip-encryption", string(samplezip.ZipCrypto), "")
	fs.StringVar(&f.draft, "draft", "", "")
	fs.StringVar(&f.notice, "rejection-notice", "", "")
	fs.BoolVar(&f.asJSON, "json", false, "")
	fs.IntVar(&f.index, "message", 0, "")
	fs.BoolVar(&f.force, "force", false, "")
	fs.BoolVar(&f.again, "again", false, "")
	files, err := parse(fs, args)
	if err != nil {
		return e.flagFailed("submit", err)
	}
	opts, cfg, err := f.validate(files)
	if err != nil {
		return e.submitFailed(f.asJSON, "failed", err)
	}

	var name string
	var orig *original
	if f.mbx.used() {
		if orig, err = f.mbx.fetchStoppable(); err != nil {
			return e.submitFailed(f.asJSON, "failed", err)
		}
		defer orig.remove()
		name = orig.path
	} else {
		name = files[0]
	}
	item, err := e.openItem(name, intake.Options{MboxIndex: f.index})
	if err != nil {
		return e.submitFailed(f.asJSON, "failed", err)
	}
	res := check.Check(item)
	if res.Verdict != check.Original {
		msg := "This file does not hold the original email, so nothing was sent."
		if len(res.Findings) > 0 {
			msg = res.Findings[0].Message + " Nothing was sent."
		}
		if s, ok := noticeWithoutOriginal(item, res); ok {
			msg = s
		}
		e.say("%s", msg)
		if f.asJSON {
			e.json(submitResult{Status: "not-original", Error: msg})
		}
		return exitNo
	}
	submit.FromCheck(&opts, item, res, name)
	if name == stdinArg || orig != nil {
		opts.OriginalName, opts.MsgName = "", "" // no file name of the person's to keep
	}
	var warning string
	if opts.Kind == report.FalsePositive {
		opts.RejectionNotice = fileNotice(item) // the file was a notice: it goes second
	}
	if f.notice != "" {
		notice, err := e.openItem(f.notice, intake.Options{})
		if err != nil {
			return e.submitFailed(f.asJSON, "failed", err)
		}
		if len(notice.Raw) == 0 {
			return e.submitFailed(f.asJSON, "failed", errUsage(fmt.Sprintf("%s is not an email, so it cannot go with the report as the rejection notice.", noticeName(f.notice))))
		}
		opts.RejectionNotice = noticeBytes(notice)
		if warning = pairingWarning(res, notice, f.notice); warning != "" {
			e.say("%s", warning)
		}
	}

	r, err := submit.Build(opts)
	if err != nil {
		return e.submitFailed(f.asJSON, "failed", err)
	}
	out := submitResult{Subject: r.Subject, MessageID: r.MessageID, SHA256: r.AttachedSHA256, Warning: warning}

	if f.draft != "" {
		if err := writeOutput(f.draft, submit.Draft(r), f.force); err != nil {
			return e.submitFailed(f.asJSON, "failed", errUsage(writeSentence(err, f.draft)))
		}
		out.Status, out.Draft = "draft", f.draft
		if f.asJSON {
			e.json(out)
		} else {
			fmt.Fprintf(e.stdout, "Draft saved: %s\nOpen it in your mail program and press Send.\n", shown(f.draft))
		}
		return exitYes
	}

	ob, err := submit.OpenOutbox(f.smtp.outbox)
	if err != nil {
		return e.submitFailed(f.asJSON, "failed", err)
	}
	if !f.again {
		if code, refused := e.refuseRepeat(ob, r, f.asJSON); refused {
			return code
		}
	}
	entry, err := submit.Queue(ob, opts, r)
	if err != nil {
		return e.submitFailed(f.asJSON, "failed", err)
	}
	out.ID, out.Outbox = entry.ID, ob.Dir()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	entry, err = deliverNow(ctx, ob, entry.ID, e.withWaiting(cfg))
	out.Attempts = entry.Attempts
	if entry.MessageID != "" {
		out.Subject, out.MessageID, out.SHA256 = entry.Subject, entry.MessageID, entry.SHA256
	}
	if err == nil {
		out.Status = "sent"
		mv := f.mbx.afterSent(ctx, orig)
		out.MovedTo, out.MoveNote = mv.to, mv.note
		if mv.warn {
			e.say("%s", mv.note)
		}
		if f.asJSON {
			e.json(out)
		} else {
			fmt.Fprintf(e.stdout, "Sent: %s\n", out.Subject)
			if mv.note != "" && !mv.warn {
				fmt.Fprintln(e.stdout, mv.note)
			}
		}
		return exitYes
	}
	out.Status = statusOf(entry)
	out.Error, out.ErrorKind = plain.Sentence(err), errorKind(err)
	out.MoveNote = f.mbx.notMoved(orig, out.Status)
	e.say("%s", out.Error)
	if f.asJSON {
		e.json(out)
	} else {
		fmt.Fprintln(e.stdout, keptLine(entry, out.ID))
		if out.MoveNote != "" {
			fmt.Fprintln(e.stdout, out.MoveNote)
		}
	}
	return exitFail
}

// validate checks the options before any file is read, so a typo costs nothing.
func (f *submitFlags) validate(files []string) (report.Options, send.Config, error) {
	var cfg send.Config
	if err := f.mbx.validate(files, f.draft, f.smtp); err != nil {
		return report.Options{}, cfg, err
	}
	kind, err := report.ParseKind(f.kind)
	if err != nil {
		return report.Options{}, cfg, errUsage("Say what kind of report this is with --type false-negative, false-positive or virus.")
	}
	if strings.TrimSpace(f.from) == "" {
		return report.Options{}, cfg, errUsage("Give your own email address with --from: the report is sent from you.")
	}
	if _, err := mailmsg.ParseTypedAddress(strings.TrimSpace(f.from)); err != nil {
		return report.Options{}, cfg, errUsage(fmt.Sprintf("“%s” is not an email address: give your own address with --from.", f.from))
	}
	if _, err := mailmsg.ParseTypedAddress(strings.TrimSpace(f.to)); err != nil {
		return report.Options{}, cfg, errUsage(fmt.Sprintf("“%s” is not an email address: give the support desk's address with --to.", f.to))
	}
	if f.notice != "" && kind != report.FalsePositive {
		return report.Options{}, cfg, errUsage("A rejection notice (--rejection-notice) goes only with a false-positive report.")
	}
	method, err := samplezip.ParseMethod(f.zipEncryption)
	if err != nil {
		return report.Options{}, cfg, errUsage("The --zip-encryption option must be zipcrypto or aes256.")
	}
	if f.draft == "" {
		if cfg, err = f.smtp.config(); err != nil {
			return report.Options{}, cfg, err
		}
	}
	return report.Options{
		Kind: kind, Note: f.note, From: strings.TrimSpace(f.from), To: strings.TrimSpace(f.to),
		ZipPassword: f.zipPassword, ZipEncryption: method,
		AppName: appinfo.Name, AppVersion: appinfo.Version, Now: time.Now(),
		SubjectPrefix: provider.Default().SubjectPrefixes.For(string(kind)),
	}, cfg, nil
}

// refuseRepeat stops a second report of one original with one type (spec/cli.md, "Reports
// already made") until the person adds --again.
func (e env) refuseRepeat(ob *outbox.Outbox, r *report.Report, asJSON bool) (int, bool) {
	err := ob.CheckRepeat(r.AttachedSHA256, string(r.Kind))
	var re *outbox.ReportedError
	if !errors.As(err, &re) {
		if err != nil {
			return e.submitFailed(asJSON, "failed", err), true
		}
		return 0, false
	}
	msg := plain.Sentence(err) + " To send it again, repeat the command with --again."
	e.say("%s", msg)
	if asJSON {
		e.json(submitResult{Status: "already-reported", Subject: r.Subject, SHA256: r.AttachedSHA256, Error: msg,
			ReportedID: re.Entry.ID, ReportedAt: re.When().Format(time.RFC3339), Case: re.Entry.CaseNumber})
	}
	return exitNo, true
}

// deliverNow makes the first attempt and a few quick retries for temporary failures, then
// leaves the report in the outbox.
func deliverNow(ctx context.Context, ob *outbox.Outbox, id string, cfg send.Config) (outbox.Entry, error) {
	var entry outbox.Entry
	var err error
	for try := 0; ; try++ {
		entry, err = submit.Send(ctx, ob, id, cfg, send.Hooks{})
		// Never again after the data went out: the report may have been delivered.
		if err == nil || !send.IsTemporary(err) || send.KindOf(err) == send.Canceled || mayHaveArrived(err) || try >= len(quickRetries) {
			return entry, err
		}
		select {
		case <-ctx.Done():
			return entry, err
		case <-time.After(quickRetries[try]):
		}
	}
}

func (e env) submitFailed(asJSON bool, status string, err error) int {
	s := plain.Sentence(err)
	e.say("%s", s)
	if asJSON {
		e.json(submitResult{Status: status, Error: s, ErrorKind: failKind(err)})
	}
	return exitFail
}

func (e env) json(v any) {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// noticeName is the rejection notice's name at the start of a sentence.
func noticeName(path string) string {
	if path == stdinArg {
		return "What came on standard input"
	}
	return "“" + shown(path) + "”"
}
