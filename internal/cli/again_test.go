package cli_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/testkit/smtpfake"
)

// spec/cli.md, "Reports already made": the same original with the same --type is refused
// with exit 1 and a sentence naming the earlier report's date and case, nothing is queued
// or sent; --again sends it; another type is a report of its own.
func TestSubmitRefusesARepeatUnlessAgain(t *testing.T) {
	t.Setenv("REPORTMAIL_SMTP_PASSWORD", "pw")
	srv := smtpfake.Start(t)
	dir := t.TempDir()
	box := filepath.Join(dir, "outbox")
	args := fakeArgs(srv, box)
	file := writeFile(t, dir, "spam.eml", spamOriginal())
	submit := func(extra ...string) result {
		return runIn(append(append([]string{"submit", "--json", file}, extra...), args...)...)
	}

	first := submit("--type", "false-negative")
	j := decode[submitJSON](t, first.stdout)
	if first.code != 0 || j.Status != "sent" {
		t.Fatalf("first submit: %d %s %s", first.code, first.stdout, first.stderr)
	}
	ob, err := outbox.Open(box)
	if err != nil {
		t.Fatal(err)
	}
	if err := ob.SetCaseNumber(j.ID, "123456"); err != nil {
		t.Fatal(err)
	}

	again := submit("--type", "false-negative")
	type repeatJSON struct {
		Status     string `json:"status"`
		ReportedID string `json:"reported_id"`
		ReportedAt string `json:"reported_at"`
		Case       string `json:"case"`
	}
	rj := decode[repeatJSON](t, again.stdout)
	if again.code != 1 || rj.Status != "already-reported" || rj.ReportedID != j.ID || rj.Case != "123456" {
		t.Fatalf("repeat: exit %d %s", again.code, again.stdout)
	}
	if _, err := time.Parse(time.RFC3339, rj.ReportedAt); err != nil {
		t.Errorf("reported_at %q: %v", rj.ReportedAt, err)
	}
	s := oneSentence(t, again.stderr)
	day := time.Now().Format("2 January")
	if !strings.HasPrefix(s, "You reported this email on "+day+" (case 123456).") || !strings.Contains(s, "--again") {
		t.Errorf("sentence %q", s)
	}
	if n := len(srv.Delivered()); n != 1 {
		t.Fatalf("the refused repeat reached the server: %d deliveries", n)
	}
	if q, _ := ob.List(); len(q) != 0 {
		t.Fatalf("the refused repeat was queued: %+v", q)
	}

	// Without --json: the same sentence, exit 1, nothing on standard output.
	plainRun := runIn(append([]string{"submit", "--type", "false-negative", file}, args...)...)
	if plainRun.code != 1 || plainRun.stdout != "" || oneSentence(t, plainRun.stderr) != s {
		t.Errorf("repeat without --json: %d %q %q", plainRun.code, plainRun.stdout, plainRun.stderr)
	}

	if r := submit("--type", "false-negative", "--again"); r.code != 0 || decode[submitJSON](t, r.stdout).Status != "sent" {
		t.Fatalf("--again: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if r := submit("--type", "false-positive"); r.code != 0 {
		t.Fatalf("another type is refused: %d %s", r.code, r.stderr)
	}
	if n := len(srv.Delivered()); n != 3 {
		t.Errorf("deliveries: %d, want 3", n)
	}
	if h, _ := ob.History(); len(h) != 3 {
		t.Errorf("history holds %d reports, want 3", len(h))
	}
}

// The help for submit names --again.
func TestSubmitHelpNamesAgain(t *testing.T) {
	r := runIn("help")
	if !strings.Contains(r.stdout, "[--again]") {
		t.Errorf("usage does not name --again:\n%s", r.stdout)
	}
}
