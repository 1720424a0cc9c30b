package report

import "github.com/reportmail/reportmail/internal/mailmsg"

// holdWhy explains to the desk why the original could not ride unencoded (mailmsg.Transport
// decides; the words are the report's).
func holdWhy(h mailmsg.Hold) string {
	switch h {
	case mailmsg.LongLine:
		return "it has a line longer than 998 characters, which mail servers may cut or refuse"
	case mailmsg.NULByte:
		return "it contains a NUL (zero) byte, which email cannot carry unencoded"
	case mailmsg.BareCR:
		return "it contains a carriage return (CR) that is not part of a line ending"
	case mailmsg.BareLF:
		return "it contains a line feed (LF) without a carriage return before it"
	case mailmsg.NoEightBit:
		return "it contains 8-bit characters and the sending server does not accept 8-bit data (no 8BITMIME)"
	}
	return ""
}
