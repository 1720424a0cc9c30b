package plain

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/reportmail/reportmail/internal/check"
	"github.com/reportmail/reportmail/internal/outbox"
	"github.com/reportmail/reportmail/internal/send"
)

// sendSentence words the errors of sending and of the outbox. ok is false for anything
// else, which Sentence then handles.
func sendSentence(err error) (string, bool) {
	var ca *send.CAFileError
	if errors.As(err, &ca) {
		return caFileSentence(ca), true
	}
	if s, ok := outcomeSentence(err); ok {
		return s, true
	}
	switch {
	case errors.Is(err, outbox.ErrNotFound):
		return "There is no report with that number in the outbox. “reportmail-cli outbox list” shows the reports waiting there.", true
	case errors.Is(err, outbox.ErrBusy):
		return "That report is being sent right now by another Report Mail window or command. Try again in a minute.", true
	case errors.Is(err, outbox.ErrSent):
		return "That report was already sent; it stays in the history.", true
	}
	var e *send.Error
	if !errors.As(err, &e) {
		return "", false
	}
	return sendErrorSentence(e), true
}

// sendErrorSentence is the Kind's sentence with the server's own words in it, whatever the
// Kind: the reply is what whoever runs the server will ask for.
func sendErrorSentence(e *send.Error) string {
	return withReply(e, kindSentence(e))
}

func kindSentence(e *send.Error) string {
	server := "the mail server"
	if e.Host != "" {
		server = fmt.Sprintf("the mail server %s:%d", e.Host, e.Port)
	}
	if s, ok := connectionSentence(e, server); ok {
		return s
	}
	switch e.Kind {
	case send.CannotConnect:
		if e.Host == "" {
			return "No mail server is set up for sending. Enter your outgoing (SMTP) server name."
		}
		return fmt.Sprintf("Could not reach %s. Check your internet connection and the server name.", server)
	case send.ConnectionLost:
		if e.Op == "connect" {
			// Connected, then silence or a hang-up before the greeting: most often the
			// security setting does not match the port (STARTTLS against port 465).
			return fmt.Sprintf("%s did not answer as a mail server should. Check the port and the security setting: port 587 uses STARTTLS, port 465 uses SSL/TLS.", capitalise(server))
		}
		return fmt.Sprintf("The connection to %s was lost before it accepted the report; Report Mail will try again.", server)
	case send.NoStartTLS:
		return "Your mail server did not offer a secure connection (STARTTLS), so Report Mail did not send your password or the report."
	case send.TLSFailed:
		return fmt.Sprintf("Report Mail could not set up a secure connection with %s. Check the port and the security setting: port 587 uses STARTTLS, port 465 uses SSL/TLS.", server)
	case send.CertExpired:
		return "The mail server's security certificate has expired, so Report Mail did not send your password or the report. Whoever runs the server needs to renew it."
	case send.CertWrongHost:
		return fmt.Sprintf("The mail server's security certificate is for a different server name than %s, so Report Mail did not send your password or the report. Check the server name in your mail settings.", hostOr(e.Host))
	case send.CertUntrusted:
		return "The mail server's security certificate is not from an authority this computer trusts, so Report Mail did not send your password or the report. If it is your organisation's own server, ask your IT person for the server's certificate file, then load it in Settings → Private server certificate."
	case send.AuthFailed:
		return "The mail server did not accept your user name or password."
	case send.AuthUnavailable:
		return "The mail server did not offer a way to sign in that Report Mail can use on this connection. Check the port: sending mail usually uses 587 (STARTTLS) or 465 (SSL/TLS)."
	case send.AuthRequired:
		return "Your mail server wants you to sign in before it sends mail. Enter your user name and password."
	case send.Needs8BitMIME:
		return "Your mail server cannot take the report with the original left exactly as it is, and Report Mail could not prepare it in another form."
	case send.TooLarge:
		if e.Limit > 0 {
			return fmt.Sprintf("The report (%s) is larger than the %s your mail server accepts.", size(e.Size), size(e.Limit))
		}
		if e.Size > 0 {
			return fmt.Sprintf("The report (%s) is larger than your mail server accepts.", size(e.Size))
		}
		return "The report is larger than your mail server accepts."
	case send.Refused:
		if r := quoteReply(e); r != "" {
			return fmt.Sprintf("Your mail server refused the report. It said: “%s”.", r)
		}
		return "Your mail server refused the report."
	case send.Temporary:
		return "The mail server is busy right now; Report Mail will try again."
	case send.Canceled:
		return "Sending was stopped before the mail server accepted the report."
	case send.BadAddress:
		if e.Reply == "" {
			return "An email address is missing: the report needs your address and the support desk's."
		}
		return fmt.Sprintf("“%s” is not an email address Report Mail can send with. Check it and try again.", clip(check.OneLine(e.Reply)))
	}
	return "Sending did not work this time; Report Mail will try again."
}

// quoteReply is the server's own words, tidied: no trailing dot (the sentence adds one),
// one line without control characters (it goes to terminals), and not a page of text.
func quoteReply(e *send.Error) string {
	r := check.OneLine(e.Reply)
	if e.Enhanced != "" && r != "" {
		r = check.OneLine(e.Enhanced) + " " + r
	}
	if r == "" && e.Code != 0 {
		r = fmt.Sprint(e.Code)
	}
	return strings.TrimRight(clip(r), ".")
}

func hostOr(h string) string {
	if h == "" {
		return "the one you entered"
	}
	return h
}

func caFileSentence(e *send.CAFileError) string {
	if errors.Is(e.Err, send.ErrNoCertificates) {
		return fmt.Sprintf("The file %s holds no certificate. Ask your IT person for the mail server's CA certificate (a .pem or .crt file).", quoted(e.Path))
	}
	if s, ok := tooBigSentence(e.Err, e.Path, "a certificate file"); ok {
		return s
	}
	var pe *fs.PathError
	if errors.As(e.Err, &pe) {
		return fileSentence(e.Path, pe.Err)
	}
	if s, ok := notFileSentence(e.Err, false); ok {
		return s
	}
	return fmt.Sprintf("The certificate in %s could not be read. Ask your IT person for the mail server's CA certificate (a .pem or .crt file).", quoted(e.Path))
}

// ProbeSentence words the outcome of "Test connection": nothing was being sent and nothing
// will be retried, so the sending sentences' "refused the report" and "will try again" would
// mislead.
func ProbeSentence(err error) string {
	var e *send.Error
	if !errors.As(err, &e) {
		return Sentence(err)
	}
	return withReply(e, probeKindSentence(e, err))
}

func probeKindSentence(e *send.Error, err error) string {
	switch e.Kind {
	case send.Refused:
		if r := quoteReply(e); r != "" {
			return fmt.Sprintf("The mail server refused the connection. It said: “%s”.", r)
		}
		return "The mail server refused the connection."
	case send.Temporary:
		return "The mail server is busy right now. Try the test again in a few minutes."
	case send.NoAnswer:
		return fmt.Sprintf("The mail server did not answer within %s. Check the server name and the port, then try the test again.", duration(e.Waited))
	case send.ConnectionLost:
		if e.Op != "connect" {
			return "The connection to the mail server was lost during the test. Try again in a few minutes."
		}
	}
	return Sentence(err)
}
