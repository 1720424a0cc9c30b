package report

// hold is why a message cannot ride in the report unencoded. RFC 2046 5.2.1 forbids base64
// (and quoted-printable) for message/rfc822, so the only choices are 7bit, 8bit, or giving
// up the message/rfc822 type.
type hold int

const (
	travels    hold = iota
	longLine        // RFC 5322 2.1.1: at most 998 octets before CRLF
	nulByte         // RFC 2045 2.8: 8bit data has no NUL
	bareCR          // CR only as part of CRLF
	bareLF          // LF only as part of CRLF
	noEightBit      // 8-bit octets but the server lacks 8BITMIME (RFC 6152)
)

// why explains a hold to the desk.
func (h hold) why() string {
	switch h {
	case longLine:
		return "it has a line longer than 998 characters, which mail servers may cut or refuse"
	case nulByte:
		return "it contains a NUL (zero) byte, which email cannot carry unencoded"
	case bareCR:
		return "it contains a carriage return (CR) that is not part of a line ending"
	case bareLF:
		return "it contains a line feed (LF) without a carriage return before it"
	case noEightBit:
		return "it contains 8-bit characters and the sending server does not accept 8-bit data (no 8BITMIME)"
	}
	return ""
}

// transferEncoding decides how b can ride unencoded: "7bit" when it is plain ASCII, "8bit"
// when it has 8-bit octets and the server takes them, else "" and the reason.
func transferEncoding(b []byte, eightBitOK bool) (string, hold) {
	eight := false
	line := 0
	for i, c := range b {
		switch {
		case c == '\r':
			if i+1 >= len(b) || b[i+1] != '\n' {
				return "", bareCR
			}
			continue // the LF closes the line
		case c == '\n':
			if i == 0 || b[i-1] != '\r' {
				return "", bareLF
			}
			line = 0
			continue
		case c == 0:
			return "", nulByte
		case c >= 0x80:
			eight = true
		}
		if line++; line > 998 {
			return "", longLine
		}
	}
	switch {
	case !eight:
		return "7bit", travels
	case eightBitOK:
		return "8bit", travels
	}
	return "", noEightBit
}
