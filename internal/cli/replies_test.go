package cli_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/report"
)

// `outbox list|history --json` name the desk's case number `case`, as spec/cli.md says,
// and a report the desk could not read carries the sentence saying what to do.
func TestOutboxJSONShowsCase(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "outbox")
	ob, err := outbox.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	e, err := ob.Add(outbox.Message{Bytes: []byte("Subject: False Negative: x\r\n\r\nx\r\n"), Subject: "False Negative: x",
		MessageID: "<a@example.test>", SHA256: "ab", Kind: "false-negative"},
		report.Options{Kind: report.FalseNegative, From: "me@example.test", To: "emailsupport@smxemail.com"},
		"me@example.test", []string{"emailsupport@smxemail.com"})
	if err != nil {
		t.Fatal(err)
	}
	if err := ob.SetReply(e.ID, outbox.Reply{Case: "5551234", Problem: "could not be read"}); err != nil {
		t.Fatal(err)
	}
	r := run(t, []string{"REPORTMAIL_OUTBOX=" + dir}, "outbox", "list", "--json")
	var got []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || r.code != 0 || len(got) != 1 {
		t.Fatalf("outbox list --json: exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	if got[0]["case"] != "5551234" {
		t.Errorf("case = %v in %v", got[0]["case"], got[0])
	}
	if p, _ := got[0]["problem"].(string); !strings.Contains(p, "report the email again") || !strings.Contains(p, "5551234") {
		t.Errorf("problem = %q", p)
	}
	txt := run(t, []string{"REPORTMAIL_OUTBOX=" + dir}, "outbox", "list")
	if !strings.Contains(txt.stdout, "Case: 5551234") || !strings.Contains(txt.stdout, "report the email again") {
		t.Errorf("outbox list: %q", txt.stdout)
	}
}

// Bad IMAP-FLAGS get one plain sentence and exit 2, before anything is read or asked.
func TestOutboxRepliesFlags(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "outbox")
	cases := []struct {
		env  []string
		args []string
		want string
	}{
		{nil, []string{}, "--imap-host"},
		{nil, []string{"--imap-host", "imap.example.test"}, "--imap-user"},
		{nil, []string{"--imap-host", "imap.example.test", "--imap-user", "jo"}, "REPORTMAIL_IMAP_PASSWORD"},
		{[]string{"REPORTMAIL_IMAP_PASSWORD=x"}, []string{"--imap-host", "imap.example.test", "--imap-user", "jo", "--tls", "none"}, "--tls"},
		{nil, []string{"--imap-host", "h", "--bogus"}, "bogus"},
		{nil, []string{"--imap-host", "h", "ID1"}, "takes no report IDs"},
	}
	for _, c := range cases {
		env := append([]string{"REPORTMAIL_OUTBOX=" + dir, "REPORTMAIL_IMAP_PASSWORD=", "REPORTMAIL_SMTP_PASSWORD="}, c.env...)
		r := run(t, env, append([]string{"outbox", "replies"}, c.args...)...)
		s := oneSentence(t, r.stderr)
		if r.code != 2 || !strings.Contains(s, c.want) || r.stdout != "" {
			t.Errorf("%v: exit %d, %q, stdout %q; want exit 2 and a sentence naming %s", c.args, r.code, s, r.stdout, c.want)
		}
	}
}
