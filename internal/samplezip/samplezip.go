// Package samplezip puts a virus sample into a password-protected zip that malware desks
// open: ZipCrypto with the password "infected" by default (Windows opens it without extra
// software), AES-256 on request.
//
// The archive is built in memory and never touches the disk: a sample written to a
// temporary file would be caught (and perhaps quarantined or "cleaned") by the user's
// antivirus before it was encrypted.
package samplezip

import (
	"fmt"
	"strings"
)

// Method is the zip encryption.
type Method string

const (
	ZipCrypto Method = "zipcrypto"
	AES256    Method = "aes256"
)

// DefaultPassword is the convention every malware desk knows.
const DefaultPassword = "infected"

// ParseMethod reads the CLI's --zip-encryption word. Empty means the default, ZipCrypto.
func ParseMethod(s string) (Method, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "zipcrypto", "zip-crypto", "standard":
		return ZipCrypto, nil
	case "aes256", "aes-256", "aes":
		return AES256, nil
	}
	return "", fmt.Errorf("%w: %q", ErrMethod, s)
}

// Valid reports whether m is one of the two methods this package writes.
func (m Method) Valid() bool { return m == ZipCrypto || m == AES256 }

// String names the method as zip tools do, for the desk's summary.
func (m Method) String() string {
	switch m {
	case ZipCrypto:
		return "ZipCrypto"
	case AES256:
		return "AES-256"
	}
	return string(m)
}

// Opens says, in plain words, which programs open a zip made with m: the summary and the
// app tell the user and the desk what to expect.
func (m Method) Opens() string {
	switch m {
	case ZipCrypto:
		return "opens in Windows Explorer, 7-Zip, WinRAR and unzip"
	case AES256:
		return "opens in 7-Zip, WinRAR and Keka; not in Windows Explorer, macOS Archive Utility or unzip"
	}
	return ""
}
