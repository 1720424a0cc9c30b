package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/testkit/mailstacktest"
)

// submitMoveJSON is submit's --json with the --after fields.
type submitMoveJSON struct {
	submitJSON
	MovedTo  string `json:"moved_to"`
	MoveNote string `json:"move_note"`
}

type listedJSON struct {
	UID     uint32 `json:"uid"`
	Subject string `json:"subject"`
	Seen    bool   `json:"seen"`
}

// imapArgs are submit's IMAP-FLAGS for the stack: --ca-file and --auth come from the SMTP
// side, the TLS mode is --imap-tls.
func imapArgs(s *mailstacktest.Stack) []string {
	return []string{"--imap-host", s.HostGood, "--imap-port", strconv.Itoa(s.IMAPS), "--imap-tls", "implicit", "--imap-user", s.User}
}

// listed finds the message with exactly subject in folder through `mailbox list`: the
// report itself lands in the same mailbox with the subject inside its own.
func listed(t *testing.T, s *mailstacktest.Stack, env []string, folder, subject string) (listedJSON, bool) {
	t.Helper()
	r := run(t, env, "mailbox", "list", "--folder", folder, "--search", subject, "--json",
		"--imap-host", s.HostGood, "--imap-port", strconv.Itoa(s.IMAPS), "--tls", "implicit", "--imap-user", s.User, "--ca-file", s.CAFile)
	if r.code != 0 {
		t.Fatalf("mailbox list: %d %s", r.code, r.stderr)
	}
	for _, l := range decode[[]listedJSON](t, r.stdout) {
		if l.Subject == subject {
			return l, true
		}
	}
	return listedJSON{}, false
}

// submit --from-mailbox against the real Dovecot and Postfix: a wanted email really
// delivered into Junk is reported from the mailbox, reaches the stack, is moved to the
// INBOX (--after inbox) without being marked read; the repeat rule and its --again hold as
// for a file; a copy that is not an original is refused with exit 1 and stays put; no
// fetched copy is left behind.
func TestSubmitFromMailboxRealStack(t *testing.T) {
	s := mailstacktest.Require(t)
	dir := t.TempDir()
	tmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	env := append(stackEnv(s, filepath.Join(dir, "outbox")), "TMPDIR="+tmp)
	args := append(stackArgs(s, s.HostGood, s.SMTPSubmission, "starttls"), imapArgs(s)...)
	submit := func(from string, extra ...string) (result, submitMoveJSON) {
		t.Helper()
		r := run(t, env, append(append([]string{"submit", "--json", "--type", "false-positive", "--from-mailbox", from}, extra...), args...)...)
		return r, decode[submitMoveJSON](t, r.stdout)
	}

	subject := "Invoice for March " + strconv.FormatInt(time.Now().UnixNano(), 36)
	id := mailstacktest.NewMessageID()
	raw := "From: Accounts <accounts@supplier.example>\r\nTo: " + s.User + "\r\nSubject: " + subject +
		"\r\nDate: " + time.Now().Format(time.RFC1123Z) + "\r\nMessage-ID: " + id +
		"\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease find the invoice attached.\r\n"
	stored := s.Deliver(t, "Junk", id, []byte(raw))
	inJunk, ok := listed(t, s, env, "Junk", subject)
	if !ok || inJunk.Seen {
		t.Fatalf("delivered message not listed unread in Junk: %+v %v", inJunk, ok)
	}

	r, j := submit("Junk:"+strconv.Itoa(int(inJunk.UID)), "--after", "inbox")
	report := delivered(t, s, r)
	if j.MovedTo != "INBOX" || j.MoveNote == "" {
		t.Errorf("moved_to %q, move_note %q", j.MovedTo, j.MoveNote)
	}
	_, parts := splitReport(t, report)
	if len(parts) != 2 {
		t.Fatalf("report has %d parts", len(parts))
	}
	assertAttached(t, parts[1], bytes.ReplaceAll(stored, []byte("\n"), []byte("\r\n")))
	if s.InFolder("Junk", id) || !s.InFolder("INBOX", id) {
		t.Errorf("not moved: in Junk %v, in INBOX %v", s.InFolder("Junk", id), s.InFolder("INBOX", id))
	}
	inInbox, ok := listed(t, s, env, "INBOX", subject)
	if !ok || inInbox.Seen {
		t.Fatalf("after the move: %+v %v; want listed in INBOX and still unread", inInbox, ok)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("the fetched copy was left behind: %v", left)
	}

	// The same original again: refused, and the message stays where it is.
	from := "INBOX:" + strconv.Itoa(int(inInbox.UID))
	r, j = submit(from, "--after", "junk")
	if r.code != 1 || j.Status != "already-reported" || !strings.Contains(oneSentence(t, r.stderr), "--again") {
		t.Fatalf("repeat: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
	if !s.InFolder("INBOX", id) {
		t.Fatal("a refused repeat moved the message")
	}
	r, j = submit(from, "--after", "junk", "--again")
	if r.code != 0 || j.Status != "sent" || j.MovedTo != "Junk" || !s.InFolder("Junk", id) {
		t.Fatalf("--again: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
	s.WaitDelivered(t, mailstacktest.HasMessageID(j.MessageID), 15*time.Second)

	// An inline forward in the mailbox is not an original: exit 1, nothing sent or moved.
	fwdSubject := "Fwd: " + subject
	fwdID := mailstacktest.NewMessageID()
	fwd := "From: " + s.User + "\r\nTo: helpdesk@example.test\r\nSubject: " + fwdSubject + "\r\nMessage-ID: " + fwdID +
		"\r\n\r\nSee below.\r\n\r\n---------- Forwarded message ---------\r\nFrom: Accounts <accounts@supplier.example>\r\n" +
		"Date: Mon, 2 Nov 2026 09:00:00 +1300\r\nSubject: " + subject + "\r\nTo: " + s.User + "\r\n\r\nPlease find the invoice attached.\r\n"
	s.Deliver(t, "INBOX", fwdID, []byte(fwd))
	l, ok := listed(t, s, env, "INBOX", fwdSubject)
	if !ok {
		t.Fatal("forward not listed")
	}
	r, j = submit("INBOX:"+strconv.Itoa(int(l.UID)), "--after", "trash")
	if r.code != 1 || j.Status != "not-original" || !s.InFolder("INBOX", fwdID) {
		t.Fatalf("forward: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
	oneSentence(t, r.stderr)

	// A message that is not there: exit 2, one sentence, nothing queued.
	r, j = submit("Junk:4294967295")
	if r.code != 2 || j.Status != "failed" || j.ErrorKind != "not-found" {
		t.Fatalf("missing message: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
	oneSentence(t, r.stderr)
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("fetched copies left behind: %v", left)
	}
}

// When the report is only queued (the outgoing server cannot be reached), --after does not
// move the message and says so in one sentence; the exit code is the send's.
func TestSubmitFromMailboxQueuedDoesNotMove(t *testing.T) {
	s := mailstacktest.Require(t)
	fastRetries(t)
	t.Setenv("REPORTMAIL_SMTP_PASSWORD", s.Password)
	dir := t.TempDir()
	subject := "Queued report " + strconv.FormatInt(time.Now().UnixNano(), 36)
	id := mailstacktest.NewMessageID()
	raw := "From: Prize <winner@prizes.example>\r\nTo: " + s.User + "\r\nSubject: " + subject +
		"\r\nMessage-ID: " + id + "\r\n\r\nClaim now.\r\n"
	s.Deliver(t, "INBOX", id, []byte(raw))
	l, ok := listed(t, s, nil, "INBOX", subject)
	if !ok {
		t.Fatal("not listed")
	}
	// Port 9 (discard) is closed on the loopback: a temporary failure, so the report waits.
	args := append([]string{"submit", "--json", "--type", "false-negative", "--from", s.User,
		"--from-mailbox", "INBOX:" + strconv.Itoa(int(l.UID)), "--after", "junk",
		"--smtp-host", "127.0.0.1", "--smtp-port", "9", "--smtp-user", s.User, "--ca-file", s.CAFile,
		"--outbox", filepath.Join(dir, "outbox")}, imapArgs(s)...)
	r := runIn(args...)
	j := decode[submitMoveJSON](t, r.stdout)
	if r.code != 2 || j.Status != "queued" || j.MovedTo != "" {
		t.Fatalf("exit %d %s %s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(j.MoveNote, "left in Inbox") || !strings.Contains(j.MoveNote, "not reached the support desk") {
		t.Errorf("move_note %q", j.MoveNote)
	}
	oneSentence(t, r.stderr)
	if !s.InFolder("INBOX", id) || s.InFolder("Junk", id) {
		t.Error("a queued report moved the message")
	}
	// Without --json the sentence is printed with the outbox line.
	args[1] = "--again"
	r = runIn(args...)
	if r.code != 2 || !strings.Contains(r.stdout, "left in Inbox") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("text: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
}
