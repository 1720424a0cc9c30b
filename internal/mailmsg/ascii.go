package mailmsg

// Protocol words in mail (field names, media types, transfer encodings, date zones and month
// names, Received clauses, the "/cn=" of an X.500 name) are ASCII. strings.ToLower and ToUpper
// are wrong for them twice over: they change the byte length of invalid UTF-8 (one byte
// becomes the three of U+FFFD) and of some letters ('İ', the Kelvin sign), so an index found
// in the copy does not fit the original; and they turn letters into ASCII ones ('ſ' uppers
// to 'S', so "EſT" would read as the zone EST; the Kelvin sign lowers to 'k'). These fold
// A–Z only and keep every byte where it was.

// LowerASCII lower-cases the ASCII letters of s and leaves every other byte as it is, so an
// index found in the result is an index into s.
func LowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// upperASCII is LowerASCII's opposite.
func upperASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'a' && c <= 'z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'a' && c <= 'z' {
					b[j] = c - ('a' - 'A')
				}
			}
			return string(b)
		}
	}
	return s
}
