package samplezip

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
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

// MaxEntrySize is the largest file Archive takes. Archives are built in memory, and below
// 4 GiB every size fits the classic zip header fields that every desk's tool reads.
const MaxEntrySize = 1<<32 - 1<<20

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

// Archive builds a password-protected, Deflate-compressed zip of entries in memory and
// checks its structure before returning it. mod is every entry's modification time (zero:
// now).
//
// ZipCrypto archives are written by writeZipCrypto (yeka/zip's ZipCrypto cipher inside a
// standard library zip container, compressed side by side on every CPU); AES-256 archives
// by yeka/zip's writer, the only AES implementation at hand.
func Archive(entries []Entry, password string, m Method, mod time.Time) ([]byte, error) {
	srcs := make([]source, len(entries))
	for i, e := range entries {
		srcs[i] = source{data: e.Data, size: int64(len(e.Data))}
	}
	return build(entries, srcs, password, m, mod)
}

// ArchiveFile is Archive for one file of size bytes read from r, named name (made safe as
// an Entry's name is). The file is not held in memory, only the archive: it is read once
// for the CRC that the ZipCrypto header needs before any data, and once more in pieces to
// compress. A file that changes meanwhile gives ErrChanged; one that cannot be read, an
// error wrapping ErrRead and the reader's own error.
func ArchiveFile(name string, r io.ReaderAt, size int64, password string, m Method, mod time.Time) ([]byte, error) {
	if size < 0 {
		return nil, fmt.Errorf("%w: size %d", ErrRead, size)
	}
	return build([]Entry{{Name: name}}, []source{{r: r, size: size}}, password, m, mod)
}

// source is where an entry's bytes come from: memory, or a reader taken in pieces.
type source struct {
	data []byte
	r    io.ReaderAt
	size int64
}

// reader streams the whole source.
func (s source) reader() io.Reader {
	if s.r == nil {
		return bytes.NewReader(s.data)
	}
	return io.NewSectionReader(s.r, 0, s.size)
}

// checksum reads the whole source for its CRC-32.
func (s source) checksum() (uint32, error) {
	if s.r == nil {
		return crc32.ChecksumIEEE(s.data), nil
	}
	h := crc32.NewIEEE()
	n, err := io.CopyBuffer(h, s.reader(), make([]byte, min(s.size, chunkSize)+1))
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrRead, err)
	}
	if n != s.size {
		return 0, ErrChanged
	}
	return h.Sum32(), nil
}

// grew reports whether a reader source has more bytes than its size by now.
func (s source) grew() bool {
	if s.r == nil {
		return false
	}
	var one [1]byte
	n, _ := s.r.ReadAt(one[:], s.size)
	return n > 0
}

// sum is what an entry must hold: its size, and (ZipCrypto) its CRC-32.
type sum struct {
	size int64
	crc  uint32
}

func build(entries []Entry, srcs []source, password string, m Method, mod time.Time) ([]byte, error) {
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
	for _, s := range srcs {
		if s.size > MaxEntrySize {
			return nil, ErrTooLarge
		}
	}
	if mod.IsZero() {
		mod = time.Now()
	}
	names := entryNames(entries)
	var out []byte
	var sums []sum
	var err error
	if m == AES256 {
		out, sums, err = writeAES(srcs, names, password, mod)
	} else {
		out, sums, err = writeZipCrypto(srcs, names, password, mod)
	}
	if errors.Is(err, ErrRead) || errors.Is(err, ErrChanged) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBroken, err)
	}
	if err := verify(out, names, sums, password, m, mod); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBroken, err)
	}
	return out, nil
}

// writeAES writes the archive with yeka/zip's writer, whose Deflate level (5) is fixed and
// which compresses on one CPU. It writes to memory, where a write cannot fail.
func writeAES(srcs []source, names []string, password string, mod time.Time) ([]byte, []sum, error) {
	var size int64
	for _, s := range srcs {
		size += s.size
	}
	buf := appendWriter{make([]byte, 0, size+size/64+1024)}
	zw := zip.NewWriter(&buf)
	sums := make([]sum, len(srcs))
	for i, s := range srcs {
		fh := &zip.FileHeader{Name: names[i], Method: zip.Deflate}
		fh.ModifiedDate, fh.ModifiedTime, fh.Extra = dosTime(mod)
		if !isASCII(names[i]) {
			fh.Flags |= flagUTF8
		}
		fh.SetPassword(password)
		fh.SetEncryptionMethod(zip.AES256Encryption)
		fw, err := zw.CreateHeader(fh)
		if err != nil {
			return nil, nil, err
		}
		var n int64
		if s.r == nil {
			_, err = fw.Write(s.data) // in one piece
			n = s.size
		} else {
			n, err = io.CopyBuffer(fw, s.reader(), make([]byte, min(s.size, chunkSize)+1))
			if err != nil {
				err = fmt.Errorf("%w: %w", ErrRead, err) // writes go to memory: it was the read
			}
		}
		if err != nil {
			return nil, nil, err
		}
		if n != s.size || s.grew() {
			return nil, nil, ErrChanged
		}
		sums[i] = sum{size: s.size}
	}
	if err := zw.Close(); err != nil {
		return nil, nil, err
	}
	return buf.b, sums, nil
}

// General purpose flags (APPNOTE 4.4.4).
const (
	flagEncrypted      = 0x1
	flagDataDescriptor = 0x8
	flagUTF8           = 0x800 // the name is UTF-8
)

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

// dosTime returns the DOS date and time as the wall clock of mod's own zone (what zip tools
// show) and the Unix timestamp extra field (0x5455), so tools that know it show the exact
// moment. yeka/zip's Encrypt leaves the date at zero (1980), which desks read as tampering.
func dosTime(mod time.Time) (date, clock uint16, extra []byte) {
	y, mo, d := mod.Date()
	h, mi, s := mod.Clock()
	switch {
	case y < 1980:
		y, mo, d, h, mi, s = 1980, 1, 1, 0, 0, 0
	case y > 2107:
		y, mo, d, h, mi, s = 2107, 12, 31, 23, 59, 58
	}
	date = uint16(d + int(mo)<<5 + (y-1980)<<9)
	clock = uint16(s/2 + mi<<5 + h<<11)
	if u := mod.Unix(); u >= 0 && u <= 0xffffffff {
		extra = make([]byte, 9)
		binary.LittleEndian.PutUint16(extra[0:], 0x5455)
		binary.LittleEndian.PutUint16(extra[2:], 5)
		extra[4] = 1 // modification time present
		binary.LittleEndian.PutUint32(extra[5:], uint32(u))
	}
	return date, clock, extra
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
