package plain

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"

	"github.com/reportmail/reportmail/internal/provider"
	"github.com/reportmail/reportmail/internal/report"
	"github.com/reportmail/reportmail/internal/samplezip"
	"github.com/reportmail/reportmail/internal/secret"
	"github.com/reportmail/reportmail/internal/tlsguide"
)

// domainSentence words the errors of building a report, zipping a sample, reading a
// provider profile, the keychain and settings files. ok is false for anything else.
func domainSentence(err error) (string, bool) {
	switch {
	case errors.Is(err, report.ErrFrom):
		return "Your email address cannot be used to send the report. Use a plain address such as kate@example.co.nz (letters outside English are not accepted by most mail servers).", true
	case errors.Is(err, report.ErrTo):
		return "The support desk's address cannot be used. Check the address in the provider profile.", true
	case errors.Is(err, report.ErrKind):
		return "Choose what kind of report this is: spam that got through, a real email that was blocked, or a virus.", true
	case errors.Is(err, report.ErrNoOriginal):
		return "There is no email to report in this file.", true
	case errors.Is(err, samplezip.ErrNoPassword):
		return "The zip needs a password; “infected” is the one support desks expect.", true
	case errors.Is(err, samplezip.ErrPasswordChars):
		return "The zip password may use only English letters, digits, spaces (not at either end) and common punctuation: zip programs read other letters differently.", true
	case errors.Is(err, samplezip.ErrTooLarge):
		return "The file is too large to zip.", true
	case errors.Is(err, samplezip.ErrChanged):
		return "The file changed while Report Mail was zipping it, so nothing was written. Try again once nothing is writing to it.", true
	case errors.Is(err, samplezip.ErrMethod):
		return "The zip's locking must be ZipCrypto or AES-256.", true
	case errors.Is(err, samplezip.ErrBroken), errors.Is(err, samplezip.ErrNoFiles):
		return "Report Mail could not make the zip correctly, so nothing was sent or written.", true
	}
	var pe *provider.Error
	if errors.As(err, &pe) {
		if pe.Problem != "" {
			return "This provider file cannot be used: " + pe.Problem + ".", true
		}
		return "This provider file cannot be used. Ask your IT provider for a new copy.", true
	}
	var se *secret.Error
	if errors.As(err, &se) {
		return secret.Explain(err), true
	}
	var ae *tlsguide.AccountError
	if errors.As(err, &ae) {
		return "The settings file cannot be made: " + ae.Why + ".", true
	}
	return "", false
}

// WriteSentence words a failure to write path, a file the person asked for (Sentence speaks
// of reading, and would name the temporary file a safe write goes through).
func WriteSentence(err error, path string) string {
	if s, ok := notFileSentence(err, true); ok {
		return s
	}
	if s, ok := existsSentence(err, path); ok {
		return s
	}
	name := FileName(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("The folder for “%s” does not exist. Choose another place to save it.", name)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("Report Mail is not allowed to write “%s”. Choose another folder.", name)
	case errors.Is(err, syscall.ENOSPC):
		return "There is no room left on the disk. Free some space and try again."
	case errors.Is(err, syscall.EISDIR), errors.Is(err, syscall.EEXIST), errors.Is(err, syscall.ENOTEMPTY):
		return fmt.Sprintf("“%s” is a folder. Give a file name instead.", name)
	}
	return fmt.Sprintf("Report Mail could not write “%s”.", name)
}
