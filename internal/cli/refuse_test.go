package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/testkit/mailstacktest"
)

// Each refusal: exit 2, one plain sentence naming the cause, nothing delivered, the report
// kept in the outbox as failed.
func TestSubmitRefusals(t *testing.T) {
	s := mailstacktest.Require(t)
	cases := []struct {
		name   string
		args   []string
		env    []string
		kind   string
		phrase string
	}{
		{"no STARTTLS (trap)", stackArgs(s, s.HostGood, s.SMTPTrap, "starttls"), nil, "no-starttls", "did not offer a secure connection (STARTTLS)"},
		{"expired certificate", stackArgs(s, s.HostExpired, s.SMTPSubmission, "starttls"), nil, "cert-expired", "has expired"},
		{"expired certificate, implicit", stackArgs(s, s.HostExpired, s.SMTPImplicit, "implicit"), nil, "cert-expired", "has expired"},
		{"wrong-host certificate", stackArgs(s, s.HostWrong, s.SMTPSubmission, "starttls"), nil, "cert-wrong-host", "different server name"},
		{"wrong-host certificate, implicit", stackArgs(s, s.HostWrong, s.SMTPImplicit, "implicit"), nil, "cert-wrong-host", "different server name"},
		{"untrusted CA (no --ca-file)", withoutCAFile(stackArgs(s, s.HostGood, s.SMTPSubmission, "starttls")), nil, "cert-untrusted", "not from an authority this computer trusts"},
		{"wrong password", stackArgs(s, s.HostGood, s.SMTPSubmission, "starttls"), []string{"REPORTMAIL_SMTP_PASSWORD=wrong"}, "auth-failed", "did not accept your user name or password"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			outbox := filepath.Join(dir, "outbox")
			file := writeFile(t, dir, "spam.eml", spamOriginal())
			trapBefore := len(s.LogLines(mailstacktest.TrapSyslogName+"/smtpd[", "disconnect from"))
			env := append(stackEnv(s, outbox), c.env...)
			r := run(t, env, append([]string{"submit", "--json", "--type", "false-negative"}, append(c.args, file)...)...)
			if r.code != 2 {
				t.Fatalf("exit %d, want 2; stderr %q", r.code, r.stderr)
			}
			sentence := oneSentence(t, r.stderr)
			if !strings.Contains(sentence, c.phrase) {
				t.Errorf("sentence %q does not say %q", sentence, c.phrase)
			}
			j := decode[submitJSON](t, r.stdout)
			if j.Status != "failed" || j.ErrorKind != c.kind || j.Error != sentence || j.Attempts != 1 {
				t.Errorf("json %+v", j)
			}
			assertNotDelivered(t, s, j.MessageID)
			// Kept for the user to fix or delete, not retried by itself.
			list := decode[[]map[string]any](t, run(t, env, "outbox", "list", "--json").stdout)
			if len(list) != 1 || list[0]["state"] != "failed" {
				t.Errorf("outbox %v", list)
			}
			if c.kind == "no-starttls" {
				var lines []string
				deadline := time.Now().Add(10 * time.Second)
				for len(lines) <= trapBefore && time.Now().Before(deadline) {
					time.Sleep(50 * time.Millisecond)
					lines = s.LogLines(mailstacktest.TrapSyslogName+"/smtpd[", "disconnect from")
				}
				if len(lines) <= trapBefore {
					t.Fatal("the trap listener logged no disconnect")
				}
				for _, l := range lines[trapBefore:] {
					if strings.Contains(l, " auth=") || strings.Contains(l, " mail=") {
						t.Errorf("AUTH or MAIL sent in clear: %s", l)
					}
				}
			}
		})
	}
}

func withoutCAFile(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		if args[i] == "--ca-file" {
			i++
			continue
		}
		out = append(out, args[i])
	}
	return out
}

func assertNotDelivered(t *testing.T, s *mailstacktest.Stack, messageID string) {
	t.Helper()
	if messageID == "" {
		t.Fatal("no Message-ID to look for")
	}
	time.Sleep(300 * time.Millisecond)
	match := mailstacktest.HasMessageID(messageID)
	for _, raw := range s.Delivered() {
		if match(raw) {
			t.Fatalf("refused report %s was delivered", messageID)
		}
	}
}

// Not an original: exit 1, one sentence, nothing sent and nothing queued. Needs no server.
func TestSubmitNotOriginal(t *testing.T) {
	dir := t.TempDir()
	outbox := filepath.Join(dir, "outbox")
	forward := writeFile(t, dir, "forward.eml", []byte("From: reporter@example.test\r\nTo: helpdesk@example.test\r\n"+
		"Subject: Fwd: You won a prize\r\nDate: Mon, 2 Nov 2026 10:00:00 +1300\r\nMessage-ID: <fwd1@example.test>\r\n\r\n"+
		"See below.\r\n\r\n---------- Forwarded message ---------\r\nFrom: Prize Desk <winner@prizes.example>\r\n"+
		"Date: Mon, 2 Nov 2026 at 08:59\r\nSubject: You won a prize\r\nTo: <reporter@example.test>\r\n\r\nClaim your prize now.\r\n"))
	picture := writeFile(t, dir, "screenshot.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	for _, f := range []string{forward, picture} {
		r := run(t, []string{"REPORTMAIL_OUTBOX=" + outbox, "REPORTMAIL_SMTP_PASSWORD=x"}, "submit", "--type", "false-negative",
			"--from", "reporter@example.test", "--smtp-host", "127.0.0.1", "--smtp-port", "1", "--smtp-user", "u", f)
		if r.code != 1 {
			t.Fatalf("%s: exit %d, want 1 (%s)", f, r.code, r.stderr)
		}
		oneSentence(t, r.stderr)
		if ents, _ := os.ReadDir(filepath.Join(outbox, "queue")); len(ents) != 0 {
			t.Fatalf("%s: something was queued", f)
		}
	}
}

// --draft writes the report with X-Unsent: 1, sends nothing and needs no server.
func TestSubmitDraft(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, dir, "spam.eml", spamOriginal())
	out := filepath.Join(dir, "report.eml")
	r := run(t, []string{"REPORTMAIL_OUTBOX=" + filepath.Join(dir, "outbox")}, "submit", file, "--type", "false-negative",
		"--from", "reporter@example.test", "--draft", out, "--json")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if j := decode[submitJSON](t, r.stdout); j.Status != "draft" || !strings.HasPrefix(j.Subject, "False Negative: ") {
		t.Errorf("json %+v", j)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("X-Unsent: 1\r\n")) || !bytes.Contains(b, []byte("\r\nTo: ")) {
		t.Errorf("draft does not start with X-Unsent: 1:\n%.300s", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "outbox")); !os.IsNotExist(err) {
		t.Errorf("a draft touched the outbox")
	}
}

// Bad options: exit 2 and one sentence, before any file is read.
func TestSubmitBadOptions(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, dir, "spam.eml", spamOriginal())
	base := []string{"submit", "--from", "reporter@example.test", "--smtp-host", "127.0.0.1", "--smtp-port", "587"}
	cases := map[string][]string{
		"no type":          append(append([]string{}, base...), file),
		"bad type":         append(append([]string{}, base...), "--type", "spam", file),
		"plaintext tls":    append(append([]string{}, base...), "--type", "virus", "--tls", "none", file),
		"notice with FN":   append(append([]string{}, base...), "--type", "false-negative", "--rejection-notice", file, file),
		"bad encryption":   append(append([]string{}, base...), "--type", "virus", "--zip-encryption", "rot13", file),
		"no file":          append(append([]string{}, base...), "--type", "virus"),
		"user, no pass":    append(append([]string{}, base...), "--type", "virus", "--smtp-user", "u", file),
		"unknown flag":     append(append([]string{}, base...), "--type", "virus", "--password", "x", file),
		"missing CA file":  append(append([]string{}, base...), "--type", "virus", "--ca-file", filepath.Join(dir, "nope.pem"), file),
		"no smtp host":     {"submit", "--from", "reporter@example.test", "--type", "virus", file},
		"missing the file": append(append([]string{}, base...), "--type", "virus", filepath.Join(dir, "gone.eml")),
	}
	for name, args := range cases {
		r := run(t, []string{"REPORTMAIL_SMTP_PASSWORD=", "REPORTMAIL_OUTBOX=" + filepath.Join(dir, "outbox")}, args...)
		if r.code != 2 {
			t.Errorf("%s: exit %d, want 2 (%s)", name, r.code, r.stderr)
			continue
		}
		oneSentence(t, r.stderr)
	}
}
