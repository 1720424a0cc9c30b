package cli_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/cli"
	"github.com/reportmail/reportmail/internal/testkit/mailstacktest"
)

func TestMailboxCommandRealStack(t *testing.T) {
	s := mailstacktest.Require(t)
	t.Setenv("REPORTMAIL_IMAP_PASSWORD", s.Password)
	flags := []string{"--imap-host", s.HostGood, "--imap-port", strconv.Itoa(s.IMAPS), "--tls", "implicit",
		"--imap-user", s.User, "--ca-file", s.CAFile}
	mbx := func(args ...string) result {
		var out, errb bytes.Buffer
		code := cli.Run(append(append([]string{"mailbox"}, args...), flags...), &out, &errb)
		return result{out.String(), errb.String(), code}
	}
	subject := "cli junk " + strconv.FormatInt(time.Now().UnixNano(), 36)
	id := mailstacktest.NewMessageID()
	raw := "From: Spam <spam@spam.example>\r\nTo: reporter@example.test\r\nSubject: " + subject +
		"\r\nMessage-ID: " + id + "\r\n\r\nWin.\r\n"
	stored := s.Deliver(t, "Junk", id, []byte(raw))

	if r := mbx("folders", "--json"); r.code != 0 || !strings.Contains(r.stdout, `"role": "junk"`) {
		t.Fatalf("folders: %+v", r)
	}
	r := mbx("list", "--junk", "--search", subject, "--json")
	var lines []map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &lines) != nil || len(lines) != 1 {
		t.Fatalf("list: %+v", r)
	}
	for _, k := range []string{"uid", "folder", "from", "subject", "date", "size", "seen"} {
		if _, ok := lines[0][k]; !ok {
			t.Errorf("list line has no %q: %v", k, lines[0])
		}
	}
	uid := strconv.Itoa(int(lines[0]["uid"].(float64)))
	out := filepath.Join(t.TempDir(), "o.eml")
	if r := mbx("fetch", "--folder", "Junk", "--uid", uid, "-o", out); r.code != 0 {
		t.Fatalf("fetch: %+v", r)
	}
	if got, _ := os.ReadFile(out); !bytes.Equal(got, bytes.ReplaceAll(stored, []byte("\n"), []byte("\r\n"))) {
		t.Fatal("fetched file differs from the stored message")
	}
	if r := mbx("fetch", "--folder", "Junk", "--uid", uid, "-o", out); r.code != 2 || !strings.Contains(r.stderr, "--force") {
		t.Fatalf("fetch over an existing file: %+v", r)
	}
	if r := mbx("move", "--folder", "Junk", "--uid", uid, "--to", "inbox"); r.code != 0 || !s.InFolder("INBOX", id) {
		t.Fatalf("move: %+v", r)
	}
	for _, bad := range [][]string{
		{"list", "--folder", "NoSuch" + subject[9:]},
		{"fetch", "--folder", "Junk", "--uid", uid},
		{"move", "--folder", "Junk", "--uid", uid, "--to", "nowhere-at-all"},
		{"sideways"},
	} {
		r := mbx(bad...)
		if r.code != 2 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || strings.Contains(r.stderr, "mailbox:") {
			t.Errorf("%v: %+v", bad, r)
		}
	}
}
