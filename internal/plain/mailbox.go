package plain

import (
	"errors"
	"fmt"

	"github.com/reportmail/reportmail/internal/mailbox"
	"github.com/reportmail/reportmail/internal/mailmsg"
)

// mailboxSentence words the errors of reading the mailbox (IMAP). ok is false for anything
// else.
func mailboxSentence(err error) (string, bool) {
	var e *mailbox.Error
	if !errors.As(err, &e) {
		return "", false
	}
	server := "your incoming mail server"
	if e.Host != "" {
		server = fmt.Sprintf("the incoming mail server %s:%d", e.Host, e.Port)
	}
	folder := "that folder"
	if e.Folder != "" {
		folder = "the folder “" + mailmsg.Shorten(mailmsg.OneLine(e.Folder), 80) + "”"
	}
	switch e.Kind {
	case mailbox.CannotConnect:
		return fmt.Sprintf("Could not reach %s; check your internet connection, the server name and the port (993 for SSL/TLS, 143 for STARTTLS).", server), true
	case mailbox.ConnectionLost:
		return fmt.Sprintf("The connection to %s was lost before it finished; nothing was saved or changed, so try again in a minute.", server), true
	case mailbox.NoStartTLS:
		return fmt.Sprintf("%s does not offer encryption (STARTTLS) on this port, so Report Mail did not send your password; use port 993 with SSL/TLS instead.", capitalise(server)), true
	case mailbox.TLSFailed:
		return fmt.Sprintf("Could not set up encryption with %s; check that SSL/TLS goes with port 993 and STARTTLS with port 143.", server), true
	case mailbox.CertExpired:
		return fmt.Sprintf("The security certificate of %s has expired, so Report Mail did not sign in; ask whoever runs the server to renew it.", server), true
	case mailbox.CertWrongHost:
		return fmt.Sprintf("The security certificate of %s is for a different server name, so Report Mail did not sign in; check the server name in your mail settings.", server), true
	case mailbox.CertUntrusted:
		return fmt.Sprintf("The security certificate of %s is not from an authority this computer trusts, so Report Mail did not sign in; ask your IT provider for its certificate file.", server), true
	case mailbox.CertWeakKey:
		return fmt.Sprintf("The security certificate of %s uses an outdated key that is too weak to trust, so Report Mail did not sign in; tell whoever runs the server that it needs a new certificate with a key of at least 2048 bits.", server), true
	case mailbox.CertOldSignature:
		return fmt.Sprintf("The security certificate of %s is signed in an outdated way (SHA-1) that is no longer safe, so Report Mail did not sign in; tell whoever runs the server that it needs a new certificate.", server), true
	case mailbox.TLSOldVersion:
		return fmt.Sprintf("%s only offers an old, unsafe version of TLS (1.0 or 1.1), so Report Mail did not sign in; tell whoever runs the server that it needs TLS 1.2 or newer.", capitalise(server)), true
	case mailbox.AuthFailed:
		return fmt.Sprintf("%s did not accept the user name and password (or the sign-in); check them, or sign in again.", capitalise(server)), true
	case mailbox.AuthUnavailable:
		return fmt.Sprintf("%s offers no way of signing in that Report Mail can use; ask your IT provider which sign-in it needs.", capitalise(server)), true
	case mailbox.FolderGone:
		return fmt.Sprintf("%s is not in your mailbox any more (it may have been renamed or deleted); choose the folder again.", capitalise(folder)), true
	case mailbox.NotFound:
		return fmt.Sprintf("That message is no longer in %s; it may have been moved or deleted, so refresh the list.", folder), true
	case mailbox.TooBig:
		return "That message is too large for Report Mail to read; save it from your mail program and ask the support desk how to send it.", true
	case mailbox.NoUIDPlus:
		return fmt.Sprintf("The message was copied, and the original is marked as deleted in %s; your mail program removes it when it next tidies the folder.", folder), true
	case mailbox.Canceled:
		return "Stopped; nothing in your mailbox was changed.", true
	}
	return fmt.Sprintf("%s refused the request; try again, and if it keeps happening ask whoever runs the server.", capitalise(server)), true
}
