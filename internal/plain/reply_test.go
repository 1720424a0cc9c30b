package plain

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/reportmail/reportmail/internal/send"
)

// The kinds issue 8 added: TLS and certificates too old to trust, a security setting that
// does not match the port, a server that does not answer.
var newSendKinds = []send.Kind{send.CertWeakKey, send.CertOldSignature, send.TLSOldVersion,
	send.WantsImplicitTLS, send.WantsStartTLS, send.NoAnswer}

var everySendKind = append([]send.Kind{send.CannotConnect, send.ConnectionLost, send.NoStartTLS,
	send.TLSFailed, send.CertExpired, send.CertWrongHost, send.CertUntrusted, send.AuthFailed,
	send.AuthUnavailable, send.AuthRequired, send.Needs8BitMIME, send.TooLarge, send.Refused,
	send.Temporary, send.Canceled, send.BadAddress, send.Other, send.Unknown}, newSendKinds...)

// Whatever the Kind, a sentence about a reply from the server quotes it, cleaned of control
// characters and clipped; before issue 8, 552, 421, 535, 530 and the 4xx left it out.
func TestEveryRefusalKeepsTheServersWords(t *testing.T) {
	replies := []struct {
		code     int
		enhanced string
		reply    string
		want     string
	}{
		{552, "5.3.4", "Message size exceeds fixed limit", "“5.3.4 Message size exceeds fixed limit”"},
		{421, "4.3.2", "Service not available,\r\n closing transmission channel.", "“4.3.2 Service not available, closing transmission channel”"},
		{450, "4.2.0", "Mailbox\x00busy\x1b[2J", "“4.2.0 Mailbox busy [2J”"},
		{451, "", "Temporary lookup failure", "“Temporary lookup failure”"},
		{452, "4.5.3", "Too many recipients", "“4.5.3 Too many recipients”"},
		{454, "4.7.0", "Temporary authentication failure", "“4.7.0 Temporary authentication failure”"},
		{530, "5.7.0", "Authentication required", "“5.7.0 Authentication required”"},
		{535, "5.7.8", "Error: authentication failed: bad \xff\xfe password", "“5.7.8 Error: authentication failed: bad \ufffd password”"},
		{550, "5.7.1", "Sender address rejected: not owned by user", "“5.7.1 Sender address rejected: not owned by user”"},
		{553, "5.7.1", "Sender address rejected", "“5.7.1 Sender address rejected”"},
		{554, "5.7.1", "Rejected by policy.", "“5.7.1 Rejected by policy”"},
	}
	for _, k := range everySendKind {
		for _, r := range replies {
			e := &send.Error{Kind: k, Host: "smtp.example.test", Port: 587, Code: r.code, Enhanced: r.enhanced, Reply: r.reply}
			for name, s := range map[string]string{"send": Sentence(e), "probe": ProbeSentence(e)} {
				if !strings.Contains(s, r.want) {
					t.Errorf("%s %s %d: %q lacks %s", name, k, r.code, s, r.want)
				}
				if strings.IndexFunc(s, unicode.IsControl) >= 0 || !utf8.ValidString(s) {
					t.Errorf("%s %s %d: control characters or bad UTF-8 in %q", name, k, r.code, s)
				}
				if !strings.HasSuffix(s, ".") {
					t.Errorf("%s %s %d: not a sentence: %q", name, k, r.code, s)
				}
			}
		}
	}
}

func TestLongReplyIsClipped(t *testing.T) {
	long := strings.Repeat("é", 1000) // two bytes each: a byte cut would split one
	s := Sentence(&send.Error{Kind: send.Refused, Code: 554, Reply: long})
	if !utf8.ValidString(s) || !strings.Contains(s, "…") || utf8.RuneCountInString(s) > maxQuote+100 {
		t.Fatalf("%d characters, valid %v: %q", utf8.RuneCountInString(s), utf8.ValidString(s), s)
	}
}

// The sentences named in issue 8, word for word where the issue gives them.
func TestConnectionSentences(t *testing.T) {
	cases := []struct {
		e    *send.Error
		want string
	}{
		{&send.Error{Kind: send.WantsImplicitTLS, Host: "smtp.example.test", Port: 465},
			"Port 465 expects SSL/TLS from the start: choose SSL/TLS instead of STARTTLS in the mail settings."},
		{&send.Error{Kind: send.WantsStartTLS, Host: "smtp.example.test", Port: 587},
			"Port 587 expects STARTTLS, not SSL/TLS from the start: choose STARTTLS instead of SSL/TLS in the mail settings."},
		{&send.Error{Kind: send.NoAnswer, Host: "smtp.example.test", Port: 587, Waited: 30 * time.Second},
			"The mail server smtp.example.test:587 did not answer within 30 seconds; Report Mail will try again."},
		{&send.Error{Kind: send.NoAnswer, Waited: 2 * time.Minute},
			"The mail server did not answer within 2 minutes; Report Mail will try again."},
		{&send.Error{Kind: send.TooLarge, Code: 552, Limit: 10 << 20, Size: 15 << 20},
			"The report (15.0 MB) is larger than the 10.0 MB your mail server accepts."},
	}
	for _, c := range cases {
		if got := Sentence(c.e); got != c.want {
			t.Errorf("%s\n got %q\nwant %q", c.e.Kind, got, c.want)
		}
	}
	for k, prefix := range map[send.Kind]string{
		send.CertWeakKey:      "The mail server's security certificate uses an outdated key",
		send.CertOldSignature: "The mail server's security certificate is signed in an outdated way",
		send.TLSOldVersion:    "The server only offers an old, unsafe version of TLS (1.0 or 1.1)",
	} {
		s := Sentence(&send.Error{Kind: k})
		if !strings.HasPrefix(s, prefix) || !strings.Contains(s, "whoever runs the server") {
			t.Errorf("%s: %q", k, s)
		}
	}
	if s := ProbeSentence(&send.Error{Kind: send.NoAnswer, Waited: 30 * time.Second}); strings.Contains(s, "try again.") && !strings.Contains(s, "test") {
		t.Errorf("probe: %q", s)
	}
}

func TestWaitingLine(t *testing.T) {
	for _, c := range []struct {
		w    send.Waiting
		want string
	}{
		{send.Waiting{Stage: send.Connecting, Host: "smtp.example.com", Limit: 30 * time.Second}, "Connecting to smtp.example.com…"},
		{send.Waiting{Stage: send.StillWaiting, Host: "smtp.example.com", Limit: 30 * time.Second}, "Still waiting for smtp.example.com to answer; Report Mail waits up to 30 seconds…"},
		{send.Waiting{Stage: send.Connecting, Host: "evil\x1b]0;title\x07.example"}, "Connecting to evil ]0;title .example…"},
	} {
		if got := WaitingLine(c.w); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}
