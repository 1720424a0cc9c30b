package plain

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/reportmail/reportmail/internal/mailbox"
)

func TestMailboxSentences(t *testing.T) {
	kinds := []mailbox.Kind{mailbox.CannotConnect, mailbox.ConnectionLost, mailbox.NoStartTLS,
		mailbox.TLSFailed, mailbox.CertExpired, mailbox.CertWrongHost, mailbox.CertUntrusted,
		mailbox.CertWeakKey, mailbox.CertOldSignature, mailbox.TLSOldVersion,
		mailbox.AuthFailed, mailbox.AuthUnavailable, mailbox.FolderGone, mailbox.NotFound,
		mailbox.TooBig, mailbox.NoUIDPlus, mailbox.Refused, mailbox.Canceled}
	seen := map[string]mailbox.Kind{}
	for _, k := range kinds {
		err := fmt.Errorf("wrapped: %w", &mailbox.Error{Kind: k, Op: "fetch", Host: "imap.example.com", Port: 993,
			Folder: "Junk\x1b[2J", Reply: "NO [AUTHENTICATIONFAILED] x", Err: errors.New("read tcp: i/o timeout")})
		s := Sentence(err)
		if s == "" || strings.Count(s, ". ") > 0 || !strings.HasSuffix(s, ".") ||
			strings.Contains(s, "tcp") || strings.Contains(s, "mailbox:") || strings.Contains(s, "\x1b") {
			t.Errorf("%s: %q", k, s)
		}
		if other, dup := seen[s]; dup {
			t.Errorf("%s and %s say the same: %q", k, other, s)
		}
		seen[s] = k
	}
}
