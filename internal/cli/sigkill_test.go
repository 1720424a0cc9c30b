package cli_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/testkit/mailstacktest"
	"github.com/reportmail/reportmail/internal/testkit/smtpfake"
)

// SIGKILL mid-transfer: the report is still in the outbox afterwards, and a later
// `outbox send` delivers it to the real Postfix, byte for byte what was stored.
func TestSubmitSurvivesSIGKILL(t *testing.T) {
	s := mailstacktest.Require(t)
	// A server that stops reading after 64 KiB of DATA: the client is stuck mid-transfer.
	fake := smtpfake.Start(t, smtpfake.Options{StallAfter: 64 << 10})
	dir := t.TempDir()
	outbox := filepath.Join(dir, "outbox")
	// A few megabytes, so the transfer cannot complete into socket buffers.
	big := append(spamOriginal(), bytes.Repeat([]byte("More spam text, repeated to make the message big enough.\r\n"), 80000)...)
	file := writeFile(t, dir, "big.eml", big)

	cmd := exec.Command(cliBinary(t), "submit", "--type", "false-negative", "--from", s.User,
		"--smtp-host", fake.Host, "--smtp-port", strconv.Itoa(fake.Port), "--tls", "starttls",
		"--smtp-user", "someone", "--ca-file", fake.CAFile, "--outbox", outbox, file)
	cmd.Env = append(os.Environ(), "REPORTMAIL_SMTP_PASSWORD=fake-password")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-fake.Stalled():
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("the transfer never reached the stalling server; stderr: %s", stderr.String())
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no chance to clean up
		t.Fatal(err)
	}
	cmd.Wait()

	// On disk: caught mid-attempt.
	queue, _ := filepath.Glob(filepath.Join(outbox, "queue", "*", "state.json"))
	if len(queue) != 1 {
		t.Fatalf("queue after SIGKILL: %v", queue)
	}
	var onDisk map[string]any
	raw, _ := os.ReadFile(queue[0])
	if err := json.Unmarshal(raw, &onDisk); err != nil || onDisk["state"] != "sending" {
		t.Fatalf("state on disk %v (%v)", onDisk["state"], err)
	}

	// `outbox list`: still there, and counted as queued (nobody is sending it any more).
	env := stackEnv(s, outbox)
	r := run(t, env, "outbox", "list", "--json")
	list := decode[[]map[string]any](t, r.stdout)
	if r.code != 0 || len(list) != 1 || list[0]["state"] != "queued" {
		t.Fatalf("outbox list: exit %d %v", r.code, list)
	}
	id, _ := list[0]["id"].(string)
	messageID, _ := list[0]["message_id"].(string)
	stored, err := os.ReadFile(filepath.Join(outbox, "queue", id, "message.eml"))
	if err != nil {
		t.Fatal(err)
	}

	// `outbox send` to the real Postfix.
	r = run(t, env, append([]string{"outbox", "send", "--json", "--outbox", outbox}, stackArgs(s, s.HostGood, s.SMTPSubmission, "starttls")[:10]...)...)
	sent := decode[[]submitJSON](t, r.stdout)
	if r.code != 0 || len(sent) != 1 || sent[0].Status != "sent" || sent[0].ID != id {
		t.Fatalf("outbox send: exit %d %s %+v", r.code, r.stderr, sent)
	}
	got := mailstacktest.StripDelivery(s.WaitDelivered(t, mailstacktest.HasMessageID(messageID), 30*time.Second))
	if !bytes.Equal(got, stored) {
		t.Fatalf("delivered report differs from the stored one (%d vs %d bytes)", len(got), len(stored))
	}
	if r := run(t, env, "outbox", "list", "--json"); r.stdout != "[]\n" {
		t.Errorf("outbox not empty after sending: %s", r.stdout)
	}
	hist := decode[[]map[string]any](t, run(t, env, "outbox", "history", "--json").stdout)
	if len(hist) != 1 || hist[0]["id"] != id || hist[0]["state"] != "sent" || fmt.Sprint(hist[0]["attempts"]) != "2" {
		t.Errorf("history %v", hist)
	}
}
