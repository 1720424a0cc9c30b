package cli_test

import (
	"bytes"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/cli"
	"github.com/reportmail/reportmail/internal/mailmsg"
	"github.com/reportmail/reportmail/internal/testkit/smtpfake"
)

// runIn runs the CLI in this process (for the scripted server's faults).
func runIn(args ...string) result {
	var out, errb bytes.Buffer
	code := cli.Run(args, &out, &errb)
	return result{out.String(), errb.String(), code}
}

func fastRetries(t *testing.T) {
	old := *cli.QuickRetries
	*cli.QuickRetries = []time.Duration{10 * time.Millisecond, 10 * time.Millisecond}
	t.Cleanup(func() { *cli.QuickRetries = old })
}

func fakeArgs(srv *smtpfake.Server, outbox string) []string {
	return []string{"--smtp-host", srv.Host, "--smtp-port", strconv.Itoa(srv.Port), "--smtp-user", "someone",
		"--ca-file", srv.CAFile, "--outbox", outbox, "--from", "reporter@example.test"}
}

func TestSubmitFaults(t *testing.T) {
	fastRetries(t)
	t.Setenv("REPORTMAIL_SMTP_PASSWORD", "pw")
	cases := []struct {
		name     string
		script   []smtpfake.Options
		code     int
		status   string
		kind     string
		attempts int
		phrase   string
	}{
		{"451 three times: left queued", []smtpfake.Options{{RcptReply: "451 4.3.0 Try again later"}}, 2, "queued", "temporary", 3, "busy right now"},
		{"421 once, then accepted", []smtpfake.Options{{Greeting: "421 4.3.2 Busy"}, {}}, 0, "sent", "", 2, ""},
		{"dropped mid-DATA, then accepted", []smtpfake.Options{{DropAfter: 10}, {}}, 0, "sent", "", 2, ""},
		{"552 after DATA", []smtpfake.Options{{DotReply: "552 5.3.4 Message size exceeds fixed limit"}}, 2, "failed", "too-large", 1, "larger than your mail server accepts"},
		{"550 after RCPT", []smtpfake.Options{{RcptReply: "550 5.7.1 Relaying denied"}}, 2, "failed", "refused", 1, "It said: “5.7.1 Relaying denied”"},
		{"535 on AUTH", []smtpfake.Options{{AuthReply: "535 5.7.8 Authentication credentials invalid"}}, 2, "failed", "auth-failed", 1, "user name or password"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := smtpfake.Start(t, c.script...)
			dir := t.TempDir()
			file := writeFile(t, dir, "spam.eml", spamOriginal())
			r := runIn(append([]string{"submit", "--json", "--type", "false-negative", file}, fakeArgs(srv, filepath.Join(dir, "outbox"))...)...)
			j := decode[submitJSON](t, r.stdout)
			if r.code != c.code || j.Status != c.status || j.ErrorKind != c.kind || j.Attempts != c.attempts {
				t.Fatalf("exit %d json %+v stderr %q", r.code, j, r.stderr)
			}
			if c.code == 0 {
				if r.stderr != "" || len(srv.Delivered()) != 1 {
					t.Errorf("stderr %q, delivered %d", r.stderr, len(srv.Delivered()))
				}
				return
			}
			if s := oneSentence(t, r.stderr); !strings.Contains(s, c.phrase) {
				t.Errorf("sentence %q lacks %q", s, c.phrase)
			}
			if len(srv.Delivered()) != 0 {
				t.Error("delivered although it failed")
			}
		})
	}
}

// A server without 8BITMIME: the Latin-1 report is rebuilt as a base64 .eml and goes through.
func TestSubmitRebuildsForServerWithout8BitMIME(t *testing.T) {
	t.Setenv("REPORTMAIL_SMTP_PASSWORD", "pw")
	srv := smtpfake.Start(t, smtpfake.Options{No8BitMIME: true})
	dir := t.TempDir()
	file := writeFile(t, dir, "wanted.eml", latin1Original())
	r := runIn(append([]string{"submit", "--json", "--type", "false-positive", file}, fakeArgs(srv, filepath.Join(dir, "outbox"))...)...)
	if r.code != 0 {
		t.Fatalf("exit %d %s", r.code, r.stderr)
	}
	d := srv.Delivered()
	if len(d) != 1 || mailmsg.Has8Bit(d[0].Data) {
		t.Fatalf("delivered %d, 8-bit: %v", len(d), len(d) == 1 && mailmsg.Has8Bit(d[0].Data))
	}
	if !bytes.Contains(d[0].Data, []byte("application/octet-stream")) {
		t.Errorf("the 7-bit report does not carry the original as application/octet-stream")
	}
	if j := decode[submitJSON](t, r.stdout); j.MessageID == "" || !bytes.Contains(d[0].Data, []byte(j.MessageID)) {
		t.Errorf("json names another report than the one sent: %+v", j)
	}
}

// outbox list, send ID, remove, case, history through the command line.
func TestOutboxCommands(t *testing.T) {
	fastRetries(t)
	t.Setenv("REPORTMAIL_SMTP_PASSWORD", "pw")
	srv := smtpfake.Start(t, smtpfake.Options{RcptReply: "550 5.1.1 No such user"}, smtpfake.Options{RcptReply: "451 4.3.0 later"}, smtpfake.Options{})
	dir := t.TempDir()
	outbox := filepath.Join(dir, "outbox")
	args := fakeArgs(srv, outbox)
	file := writeFile(t, dir, "spam.eml", spamOriginal())
	first := decode[submitJSON](t, runIn(append([]string{"submit", "--json", "--type", "false-negative", file}, args...)...).stdout)
	if first.Status != "failed" {
		t.Fatalf("first %+v", first)
	}
	// A failed report is not due: a plain `outbox send` leaves it alone...
	if r := runIn(append([]string{"outbox", "send", "--json"}, args[:len(args)-2]...)...); r.code != 0 || r.stdout != "[]\n" {
		t.Fatalf("send with nothing due: %d %q %q", r.code, r.stdout, r.stderr)
	}
	// ...but naming it tries again (451, then accepted by the quick retry).
	r := runIn(append([]string{"outbox", "send", "--json", first.ID}, args[:len(args)-2]...)...)
	res := decode[[]submitJSON](t, r.stdout)
	if r.code != 0 || len(res) != 1 || res[0].Status != "sent" || res[0].Attempts != 3 {
		t.Fatalf("send ID: %d %+v %s", r.code, res, r.stderr)
	}
	if r := runIn("outbox", "case", first.ID, "CASE-42", "--outbox", outbox); r.code != 0 {
		t.Fatalf("case: %s", r.stderr)
	}
	r = runIn("outbox", "history", "--outbox", outbox)
	if !strings.Contains(r.stdout, first.ID) || !strings.Contains(r.stdout, "Case: CASE-42") {
		t.Errorf("history:\n%s", r.stdout)
	}
	if r := runIn("outbox", "remove", first.ID, "--outbox", outbox); r.code != 2 || !strings.Contains(r.stderr, "already sent") {
		t.Errorf("remove sent: %d %s", r.code, r.stderr)
	}
	if r := runIn("outbox", "remove", "nope", "--outbox", outbox); r.code != 2 {
		t.Errorf("remove unknown: %d", r.code)
	}
	if r := runIn("outbox", "list", "--outbox", outbox); r.code != 0 || !strings.Contains(r.stdout, "empty") {
		t.Errorf("list: %q", r.stdout)
	}
}
