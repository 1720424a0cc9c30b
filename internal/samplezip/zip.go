package samplezip

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/yeka/zip"
)

// Entry is one file in the zip.
type Entry struct {
	Name string // made safe with SafeFileName; ".eml" is added when it has no extension
	Data []byte
}

// Write zips one sample as "<SafeName(name)>" and writes the archive to w in one piece.
// name is usually the message's subject.
func Write(w io.Writer, name string, sample []byte, password string, m Method, mod time.Time) error {
	b, err := Archive([]Entry{{Name: SafeName(name), Data: sample}}, password, m, mod)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Archive builds a password-protected zip of entries in memory and checks that it reads back
// byte for byte before returning it. mod is every entry's modification time (zero: now).
func Archive(entries []Entry, password string, m Method, mod time.Time) ([]byte, error) {
	if err := CheckPassword(password); err != nil {
		return nil, err
	}
	if m == "" {
		m = ZipCrypto
	}
	if !m.Valid() {
		return nil, fmt.Errorf("%w: %q", ErrMethod, string(m))
	}
	if len(entries) == 0 {
		return nil, ErrNoFiles
	}
	if mod.IsZero() {
		mod = time.Now()
	}
	names := entryNames(entries)

	size := 0
	for _, e := range entries {
		size += len(e.Data)
	}
	var buf bytes.Buffer
	buf.Grow(size/2 + 1024)
	zw := zip.NewWriter(&buf)
	for i, e := range entries {
		fh := &zip.FileHeader{Name: names[i], Method: zip.Deflate}
		setTime(fh, mod)
		if !isASCII(names[i]) {
			fh.Flags |= 0x800 // name is UTF-8 (APPNOTE 4.4.4, bit 11)
		}
		fh.SetPassword(password)
		if m == AES256 {
			fh.SetEncryptionMethod(zip.AES256Encryption)
		} else {
			fh.SetEncryptionMethod(zip.StandardEncryption)
		}
		fw, err := zw.CreateHeader(fh)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrBroken, err)
		}
		if _, err := fw.Write(e.Data); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrBroken, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBroken, err)
	}
	out := buf.Bytes()
	// The ZipCrypto writer drops write errors and short writes on the floor, so the only
	// trustworthy evidence of a good archive is reading it back.
	if err := verify(out, names, entries, password, mod); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBroken, err)
	}
	return out, nil
}

// CheckPassword says whether password can protect a zip every desk can open.
func CheckPassword(password string) error {
	if password == "" {
		return ErrNoPassword
	}
	if len(password) > 128 || password[0] == ' ' || password[len(password)-1] == ' ' {
		return ErrPasswordChars
	}
	for i := 0; i < len(password); i++ {
		if c := password[i]; c < 0x20 || c > 0x7e {
			return ErrPasswordChars
		}
	}
	return nil
}

// entryNames makes each name safe and distinct: two entries with one name would leave the
// desk with only one of them after extraction.
func entryNames(entries []Entry) []string {
	names := make([]string, len(entries))
	seen := map[string]bool{}
	for i, e := range entries {
		n := SafeFileName(e.Name, ".eml")
		stem, ext := n[:len(n)-len(extension(n))], extension(n)
		for k := 2; seen[strings.ToLower(n)]; k++ {
			n = stem + " (" + strconv.Itoa(k) + ")" + ext
		}
		seen[strings.ToLower(n)] = true
		names[i] = n
	}
	return names
}

// setTime writes the DOS date and time as the wall clock of mod's own zone (what zip tools
// show) and adds the Unix timestamp extra field (0x5455) so tools that know it show the exact
// moment. yeka/zip's Encrypt leaves the date at zero (1980), which desks read as tampering.
func setTime(fh *zip.FileHeader, mod time.Time) {
	y, mo, d := mod.Date()
	h, mi, s := mod.Clock()
	switch {
	case y < 1980:
		y, mo, d, h, mi, s = 1980, 1, 1, 0, 0, 0
	case y > 2107:
		y, mo, d, h, mi, s = 2107, 12, 31, 23, 59, 58
	}
	fh.ModifiedDate = uint16(d + int(mo)<<5 + (y-1980)<<9)
	fh.ModifiedTime = uint16(s/2 + mi<<5 + h<<11)
	if u := mod.Unix(); u >= 0 && u <= 0xffffffff {
		var ext [9]byte
		binary.LittleEndian.PutUint16(ext[0:], 0x5455)
		binary.LittleEndian.PutUint16(ext[2:], 5)
		ext[4] = 1 // modification time present
		binary.LittleEndian.PutUint32(ext[5:], uint32(u))
		fh.Extra = append(fh.Extra, ext[:]...)
	}
}

// verify reads the archive back with the password and compares every byte.
func verify(archive []byte, names []string, entries []Entry, password string, mod time.Time) error {
	zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		return err
	}
	if len(zr.File) != len(entries) {
		return fmt.Errorf("%d files read back, %d written", len(zr.File), len(entries))
	}
	want := &zip.FileHeader{}
	setTime(want, mod)
	for i, f := range zr.File {
		switch {
		case f.Name != names[i]:
			return fmt.Errorf("file %d is named %q, not %q", i, f.Name, names[i])
		case !f.IsEncrypted():
			return fmt.Errorf("%s is not encrypted", f.Name)
		case f.Method != zip.Deflate: // the AES reader reports the method inside the AES wrapper
			return fmt.Errorf("%s has compression method %d", f.Name, f.Method)
		case f.ModifiedDate != want.ModifiedDate || f.ModifiedTime != want.ModifiedTime:
			return fmt.Errorf("%s lost its date", f.Name)
		}
		f.SetPassword(password)
		if err := sameContent(f, entries[i].Data); err != nil {
			return fmt.Errorf("%s: %v", f.Name, err)
		}
	}
	return nil
}

func sameContent(f *zip.File, want []byte) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	chunk := make([]byte, 64<<10)
	off := 0
	for {
		n, err := rc.Read(chunk)
		if n > 0 {
			if off+n > len(want) || !bytes.Equal(chunk[:n], want[off:off+n]) {
				return fmt.Errorf("content differs at byte %d", off)
			}
			off += n
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return err // a checksum or authentication failure included
		}
	}
	if off != len(want) {
		return fmt.Errorf("%d bytes read back, %d written", off, len(want))
	}
	return nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
