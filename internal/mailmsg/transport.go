package mailmsg

// Hold is why bytes cannot travel unencoded. RFC 2046 §5.2.1 forbids base64 and
// quoted-printable for message/rfc822, so for an attached original the only choices are
// 7bit, 8bit, or giving up the message/rfc822 type.
type Hold int

const (
	Travels    Hold = iota
	LongLine        // RFC 5322 §2.1.1: at most 998 octets before CRLF
	NULByte         // RFC 2045 §2.7, §2.8: neither 7bit nor 8bit data has NUL
	BareCR          // RFC 5322 §2.3: CR only as part of CRLF
	BareLF          // RFC 5322 §2.3: LF only as part of CRLF
	NoEightBit      // 8-bit octets but the server lacks 8BITMIME (RFC 6152)
)

// Transport decides how b can travel without a transfer encoding: "7bit" when it is plain
// ASCII, "8bit" when it has 8-bit octets and eightBitOK (the server announced 8BITMIME),
// else "" and why. A line may hold 998 octets, not counting its CRLF.
func Transport(b []byte, eightBitOK bool) (string, Hold) {
	eight := false
	line := 0
	for i, c := range b {
		switch {
		case c == '\r':
			if i+1 >= len(b) || b[i+1] != '\n' {
				return "", BareCR
			}
			continue // the LF closes the line
		case c == '\n':
			if i == 0 || b[i-1] != '\r' {
				return "", BareLF
			}
			line = 0
			continue
		case c == 0:
			return "", NULByte
		case c >= 0x80:
			eight = true
		}
		if line++; line > 998 {
			return "", LongLine
		}
	}
	switch {
	case !eight:
		return SevenBit, Travels
	case eightBitOK:
		return EightBit, Travels
	}
	return "", NoEightBit
}

// SevenBitClean reports whether b may be labelled 7bit: ASCII, no NUL, CR and LF only as
// CRLF, lines of at most 998 octets.
func SevenBitClean(b []byte) bool {
	enc, _ := Transport(b, false)
	return enc == SevenBit
}

// EightBitClean reports whether b may be labelled 8bit: as SevenBitClean, but octets over
// 0x7F allowed.
func EightBitClean(b []byte) bool {
	_, h := Transport(b, true)
	return h == Travels
}

// Has8Bit reports whether b has any octet over 0x7F: such bytes may only travel to a server
// that announced 8BITMIME (RFC 6152).
func Has8Bit(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}
