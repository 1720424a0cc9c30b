package cli_test

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"math/big"
	"net/smtp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reportmail/reportmail/internal/testkit/mailstacktest"
)

type repliesJSON struct {
	ID        string `json:"id"`
	Subject   string `json:"subject"`
	Case      string `json:"case"`
	ReplyDate string `json:"reply_date"`
}

// deskReply sends, through the real Postfix, what the desk's auto-reply system would: from
// the support address to the reporter, threaded on the report (inReplyTo, "" for a system
// that starts a fresh thread and keeps only the subject). Its Message-ID is returned.
func deskReply(t *testing.T, s *mailstacktest.Stack, subject, inReplyTo, body string) string {
	t.Helper()
	id := mailstacktest.NewMessageID()
	msg := "From: SMX Support <emailsupport@smxemail.com>\r\nTo: " + s.User + "\r\n" +
		"Subject: " + subject + "\r\nDate: " + time.Now().Format(time.RFC1123Z) + "\r\n" +
		"Message-ID: " + id + "\r\nAuto-Submitted: auto-replied\r\n"
	if inReplyTo != "" {
		msg += "In-Reply-To: " + inReplyTo + "\r\nReferences: " + inReplyTo + "\r\n"
	}
	msg += "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body
	c, err := smtp.Dial(s.Addr(s.HostGood, s.SMTPSubmission))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.StartTLS(s.TLSConfig(s.HostGood)); err != nil {
		t.Fatal(err)
	}
	if err := c.Auth(smtp.PlainAuth("", s.User, s.Password, s.HostGood)); err != nil {
		t.Fatal(err)
	}
	if err := c.Mail("emailsupport@smxemail.com"); err != nil {
		t.Fatal(err)
	}
	if err := c.Rcpt(s.User); err != nil {
		t.Fatal(err)
	}
	w, err := c.Data()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte(msg)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Quit(); err != nil {
		t.Fatal(err)
	}
	s.WaitDelivered(t, mailstacktest.HasMessageID(id), 15*time.Second)
	return id
}

func caseNumber(t *testing.T) string {
	n, err := rand.Int(rand.Reader, big.NewInt(90000000))
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(n.Int64()+10000000, 10)
}

// The desk's reply, end to end: reports sent through the real Postfix, the desk's
// auto-replies delivered by it to the reporter's mailbox, and `outbox replies` over IMAP
// against the real Dovecot records the case numbers that `outbox history --json` shows.
func TestRepliesRealStack(t *testing.T) {
	s := mailstacktest.Require(t)
	dir := t.TempDir()
	outbox := dir + "/outbox"
	env := append(stackEnv(s, outbox), "REPORTMAIL_IMAP_PASSWORD="+s.Password)

	// Two reports: one the desk answers on its thread, one it answers by subject only.
	var sent []submitJSON
	for i := range 2 {
		file := writeFile(t, dir, fmt.Sprintf("spam%d.eml", i), spamWithSubject(fmt.Sprintf("Prize draw %s", randHex(t))))
		r := run(t, env, append([]string{"submit", "--json", "--type", "false-negative"},
			append(stackArgs(s, s.HostGood, s.SMTPSubmission, "starttls"), file)...)...)
		delivered(t, s, r)
		sent = append(sent, decode[submitJSON](t, r.stdout))
	}
	byRef, bySubject := caseNumber(t), caseNumber(t)
	deskReply(t, s, "[Case #"+byRef+"] Re: "+sent[0].Subject, sent[0].MessageID,
		"Thank you for your email. This is an automatic reply.\r\n\r\nYour case number is "+byRef+".\r\n")
	deskReply(t, s, "Automatic reply: "+sent[1].Subject, "",
		"We have logged your request.\r\n\r\nTicket: "+bySubject+"\r\n\r\n> "+sent[1].Subject+"\r\n")

	imap := func(port int, tls string) []string {
		return []string{"--imap-host", s.HostGood, "--imap-port", strconv.Itoa(port), "--tls", tls,
			"--imap-user", s.User, "--ca-file", s.CAFile}
	}
	r := run(t, env, append([]string{"outbox", "replies", "--json"}, imap(s.IMAPS, "implicit")...)...)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("outbox replies: exit %d, stderr %q, stdout %s", r.code, r.stderr, r.stdout)
	}
	got := decode[[]repliesJSON](t, r.stdout)
	want := map[string]string{sent[0].ID: byRef, sent[1].ID: bySubject}
	if len(got) != 2 {
		t.Fatalf("replies found: %+v, want one for each of %v", got, want)
	}
	for _, g := range got {
		if want[g.ID] != g.Case || g.Subject == "" {
			t.Errorf("reply %+v, want case %q", g, want[g.ID])
		}
		if d, err := time.Parse(time.RFC3339, g.ReplyDate); err != nil || time.Since(d) > time.Hour {
			t.Errorf("reply_date %q: %v", g.ReplyDate, err)
		}
	}

	// STARTTLS on 143-style gives the same answer (and records nothing new).
	r = run(t, env, append([]string{"outbox", "replies", "--json"}, imap(s.IMAP, "starttls")...)...)
	if again := decode[[]repliesJSON](t, r.stdout); r.code != 0 || len(again) != 2 {
		t.Fatalf("over STARTTLS: exit %d, %q, %+v", r.code, r.stderr, again)
	}

	h := run(t, env, "outbox", "history", "--json")
	history := decode[[]struct {
		ID   string `json:"id"`
		Case string `json:"case"`
	}](t, h.stdout)
	seen := 0
	for _, e := range history {
		if c, ok := want[e.ID]; ok {
			seen++
			if e.Case != c {
				t.Errorf("history shows case %q for %s, want %q", e.Case, e.ID, c)
			}
		}
	}
	if seen != 2 {
		t.Errorf("history --json: %s", h.stdout)
	}
	if txt := run(t, env, append([]string{"outbox", "replies"}, imap(s.IMAPS, "implicit")...)...); !strings.Contains(txt.stdout, "Case "+byRef+" · replied ") {
		t.Errorf("outbox replies (text): %q %q", txt.stdout, txt.stderr)
	}
}

func randHex(t *testing.T) string {
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// spamWithSubject is spamOriginal with a subject of its own, so that the desk's reply by
// subject can name this one report among everything the shared mailbox holds.
func spamWithSubject(subject string) []byte {
	return []byte(strings.Replace(string(spamOriginal()), "Subject: You won a prize", "Subject: "+subject, 1))
}
