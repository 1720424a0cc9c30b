package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/testkit/smtpfake"
)

// TestLastTryWordedWhenShown: `outbox list` words a refused report's last attempt from what
// the outbox kept (the server's own words included), human and JSON; a record from before the
// outbox kept facts shows the sentence it holds.
func TestLastTryWordedWhenShown(t *testing.T) {
	t.Setenv("REPORTMAIL_SMTP_PASSWORD", "pw")
	srv := smtpfake.Start(t, smtpfake.Options{RcptReply: "550 5.1.1 No such user"})
	dir := t.TempDir()
	outbox := filepath.Join(dir, "outbox")
	file := writeFile(t, dir, "spam.eml", spamOriginal())
	j := decode[submitJSON](t, runIn(append([]string{"submit", "--json", "--type", "false-negative", file}, fakeArgs(srv, outbox)...)...).stdout)
	state := filepath.Join(outbox, "queue", j.ID, "state.json")
	stored, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(stored), "last_error\"") || !strings.Contains(string(stored), `"last_failure"`) {
		t.Errorf("the outbox stored words, or no facts:\n%s", stored)
	}

	const want = "Last try: Your mail server refused the report. It said: “5.1.1 No such user”."
	if r := runIn("outbox", "list", "--outbox", outbox); !strings.Contains(r.stdout, want) {
		t.Errorf("outbox list:\n%s", r.stdout)
	}
	list := decode[[]map[string]any](t, runIn("outbox", "list", "--json", "--outbox", outbox).stdout)
	if len(list) != 1 || list[0]["last_error"] != strings.TrimPrefix(want, "Last try: ") {
		t.Errorf("outbox list --json: %v", list)
	}

	// The record as the version before wrote it: a sentence, no facts.
	old := strings.Replace(string(stored), `"last_failure"`, `"last_error": "An older sentence.", "old_failure"`, 1)
	if err := os.WriteFile(state, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := runIn("outbox", "list", "--outbox", outbox); !strings.Contains(r.stdout, "Last try: An older sentence.") {
		t.Errorf("old record:\n%s", r.stdout)
	}
}
