package check

import (
	"mime"
	"net/mail"
	"strings"
	"unicode"

	"github.com/emersion/go-message/charset"
)

// wordDecoder lets net/mail decode the encoded words of display names; what it refuses is
// decoded afterwards by decodeWords.
var wordDecoder = &mime.WordDecoder{CharsetReader: charset.Reader}

// decodeText decodes a free-text header (Subject) for people to read. hint is the message's
// declared charset, used for raw 8-bit bytes that are not UTF-8.
func decodeText(raw, hint string) string {
	return cleanSpace(decodeWords(raw, hint))
}

// decodeAddresses renders an address header readably: "Name <addr>, addr". Lists that do not
// parse (real mail is full of them) fall back to the decoded text.
func decodeAddresses(raw, hint string) string {
	s := toUTF8Hint(raw, hint)
	parser := mail.AddressParser{WordDecoder: wordDecoder}
	if list, err := parser.ParseList(s); err == nil && len(list) > 0 {
		parts := make([]string, 0, len(list))
		for _, a := range list {
			name := cleanSpace(a.Name)
			if strings.Contains(name, "=?") {
				name = decodeText(name, hint)
			}
			switch {
			case name == "" || name == a.Address:
				parts = append(parts, a.Address)
			default:
				parts = append(parts, name+" <"+a.Address+">")
			}
		}
		return strings.Join(parts, ", ")
	}
	return decodeText(raw, hint)
}

// cleanSpace collapses runs of white space and drops control characters, so a value shows
// on one line.
func cleanSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
