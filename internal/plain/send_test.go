package plain

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/report"
	"github.com/reportmail/reportmail/internal/samplezip"
	"github.com/reportmail/reportmail/internal/send"
	"github.com/reportmail/reportmail/internal/tlsguide"
)

// Every kind of sending error gets its own sentence, and none of them leaks Go error text.
func TestSendSentences(t *testing.T) {
	inner := errors.New("x509: certificate has expired or is not yet valid: dial tcp 127.0.0.1")
	kinds := []send.Kind{send.CannotConnect, send.ConnectionLost, send.NoStartTLS, send.TLSFailed,
		send.CertExpired, send.CertWrongHost, send.CertUntrusted, send.AuthFailed, send.AuthUnavailable,
		send.AuthRequired, send.Needs8BitMIME, send.TooLarge, send.Refused, send.Temporary,
		send.Canceled, send.BadAddress, send.Other}
	kinds = append(kinds, newSendKinds...)
	seen := map[string]send.Kind{}
	for _, k := range kinds {
		err := fmt.Errorf("wrapped: %w", &send.Error{Kind: k, Host: "smtp.example.test", Port: 587, Err: inner})
		s := Sentence(err)
		if s == "" || strings.Contains(s, "x509") || strings.Contains(s, "wrapped") || strings.Contains(s, "send:") {
			t.Errorf("%s: %q", k, s)
		}
		if !strings.HasSuffix(s, ".") {
			t.Errorf("%s: not a sentence: %q", k, s)
		}
		if other, dup := seen[s]; dup && k != send.Other {
			t.Errorf("%s and %s share the sentence %q", k, other, s)
		}
		seen[s] = k
	}
}

func TestSendSentenceWording(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{&send.Error{Kind: send.Refused, Code: 554, Enhanced: "5.7.1", Reply: "Rejected by policy."},
			"Your mail server refused the report. It said: “5.7.1 Rejected by policy”."},
		{&send.Error{Kind: send.CannotConnect, Host: "mail.example.test", Port: 587},
			"Could not reach the mail server mail.example.test:587. Check your internet connection and the server name."},
		{&send.Error{Kind: send.NoStartTLS},
			"Your mail server did not offer a secure connection (STARTTLS), so Report Mail did not send your password or the report."},
		{&send.Error{Kind: send.AuthFailed, Code: 535}, "The mail server did not accept your user name or password."},
		{&send.Error{Kind: send.TooLarge, Code: 552}, "The report is larger than your mail server accepts."},
		{&send.Error{Kind: send.Temporary, Code: 451}, "The mail server is busy right now; Report Mail will try again."},
		{&send.Error{Kind: send.Temporary, Code: 451, Enhanced: "4.3.0", Reply: "Try again later"},
			"The mail server is busy right now. It said: “4.3.0 Try again later”; Report Mail will try again."},
		{&send.Error{Kind: send.AuthRequired, Code: 530, Enhanced: "5.7.0", Reply: "Authentication required"},
			"Your mail server wants you to sign in before it sends mail. It said: “5.7.0 Authentication required”. Enter your user name and password."},
		{&send.Error{Kind: send.BadAddress, Code: 553, Enhanced: "5.1.3", Reply: "a. b@example.test"},
			"“a. b@example.test” is not an email address Report Mail can send with. It said: “5.1.3 a. b@example.test”. Check it and try again."},
		{fmt.Errorf("x: %w", outbox.ErrBusy), "That report is being sent right now by another Report Mail window or command. Try again in a minute."},
	}
	for _, c := range cases {
		if got := Sentence(c.err); got != c.want {
			t.Errorf("Sentence(%v)\n got %q\nwant %q", c.err, got, c.want)
		}
	}
	for _, k := range []send.Kind{send.CertExpired, send.CertWrongHost, send.CertUntrusted} {
		s := Sentence(&send.Error{Kind: k, Host: "127.0.0.3"})
		if !strings.HasPrefix(s, "The mail server's security certificate ") {
			t.Errorf("%s: %q", k, s)
		}
	}
}

// The server's words are a sentence of their own, right after what happened: never a
// parenthesis next to another ("busy right now (temporary problem) (it said: …)"), and
// never after what to do, which stays last. Every kind, sending and "Test connection".
func TestServersWordsComeBeforeWhatToDo(t *testing.T) {
	for _, k := range everySendKind {
		for _, op := range []string{"connect", "data"} {
			bare := &send.Error{Kind: k, Host: "smtp.example.test", Port: 587, Op: op, Code: 451}
			said := *bare
			said.Enhanced, said.Reply = "4.3.0", "Try again later. Or not."
			for name, sentence := range map[string]func(error) string{"send": Sentence, "probe": ProbeSentence} {
				without, with := sentence(bare), sentence(&said)
				if strings.Contains(with, "(it said") || strings.Contains(with, ") (") || strings.Contains(with, ")(") {
					t.Errorf("%s %s %s: a parenthesis next to another: %q", name, k, op, with)
				}
				// A sentence of one piece has no separate "what to do" to keep last.
				if last := lastSentence(without); last != without && !strings.Contains(without, "“") && lastSentence(with) != last {
					t.Errorf("%s %s %s: what to do is no longer last:\n without %q\n    with %q", name, k, op, without, with)
				}
			}
		}
	}
}

// lastSentence is what follows the last full stop and space outside quotes, or after the
// last "; " (where "Report Mail will try again" starts).
func lastSentence(s string) string {
	depth, last := 0, 0
	for i, r := range s {
		switch {
		case r == '“':
			depth++
		case r == '”' && depth > 0:
			depth--
		case depth == 0 && (r == '.' || r == ';') && strings.HasPrefix(s[i+1:], " "):
			last = i + 2
		}
	}
	return s[last:]
}

func TestCAFileSentences(t *testing.T) {
	_, err := send.LoadCAFile("/nonexistent/ca.pem")
	if s := Sentence(err); !strings.Contains(s, "cannot find") || strings.Contains(s, "open ") {
		t.Errorf("missing CA file: %q", s)
	}
	f, _ := os.CreateTemp(t.TempDir(), "ca")
	f.WriteString("not a certificate")
	f.Close()
	_, err = send.LoadCAFile(f.Name())
	if s := Sentence(err); !strings.Contains(s, "holds no certificate") {
		t.Errorf("no certificate: %q", s)
	}
}

// Errors of the other domain packages get their own sentence, never the catch-all.
func TestDomainErrorsAreWorded(t *testing.T) {
	generic := Sentence(errors.New("x"))
	for _, err := range []error{
		fmt.Errorf("build: %w", report.ErrFrom), report.ErrTo, report.ErrKind,
		samplezip.ErrNoPassword, fmt.Errorf("zip: %w", samplezip.ErrPasswordChars), samplezip.ErrBroken,
		&provider.Error{Problem: `the support address "help@" is not an email address`, Kind: provider.ErrInvalid},
		&tlsguide.AccountError{Field: "Email", Why: "the email address is missing"},
	} {
		if s := Sentence(err); s == generic || s == "" {
			t.Errorf("%v: got the catch-all sentence", err)
		}
	}
	if s := WriteSentence(&fs.PathError{Op: "open", Path: "/x/.out.eml-123.tmp", Err: fs.ErrNotExist}, "/x/out.eml"); strings.Contains(s, ".tmp") || !strings.Contains(s, "/x/out.eml") {
		t.Errorf("write sentence names the wrong file: %s", s)
	}
}
