package samplezip

import "errors"

// The errors callers tell apart with errors.Is. Their text is a plain sentence fragment a
// user can read; details are wrapped after a colon.
var (
	// ErrNoPassword: the zip would be unprotected, and a desk's own filter would then
	// catch the sample on the way in.
	ErrNoPassword = errors.New("the zip needs a password")
	// ErrPasswordChars: zip tools disagree on how to read letters outside plain ASCII in
	// a password (7-Zip uses the Windows code page for ZipCrypto, UTF-8 for AES), so such
	// a password could lock the desk out.
	ErrPasswordChars = errors.New("the zip password may use only English letters, digits, spaces and common punctuation")
	ErrMethod        = errors.New("the zip encryption must be ZipCrypto or AES-256")
	ErrNoFiles       = errors.New("there is nothing to put in the zip")
	// ErrTooLarge: a file bigger than MaxEntrySize. No email comes near it.
	ErrTooLarge = errors.New("the file is too large to zip")
	// ErrRead: ArchiveFile's reader failed; the reader's own error is wrapped too.
	ErrRead = errors.New("the file could not be read")
	// ErrChanged: the file ArchiveFile was reading changed size or content meanwhile.
	ErrChanged = errors.New("the file changed while it was being zipped")
	// ErrBroken: the archive could not be made or failed its check. It is never sent.
	ErrBroken = errors.New("the zip could not be made correctly")
)
