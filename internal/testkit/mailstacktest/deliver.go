package mailstacktest

import (
	"bytes"
	"net"
	"net/smtp"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// JunkRecipient is the address whose mail Postfix delivers straight into the Junk folder;
// any other address lands in the INBOX.
const JunkRecipient = "reporter+junk@example.test"

// FolderDir is the Maildir++ directory of an IMAP folder: the Maildir itself for the
// INBOX, Maildir/.NAME for NAME (the namespace separator "/" is "." on disk).
func (s *Stack) FolderDir(folder string) string {
	if folder == "" || strings.EqualFold(folder, "INBOX") {
		return s.Maildir
	}
	return filepath.Join(s.Maildir, "."+strings.ReplaceAll(folder, "/", "."))
}

// Deliver sends raw (which must carry messageID as its Message-ID) through the real
// Postfix, port-25 style with STARTTLS, so that it arrives with a real Received line, waits
// for the delivery and, for a folder other than INBOX and Junk, moves the stored file into
// that folder (made when missing), as a delivery agent with Sieve rules would have put it.
// It returns the bytes as stored (LF line ends, delivery headers on top).
func (s *Stack) Deliver(t testing.TB, folder, messageID string, raw []byte) []byte {
	t.Helper()
	rcpt := s.User
	junk := strings.EqualFold(folder, "Junk")
	if junk {
		rcpt = JunkRecipient
	}
	if err := s.submit(rcpt, raw); err != nil {
		t.Fatalf("deliver %s through Postfix: %v", messageID, err)
	}
	from := s.Maildir
	if junk {
		from = s.FolderDir("Junk")
	}
	path, stored := s.waitFile(t, from, messageID, 30*time.Second)
	if junk || folder == "" || strings.EqualFold(folder, "INBOX") {
		return stored
	}
	dir := s.FolderDir(folder)
	if err := s.makeFolder(dir); err != nil {
		t.Fatalf("make folder %s: %v", folder, err)
	}
	// A Dovecot session of another test may rename the file from new/ to cur/ meanwhile:
	// look it up again until the move wins.
	for i := 0; ; i++ {
		err := os.Rename(path, filepath.Join(dir, "new", filepath.Base(path)))
		if err == nil {
			return stored
		}
		if i == 50 {
			t.Fatalf("move %s into %s: %v", messageID, folder, err)
		}
		time.Sleep(20 * time.Millisecond)
		path, _ = s.waitFile(t, from, messageID, 5*time.Second)
	}
}

// Stored waits until the message with messageID is in folder and returns its bytes as
// Dovecot stores them.
func (s *Stack) Stored(t testing.TB, folder, messageID string, timeout time.Duration) []byte {
	t.Helper()
	_, raw := s.waitFile(t, s.FolderDir(folder), messageID, timeout)
	return raw
}

// InFolder reports whether folder holds the message with messageID now.
func (s *Stack) InFolder(folder, messageID string) bool {
	_, raw := findFile(s.FolderDir(folder), messageID)
	return raw != nil
}

func findFile(maildir, messageID string) (string, []byte) {
	match := HasMessageID(messageID)
	for _, sub := range []string{"new", "cur"} {
		for _, f := range filesIn(maildir, sub) {
			raw, err := os.ReadFile(f.path)
			if err == nil && match(raw) {
				return f.path, raw
			}
		}
	}
	return "", nil
}

func (s *Stack) waitFile(t testing.TB, maildir, messageID string, timeout time.Duration) (string, []byte) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if path, raw := findFile(maildir, messageID); raw != nil {
			return path, raw
		}
		if time.Now().After(deadline) {
			t.Fatalf("message %s not in %s within %v (see %s)", messageID, maildir, timeout, s.Log)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// makeFolder makes a Maildir++ folder owned like the Maildir, so that Dovecot (running as
// the mail user) can rename files in it.
func (s *Stack) makeFolder(dir string) error {
	st, err := os.Stat(s.Maildir)
	if err != nil {
		return err
	}
	uid, gid := -1, -1
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		uid, gid = int(sys.Uid), int(sys.Gid)
	}
	for _, d := range []string{dir, filepath.Join(dir, "new"), filepath.Join(dir, "cur"), filepath.Join(dir, "tmp")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
		_ = os.Chown(d, uid, gid)
	}
	mark := filepath.Join(dir, "maildirfolder")
	if err := os.WriteFile(mark, nil, 0o644); err != nil {
		return err
	}
	_ = os.Chown(mark, uid, gid)
	return nil
}

// submit hands raw to Postfix's port-25 style listener after STARTTLS; local clients may
// relay without AUTH there.
func (s *Stack) submit(rcpt string, raw []byte) error {
	conn, err := net.DialTimeout("tcp", s.Addr(s.HostGood, s.SMTPStartTLS), 5*time.Second)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(2 * time.Minute)); err != nil {
		return err
	}
	c, err := smtp.NewClient(conn, s.HostGood)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Hello("mailstacktest.localhost"); err != nil {
		return err
	}
	if err := c.StartTLS(s.TLSConfig(s.HostGood)); err != nil {
		return err
	}
	if err := c.Mail("sender@example.test"); err != nil {
		return err
	}
	if err := c.Rcpt(rcpt); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	// textproto's dot writer turns each LF into CRLF itself.
	if _, err := w.Write(bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n"))); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}
