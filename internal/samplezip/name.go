package samplezip

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxStem caps a file name's length before the extension, in bytes. Windows allows 255
// UTF-16 units per name but the desk extracts into folders with long paths of their own.
const maxStem = 100

// SafeName turns a message subject into a file name that every operating system and zip
// tool accepts, ending in ".eml". Applying it twice changes nothing.
func SafeName(subject string) string {
	stem := cleanStem(subject)
	if strings.HasSuffix(strings.ToLower(stem), ".eml") {
		stem = stem[:len(stem)-len(".eml")]
	}
	return finish(stem, "message") + ".eml"
}

// SafeFileName makes a user-supplied file name safe in the same way, keeping its extension
// (or adding ext, e.g. ".msg", when it has none). Folders in the name are dropped.
func SafeFileName(name, ext string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if e := extension(name); e != "" {
		name, ext = name[:len(name)-len(e)], strings.ToLower(e)
	}
	return finish(cleanStem(name), "attachment") + ext
}

// extension returns a short, plain ".xyz" ending of name, or "".
func extension(name string) string {
	i := strings.LastIndexByte(name, '.')
	if i <= 0 || len(name)-i > 8 || i == len(name)-1 {
		return ""
	}
	for _, r := range name[i+1:] {
		if !(r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))) {
			return ""
		}
	}
	return name[i:]
}

// cleanStem keeps letters, digits, spaces and harmless punctuation; everything a file system
// reserves, control characters and invisible formatting (such as the right-to-left override
// that makes "gpj.exe" look like "exe.jpg") is dropped or becomes a space.
func cleanStem(s string) string {
	s = strings.ToValidUTF8(s, "_")
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Cf, r):
			continue
		case r < 0x20 || r == 0x7f || unicode.IsControl(r) || unicode.IsSpace(r) ||
			strings.ContainsRune(`<>:"/\|?*`, r):
			space = true
			continue
		case r == 0xfffd || unicode.Is(unicode.Co, r) || unicode.Is(unicode.Cs, r) || !unicode.IsPrint(r):
			r = '_'
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return trimEnds(b.String())
}

// trimEnds removes what Windows strips silently (trailing dots and spaces), what hides a
// file on Unix (a leading dot) and what a command line would read as an option (a leading
// dash).
func trimEnds(s string) string {
	s = strings.TrimLeft(s, " .-")
	return strings.TrimRight(s, " .")
}

func capBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// finish substitutes a fallback for an empty stem and steers clear of the device names
// Windows reserves whatever the extension ("CON.eml" cannot be created).
func finish(stem, fallback string) string {
	stem = trimEnds(stem)
	if stem == "" {
		return fallback
	}
	dev := stem
	if i := strings.IndexByte(dev, '.'); i >= 0 {
		dev = dev[:i]
	}
	if reservedDevice(strings.TrimRight(dev, " ")) {
		stem = "_" + stem
	}
	return trimEnds(capBytes(stem, maxStem))
}

func reservedDevice(s string) bool {
	switch strings.ToUpper(s) {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$":
		return true
	}
	u := []rune(strings.ToUpper(s))
	if len(u) != 4 {
		return false
	}
	p := string(u[:3])
	return (p == "COM" || p == "LPT") && strings.ContainsRune("0123456789¹²³", u[3])
}
