package send

// Has8Bit reports whether msg has any byte above 127: such a message may only travel to a
// server that announced 8BITMIME (RFC 6152).
func Has8Bit(msg []byte) bool {
	for _, b := range msg {
		if b >= 0x80 {
			return true
		}
	}
	return false
}
