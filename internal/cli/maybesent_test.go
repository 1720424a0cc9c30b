package cli_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/testkit/smtpfake"
)

// transactions counts the DATA transactions the fake saw, accepted or not.
func transactions(srv *smtpfake.Server) int {
	n := 0
	for _, s := range srv.Sessions() {
		n += len(s.Messages)
	}
	return n
}

func noLockFiles(t *testing.T, outbox string) {
	t.Helper()
	if ents, _ := os.ReadDir(filepath.Join(outbox, "locks")); len(ents) != 0 {
		t.Errorf("lock files left behind: %v", ents)
	}
}

// A server that hangs up after the final dot without answering got three copies from one
// submit before issue 8 (the quick retries). Now: one transaction, the report is "unknown",
// nothing sends it again by itself, and only --again does, with the same Message-ID.
func TestSubmitNeverSendsTwiceAfterTheDot(t *testing.T) {
	fastRetries(t)
	t.Setenv("REPORTMAIL_SMTP_PASSWORD", "pw")
	srv := smtpfake.Start(t, smtpfake.Options{SilentAtDot: 100 * time.Millisecond}, smtpfake.Options{})
	dir := t.TempDir()
	outbox := filepath.Join(dir, "outbox")
	args := fakeArgs(srv, outbox)
	file := writeFile(t, dir, "spam.eml", spamOriginal())

	r := runIn(append([]string{"submit", "--json", "--type", "false-negative", file}, args...)...)
	j := decode[submitJSON](t, r.stdout)
	if r.code != 2 || j.Status != "unknown" || j.ErrorKind != "unknown-outcome" || j.Attempts != 1 {
		t.Fatalf("submit: exit %d %+v %s", r.code, j, r.stderr)
	}
	if s := oneSentence(t, r.stderr); !strings.Contains(s, "may have received this report") {
		t.Errorf("sentence %q", s)
	}
	if n := transactions(srv); n != 1 {
		t.Fatalf("the server got the report %d times from one submit, want 1", n)
	}

	smtpArgs := args[:len(args)-2] // without --from
	if r := runIn(append([]string{"outbox", "send", "--json"}, smtpArgs...)...); r.code != 0 || r.stdout != "[]\n" {
		t.Errorf("outbox send with nothing due: %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = runIn(append([]string{"outbox", "send", "--json", j.ID}, smtpArgs...)...)
	if res := decode[[]submitJSON](t, r.stdout); r.code != 2 || len(res) != 1 || res[0].Status != "unknown" || !strings.Contains(r.stderr, "may have received") {
		t.Errorf("outbox send ID without --again: %d %+v %q", r.code, res, r.stderr)
	}
	if n := transactions(srv); n != 1 {
		t.Fatalf("sent again without --again: %d transactions", n)
	}

	r = runIn("outbox", "list", "--json", "--outbox", outbox)
	list := decode[[]map[string]any](t, r.stdout)
	if len(list) != 1 || list[0]["state"] != "unknown" || !strings.Contains(list[0]["problem"].(string), "may have received") || list[0]["data_sent_at"] == nil {
		t.Fatalf("outbox list --json: %s", r.stdout)
	}
	r = runIn("outbox", "list", "--outbox", outbox)
	if !strings.Contains(r.stdout, "unknown") || !strings.Contains(r.stdout, "outbox send --again "+j.ID) || strings.Contains(r.stdout, outbox) {
		t.Errorf("outbox list:\n%s", r.stdout)
	}

	r = runIn(append([]string{"outbox", "send", "--again", "--json", j.ID}, smtpArgs...)...)
	if res := decode[[]submitJSON](t, r.stdout); r.code != 0 || len(res) != 1 || res[0].Status != "sent" || res[0].MessageID != j.MessageID {
		t.Fatalf("send --again: %d %+v %s", r.code, res, r.stderr)
	}
	d := srv.Delivered()
	if len(d) != 1 || !bytes.Contains(d[0].Data, []byte("Message-ID: "+j.MessageID)) {
		t.Fatalf("the repeat does not keep the Message-ID %s", j.MessageID)
	}
	noLockFiles(t, outbox)
}

// mark-sent: the person says it did arrive; it goes to the history without a send.
func TestMarkSent(t *testing.T) {
	t.Setenv("REPORTMAIL_SMTP_PASSWORD", "pw")
	srv := smtpfake.Start(t, smtpfake.Options{ResetAtDot: true})
	dir := t.TempDir()
	outbox := filepath.Join(dir, "outbox")
	file := writeFile(t, dir, "spam.eml", spamOriginal())
	j := decode[submitJSON](t, runIn(append([]string{"submit", "--json", "--type", "false-negative", file}, fakeArgs(srv, outbox)...)...).stdout)
	if j.Status != "unknown" {
		t.Fatalf("submit %+v", j)
	}
	if r := runIn("outbox", "mark-sent", j.ID, "--outbox", outbox); r.code != 0 {
		t.Fatalf("mark-sent: %d %s", r.code, r.stderr)
	}
	hist := decode[[]map[string]any](t, runIn("outbox", "history", "--json", "--outbox", outbox).stdout)
	if len(hist) != 1 || hist[0]["id"] != j.ID || hist[0]["marked_sent"] != true {
		t.Errorf("history %v", hist)
	}
	if transactions(srv) != 1 {
		t.Errorf("%d transactions", transactions(srv))
	}
}

// A damaged report stays in `outbox list`, human and JSON, with a sentence and no path in
// it; JSON names the folder.
func TestDamagedReportIsListed(t *testing.T) {
	t.Setenv("REPORTMAIL_SMTP_PASSWORD", "pw")
	srv := smtpfake.Start(t, smtpfake.Options{RcptReply: "550 5.1.1 No such user"})
	dir := t.TempDir()
	outbox := filepath.Join(dir, "outbox")
	file := writeFile(t, dir, "spam.eml", spamOriginal())
	j := decode[submitJSON](t, runIn(append([]string{"submit", "--json", "--type", "false-negative", file}, fakeArgs(srv, outbox)...)...).stdout)
	folder := filepath.Join(outbox, "queue", j.ID)
	if err := os.WriteFile(filepath.Join(folder, "state.json"), []byte(`{"id": "`+j.ID+`", "sta`), 0o600); err != nil {
		t.Fatal(err)
	}

	r := runIn("outbox", "list", "--outbox", outbox)
	if r.code != 0 || !strings.Contains(r.stdout, j.ID) || !strings.Contains(r.stdout, "damaged") ||
		!strings.Contains(r.stdout, "does not know whether it was sent") || strings.Contains(r.stdout, outbox) || !strings.Contains(r.stdout, j.Subject) {
		t.Errorf("outbox list: %d\n%s", r.code, r.stdout)
	}
	var list []map[string]any
	r = runIn("outbox", "list", "--json", "--outbox", outbox)
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil || len(list) != 1 || list[0]["damage"] != "record" ||
		list[0]["folder"] != folder || list[0]["state"] != "damaged" || list[0]["message_id"] != j.MessageID {
		t.Errorf("outbox list --json: %v\n%s", err, r.stdout)
	}
	if r := runIn(append([]string{"outbox", "send", "--json"}, fakeArgs(srv, outbox)[:8]...)...); r.stdout != "[]\n" {
		t.Errorf("a damaged report was due: %s", r.stdout)
	}
	noLockFiles(t, outbox)
}

// SIGKILL after the final dot, before the answer: on restart the report is "unknown" and
// `outbox send` does not send it.
func TestSIGKILLWhileWaitingForTheAnswer(t *testing.T) {
	fake := smtpfake.Start(t, smtpfake.Options{StallAtDot: true}, smtpfake.Options{})
	dir := t.TempDir()
	outbox := filepath.Join(dir, "outbox")
	file := writeFile(t, dir, "spam.eml", spamOriginal())
	cmd := exec.Command(cliBinary(t), "submit", "--type", "false-negative", "--from", "reporter@example.test",
		"--smtp-host", fake.Host, "--smtp-port", strconv.Itoa(fake.Port), "--tls", "starttls",
		"--smtp-user", "someone", "--ca-file", fake.CAFile, "--outbox", outbox, file)
	cmd.Env = append(os.Environ(), "REPORTMAIL_SMTP_PASSWORD=fake-password")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	select {
	case <-fake.Stalled():
	case <-time.After(60 * time.Second):
		t.Fatal("the report never reached the final dot")
	}
	// The record of the sent data is written right after the dot; wait for it (bounded).
	var rec map[string]any
	for deadline := time.Now().Add(30 * time.Second); ; {
		files, _ := filepath.Glob(filepath.Join(outbox, "queue", "*", "state.json"))
		if len(files) == 1 {
			raw, _ := os.ReadFile(files[0])
			if json.Unmarshal(raw, &rec) == nil && rec["data_sent_at"] != nil {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("data_sent_at never recorded: %v", rec)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	env := []string{"REPORTMAIL_SMTP_PASSWORD=fake-password"}
	list := decode[[]map[string]any](t, run(t, env, "outbox", "list", "--json", "--outbox", outbox).stdout)
	if len(list) != 1 || list[0]["state"] != "unknown" {
		t.Fatalf("after the kill: %v", list)
	}
	smtp := []string{"--smtp-host", fake.Host, "--smtp-port", strconv.Itoa(fake.Port), "--smtp-user", "someone", "--ca-file", fake.CAFile, "--outbox", outbox}
	r := run(t, env, append([]string{"outbox", "send", "--json"}, smtp...)...)
	if r.code != 0 || r.stdout != "[]\n" || transactions(fake) != 1 {
		t.Fatalf("outbox send after the kill: %d %q, %d transactions", r.code, r.stdout, transactions(fake))
	}
	noLockFiles(t, outbox)
}
