package cli_test

import (
	"strings"
	"testing"
)

// --from-mailbox and --after are checked before anything is read or connects: each mistake
// is one sentence and exit 2 (port 9 is never dialled: every case stops before).
func TestSubmitFromMailboxFlags(t *testing.T) {
	t.Setenv("REPORTMAIL_SMTP_PASSWORD", "pw")
	dir := t.TempDir()
	file := writeFile(t, dir, "spam.eml", spamOriginal())
	base := []string{"submit", "--type", "false-negative", "--from", "reporter@example.test",
		"--smtp-host", "127.0.0.1", "--smtp-port", "9", "--smtp-user", "u", "--outbox", dir + "/outbox"}
	imap := []string{"--imap-host", "127.0.0.1", "--imap-port", "9", "--imap-user", "u"}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"after without mailbox", []string{"--after", "junk", file}, "--from-mailbox"},
		{"after sideways", append([]string{"--from-mailbox", "Junk:1", "--after", "sideways"}, imap...), "none, junk, inbox or trash"},
		{"file and mailbox", append([]string{"--from-mailbox", "Junk:1", file}, imap...), "not both"},
		{"no uid", append([]string{"--from-mailbox", "Junk"}, imap...), "FOLDER:UID"},
		{"uid zero", append([]string{"--from-mailbox", "Junk:0"}, imap...), "FOLDER:UID"},
		{"uid too big", append([]string{"--from-mailbox", "Junk:4294967296"}, imap...), "FOLDER:UID"},
		{"no folder", append([]string{"--from-mailbox", ":7"}, imap...), "FOLDER:UID"},
		{"no imap host", []string{"--from-mailbox", "Junk:7"}, "--imap-host"},
		{"no imap user", []string{"--from-mailbox", "Junk:7", "--imap-host", "127.0.0.1"}, "--imap-user"},
		{"bad imap tls", append([]string{"--from-mailbox", "Junk:7", "--imap-tls", "none"}, imap...), "starttls or implicit"},
		{"draft cannot move", append([]string{"--from-mailbox", "Junk:7", "--after", "inbox", "--draft", dir + "/d.eml"}, imap...), "draft"},
		{"no file at all", nil, "Name one saved email"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runIn(append(append([]string{}, base...), tc.args...)...)
			s := oneSentence(t, r.stderr)
			if r.code != 2 || !strings.Contains(s, tc.want) {
				t.Errorf("exit %d, %q; want exit 2 naming %q", r.code, s, tc.want)
			}
		})
	}
	if r := runIn("submit", "--help"); !strings.Contains(r.stdout, "--from-mailbox FOLDER:UID") || !strings.Contains(r.stdout, "--after none|junk|inbox|trash") {
		t.Errorf("submit --help does not show --from-mailbox and --after:\n%s", r.stdout)
	}
}

// mailbox takes --timeout (spec/cli.md: every network command does), checked before
// anything connects.
func TestMailboxTimeoutFlag(t *testing.T) {
	t.Setenv("REPORTMAIL_IMAP_PASSWORD", "pw")
	for _, v := range []string{"0", "-1", "NaN", "100000"} {
		r := runIn("mailbox", "list", "--timeout", v, "--imap-host", "127.0.0.1", "--imap-port", "9", "--imap-user", "u")
		if r.code != 2 || !strings.Contains(oneSentence(t, r.stderr), "--timeout") {
			t.Errorf("--timeout %s: exit %d %q", v, r.code, r.stderr)
		}
	}
	if r := runIn("mailbox", "--help"); !strings.Contains(r.stdout, "--timeout SECONDS") {
		t.Errorf("mailbox --help does not show --timeout:\n%s", r.stdout)
	}
}
