package mailbox

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap"
	"github.com/emersion/go-imap/client"

	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/testkit/mailstacktest"
)

func token() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func stackConfig(s *mailstacktest.Stack, port int) Config {
	sec := send.Implicit // the stack's ports are not 993/143: say which is which
	if port == s.IMAP {
		sec = send.StartTLS
	}
	return Config{Host: s.HostGood, Port: port, Security: sec, Username: s.User, Password: s.Password,
		RootCAs: s.CertPool(), Timeout: 10 * time.Second}
}

func dial(t *testing.T, cfg Config) *Client {
	t.Helper()
	m, err := Dial(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Dial %s:%d: %v", cfg.Host, cfg.Port, err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

// message is a small mail with a unique Message-ID; extra lines go into the body.
func message(subject string, body ...string) (id string, raw []byte) {
	id = mailstacktest.NewMessageID()
	lines := []string{
		"From: Spam Sender <spammer@spam.example>",
		"To: reporter@example.test",
		"Subject: " + subject,
		"Date: Tue, 03 Dec 2024 10:00:00 +1300",
		"Message-ID: " + id,
		"MIME-Version: 1.0",
		"Content-Type: text/plain; charset=utf-8",
		"",
		"Buy now.",
	}
	return id, []byte(strings.Join(append(lines, body...), "\r\n") + "\r\n")
}

// rawClient is a second, plain go-imap session, playing another mail program.
func rawClient(t *testing.T, s *mailstacktest.Stack) *client.Client {
	t.Helper()
	c, err := client.DialTLS(s.Addr(s.HostGood, s.IMAPS), s.TLSConfig(s.HostGood))
	if err != nil {
		t.Fatal(err)
	}
	c.Timeout = 20 * time.Second
	if err := c.Login(s.User, s.Password); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Logout() })
	return c
}

func findUID(t *testing.T, m *Client, folder, subject string) Message {
	t.Helper()
	page, err := m.List(folder, ListOptions{Search: subject})
	if err != nil {
		t.Fatalf("List %s search %q: %v", folder, subject, err)
	}
	if len(page.Messages) != 1 {
		t.Fatalf("search %q in %s: %d messages, want 1", subject, folder, len(page.Messages))
	}
	return page.Messages[0]
}

func TestFoldersHaveRoles(t *testing.T) {
	s := mailstacktest.Require(t)
	m := dial(t, stackConfig(s, s.IMAPS))
	fs, err := m.Folders()
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) < 4 || fs[0].Name != "INBOX" || fs[0].Role != RoleInbox || fs[1].Name != "Junk" || fs[1].Role != RoleJunk || fs[1].ByName {
		t.Fatalf("folders = %+v, want INBOX then Junk (by attribute) first", fs)
	}
	for role, name := range map[string]string{"junk": "Junk", "trash": "Trash", "sent": "Sent", "inbox": "INBOX", "Junk": "Junk"} {
		if f, ok := FindFolder(fs, role); !ok || f.Name != name {
			t.Errorf("FindFolder(%q) = %+v, %v; want %s", role, f, ok, name)
		}
	}
}

// TestListSearchFetchExact delivers through the real Postfix into the INBOX and into Junk,
// finds each by a server-side search and fetches it: the bytes are the stored file's.
// Dovecot keeps messages with LF line ends (Postfix's delivery turned CRLF into LF); IMAP
// serves them with CRLF, as RFC 3501 requires, so the stored file with LF made CRLF must
// equal the fetched bytes exactly. Neither list nor fetch marks the message read.
func TestListSearchFetchExact(t *testing.T) {
	s := mailstacktest.Require(t)
	for _, folder := range []string{"INBOX", "Junk"} {
		t.Run(folder, func(t *testing.T) {
			subject := "cheap watches " + token()
			id, raw := message(subject, ".a line with a leading dot", "trailing spaces   ")
			stored := s.Deliver(t, folder, id, raw)
			if !bytes.Contains(stored, []byte("\nReceived: from ")) {
				t.Fatalf("no Received line from Postfix in the stored file:\n%s", stored)
			}
			m := dial(t, stackConfig(s, s.IMAPS))
			got := findUID(t, m, folder, subject)
			if got.From != "Spam Sender <spammer@spam.example>" || got.Subject != subject || got.Seen || got.Size != int64(len(stored)+bytes.Count(stored, []byte("\n"))) {
				t.Fatalf("listed %+v", got)
			}
			if want := time.Date(2024, 12, 3, 10, 0, 0, 0, time.FixedZone("", 13*3600)); !got.Date.Equal(want) {
				t.Errorf("date %v, want %v", got.Date, want)
			}
			bySender, err := m.List(folder, ListOptions{Search: "spammer@spam.example"})
			if err != nil || !hasUID(bySender, got.UID) {
				t.Fatalf("search by sender did not find uid %d: %v", got.UID, err)
			}
			var buf bytes.Buffer
			n, err := m.Fetch(folder, got.UID, &buf)
			if err != nil {
				t.Fatal(err)
			}
			want := bytes.ReplaceAll(s.Stored(t, folder, id, time.Second), []byte("\n"), []byte("\r\n"))
			if n != int64(buf.Len()) || !bytes.Equal(buf.Bytes(), want) {
				t.Fatalf("fetched %d bytes, differ from the stored file (%d bytes with CRLF)", buf.Len(), len(want))
			}
			if again := findUID(t, m, folder, subject); again.Seen {
				t.Fatal("fetching marked the message read")
			}
		})
	}
}

func TestListNewestFirstPaged(t *testing.T) {
	s := mailstacktest.Require(t)
	folder := "Paged" + token()
	var subjects []string
	for i := 0; i < 3; i++ {
		subj := fmt.Sprintf("paged %d %s", i, folder)
		id, raw := message(subj)
		s.Deliver(t, folder, id, raw)
		subjects = append(subjects, subj)
	}
	m := dial(t, stackConfig(s, s.IMAPS))
	first, err := m.List(folder, ListOptions{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	second, err := m.List(folder, ListOptions{Limit: 2, Offset: 2})
	if err != nil {
		t.Fatal(err)
	}
	if first.Total != 3 || len(first.Messages) != 2 || len(second.Messages) != 1 ||
		first.Messages[0].Subject != subjects[2] || first.Messages[1].Subject != subjects[1] || second.Messages[0].Subject != subjects[0] {
		t.Fatalf("pages %+v / %+v", first, second)
	}
	if none, err := m.List(folder, ListOptions{Search: "no such words " + token()}); err != nil || none.Total != 0 || len(none.Messages) != 0 {
		t.Fatalf("search for nothing: %+v, %v", none, err)
	}
}

// TestMove moves with MOVE, without it (COPY + \Deleted + UID EXPUNGE) and without UIDPLUS.
// Beside the message moved, another one that someone else marked \Deleted stays: a plain
// EXPUNGE (go-imap v1's fallback) would have deleted it.
func TestMove(t *testing.T) {
	s := mailstacktest.Require(t)
	if s.IMAPSNoMove == 0 {
		t.Skip("this mail stack has no listener without MOVE: restart it with the current scripts/mailstack.sh")
	}
	cases := []struct {
		name string
		port int
		how  Moved
		kind Kind
	}{
		{"move", s.IMAPS, MovedMove, ""},
		{"no-move", s.IMAPSNoMove, MovedExpunge, ""},
		{"no-uidplus", s.IMAPSBare, MovedCopyFlag, NoUIDPlus},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			folder := "Move" + token()
			subject := "move me " + folder
			id, raw := message(subject)
			s.Deliver(t, folder, id, raw)
			otherID, other := message("someone else's deleted " + folder)
			s.Deliver(t, folder, otherID, other)
			rc := rawClient(t, s)
			if _, err := rc.Select(folder, false); err != nil {
				t.Fatal(err)
			}
			ids, err := rc.UidSearch(&imap.SearchCriteria{Header: map[string][]string{"Subject": {"someone else"}}})
			if err != nil || len(ids) != 1 {
				t.Fatalf("search: %v %v", ids, err)
			}
			set := new(imap.SeqSet)
			set.AddNum(ids[0])
			if err := rc.UidStore(set, imap.FormatFlagsOp(imap.AddFlags, true), []interface{}{imap.DeletedFlag}, nil); err != nil {
				t.Fatal(err)
			}

			m := dial(t, stackConfig(s, tc.port))
			msg := findUID(t, m, folder, subject)
			how, err := m.Move(folder, msg.UID, "Junk")
			if how != tc.how || KindOf(err) != tc.kind {
				t.Fatalf("Move = %q, %v; want %q, kind %q", how, err, tc.how, tc.kind)
			}
			if !s.InFolder("Junk", id) {
				t.Fatal("not in Junk after the move")
			}
			if !s.InFolder(folder, otherID) {
				t.Fatal("another message marked \\Deleted was expunged too")
			}
			if left := s.InFolder(folder, id); left != (tc.kind == NoUIDPlus) {
				t.Fatalf("still in %s: %v", folder, left)
			}
		})
	}
}

func TestFolderVanished(t *testing.T) {
	s := mailstacktest.Require(t)
	folder := "Gone" + token()
	id, raw := message("vanishing " + folder)
	s.Deliver(t, folder, id, raw)
	m := dial(t, stackConfig(s, s.IMAPS))
	msg := findUID(t, m, folder, "vanishing")
	rc := rawClient(t, s)
	if err := rc.Delete(folder); err != nil {
		t.Fatal(err)
	}
	_, err := m.Fetch(folder, msg.UID, new(bytes.Buffer))
	if !errors.Is(err, ErrFolderGone) {
		t.Fatalf("Fetch from a deleted folder: %v, want FolderGone", err)
	}
	if _, err := m.List("Never"+token(), ListOptions{}); !errors.Is(err, ErrFolderGone) {
		t.Fatalf("List of a folder that never was: %v", err)
	}
	if _, err := m.Fetch("INBOX", 4000000000, new(bytes.Buffer)); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Fetch of a UID that is not there: %v", err)
	}
}

func TestSignInAndCertificates(t *testing.T) {
	s := mailstacktest.Require(t)
	good := stackConfig(s, s.IMAPS)
	cases := []struct {
		name string
		edit func(*Config)
		kind Kind
	}{
		{"wrong password", func(c *Config) { c.Password = "wrong-" + token() }, AuthFailed},
		{"expired", func(c *Config) { c.Host = s.HostExpired }, CertExpired},
		{"wrong host", func(c *Config) { c.Host = s.HostWrong }, CertWrongHost},
		{"untrusted", func(c *Config) { c.RootCAs = nil }, CertUntrusted},
		{"starttls expired", func(c *Config) { c.Host, c.Port, c.Security = s.HostExpired, s.IMAP, send.StartTLS }, CertExpired},
		{"implicit on the starttls port", func(c *Config) { c.Port = s.IMAP }, TLSFailed},
		{"closed port", func(c *Config) { c.Port = 1 }, CannotConnect},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := good
			tc.edit(&cfg)
			m, err := Dial(context.Background(), cfg)
			if err == nil {
				m.Close()
			}
			if KindOf(err) != tc.kind {
				t.Fatalf("Dial: %v, want kind %q", err, tc.kind)
			}
		})
	}
	t.Run("starttls good", func(t *testing.T) {
		m := dial(t, stackConfig(s, s.IMAP))
		if _, err := m.Folders(); err != nil {
			t.Fatal(err)
		}
	})
}

// TestFetchDroppedConnection25MB cuts the connection in the middle of a 25 MB message
// (delivered through Postfix): a typed error, and no file, whole or partial.
func TestFetchDroppedConnection25MB(t *testing.T) {
	s := mailstacktest.Require(t)
	folder := "Big" + token()
	line := strings.Repeat("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/0123456789ab", 1)
	body := make([]string, 0, 25<<20/78)
	for i := 0; i < cap(body); i++ {
		body = append(body, line)
	}
	id, raw := message("big one "+folder, body...)
	s.Deliver(t, folder, id, raw)

	proxy := newCutProxy(t, s.Addr(s.HostGood, s.IMAPS), 12<<20)
	cfg := stackConfig(s, proxy.port)
	m := dial(t, cfg)
	msg := findUID(t, m, folder, "big one")
	if msg.Size < 25<<20 {
		t.Fatalf("size %d", msg.Size)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "big.eml")
	_, err := m.FetchFile(folder, msg.UID, out, false)
	if !errors.Is(err, ErrConnectionLost) {
		t.Fatalf("FetchFile through a cut connection: %v, want ConnectionLost", err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Fatalf("files left behind: %v", left)
	}

	// The same message whole, straight from the server, is the stored file.
	m2 := dial(t, stackConfig(s, s.IMAPS))
	n, err := m2.FetchFile(folder, msg.UID, out, false)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(out)
	want := bytes.ReplaceAll(s.Stored(t, folder, id, time.Second), []byte("\n"), []byte("\r\n"))
	if n != int64(len(got)) || !bytes.Equal(got, want) {
		t.Fatalf("fetched %d bytes, not the stored %d", len(got), len(want))
	}
	if _, err := m2.FetchFile(folder, msg.UID, out, false); err == nil {
		t.Fatal("replaced an existing file without being asked")
	}
	small := stackConfig(s, s.IMAPS)
	small.MaxSize = 1 << 20
	m3 := dial(t, small)
	if _, err := m3.Fetch(folder, msg.UID, new(bytes.Buffer)); !errors.Is(err, ErrTooBig) {
		t.Fatalf("over MaxSize: %v", err)
	}
}

func hasUID(p *Page, uid uint32) bool {
	for _, m := range p.Messages {
		if m.UID == uid {
			return true
		}
	}
	return false
}
