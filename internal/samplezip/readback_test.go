package samplezip

import (
	stdzip "archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/yeka/zip"
)

// readBack decrypts and inflates every file of an archive with yeka/zip and checks it
// against what went in: the full read-back that Archive leaves to the tests.
func readBack(t *testing.T, archive []byte, password string, want []Entry) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != len(want) {
		t.Fatalf("%d files, want %d", len(zr.File), len(want))
	}
	for i, f := range zr.File {
		f.SetPassword(password)
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err) // includes the CRC and the AES authentication
		}
		if !bytes.Equal(got, want[i].Data) {
			t.Fatalf("%s: %d bytes read back, want %d identical bytes", f.Name, len(got), len(want[i].Data))
		}
	}
	// The standard library's reader sees the same directory (it cannot decrypt).
	sr, err := stdzip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range sr.File {
		if f.Name != zr.File[i].Name || f.UncompressedSize64 != uint64(len(want[i].Data)) || f.Flags&flagEncrypted == 0 {
			t.Fatalf("the standard library reads file %d as %q, %d bytes, flags %#x", i, f.Name, f.UncompressedSize64, f.Flags)
		}
	}
}

func TestArchiveReadsBack(t *testing.T) {
	sizes := []int{0, 1, 100, chunkSize - 1, chunkSize, chunkSize + 1, 2 * chunkSize, 3*chunkSize + 17}
	for _, m := range []Method{ZipCrypto, AES256} {
		for _, n := range sizes {
			for _, kind := range []string{"text", "random"} {
				t.Run(fmt.Sprintf("%s/%d/%s", m, n, kind), func(t *testing.T) {
					data := sampleMessage(n)[:n]
					if kind == "random" {
						data = randomBytes(n)
					}
					entries := []Entry{{Name: "x.eml", Data: data}}
					b, err := Archive(entries, DefaultPassword, m, testTime)
					if err != nil {
						t.Fatal(err)
					}
					readBack(t, b, DefaultPassword, entries)
				})
			}
		}
	}
}

func TestSeveralLargeEntriesReadBack(t *testing.T) {
	entries := []Entry{
		{Name: "one.eml", Data: sampleMessage(2*chunkSize + 5)},
		{Name: "two.msg", Data: randomBytes(chunkSize + 3)},
		{Name: "three.eml", Data: nil},
		{Name: "Grüße.eml", Data: []byte(strings.Repeat("compressible ", 200_000))},
	}
	for _, m := range []Method{ZipCrypto, AES256} {
		b, err := Archive(entries, "An0ther=pass word!", m, testTime)
		if err != nil {
			t.Fatal(err)
		}
		readBack(t, b, "An0ther=pass word!", entries)
	}
}

// The deflate pieces must join into the stream a single writer would inflate to, whatever
// the number of CPUs (go test -cpu 1,2,4 runs this with each).
func TestDeflatePiecesJoin(t *testing.T) {
	data := sampleMessage(5*chunkSize + 999)
	var joined bytes.Buffer
	calls := 0
	var seen bytes.Buffer
	src := source{data: data, size: int64(len(data))}
	if err := deflate(src, func(in, p []byte) { seen.Write(in); joined.Write(p); calls++ }); err != nil {
		t.Fatal(err)
	}
	if calls != 6 || !bytes.Equal(seen.Bytes(), data) {
		t.Fatalf("%d pieces, want 6, with the input in order", calls)
	}
	got, err := io.ReadAll(flateReader(&joined))
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("inflated %d bytes (%v), want %d identical bytes", len(got), err, len(data))
	}
}

func flateReader(r io.Reader) io.Reader { return flate.NewReader(r) }

// verify must notice an archive that is not what was asked for.
func TestVerifyNoticesDamage(t *testing.T) {
	entries := []Entry{{Name: "x.eml", Data: sampleMessage(50_000)}}
	names := entryNames(entries)
	sums := func(es []Entry, m Method) []sum {
		s := sum{size: int64(len(es[0].Data))}
		if m == ZipCrypto {
			s.crc = crc32.ChecksumIEEE(es[0].Data)
		}
		return []sum{s}
	}
	for _, m := range []Method{ZipCrypto, AES256} {
		good, err := Archive(entries, DefaultPassword, m, testTime)
		if err != nil {
			t.Fatal(err)
		}
		if err := verify(good, names, sums(entries, m), DefaultPassword, m, testTime); err != nil {
			t.Fatalf("%s: a good archive fails: %v", m, err)
		}
		// Other bytes of the same length: the ZipCrypto CRC tells; AE-2 has no CRC (the
		// HMAC would need a full pass), so there a length must differ.
		changed := bytes.Clone(entries[0].Data)
		changed[len(changed)/2] ^= 1
		if m == AES256 {
			changed = append(changed, 'x')
		}
		other := []Entry{{Name: "x.eml", Data: changed}}
		cases := map[string]func() error{
			"wrong password": func() error { return verify(good, names, sums(entries, m), "not-the-password", m, testTime) },
			"other name":     func() error { return verify(good, []string{"y.eml"}, sums(entries, m), DefaultPassword, m, testTime) },
			"other date": func() error {
				return verify(good, names, sums(entries, m), DefaultPassword, m, testTime.Add(-48*3600e9))
			},
			"other content": func() error { return verify(good, names, sums(other, m), DefaultPassword, m, testTime) },
			"cut short": func() error {
				return verify(good[:len(good)-30], names, sums(entries, m), DefaultPassword, m, testTime)
			},
		}
		for name, f := range cases {
			if err := f(); err == nil {
				t.Errorf("%s: %s went unnoticed", m, name)
			}
		}
	}
}

func TestMaxEntrySize(t *testing.T) {
	if MaxEntrySize >= 1<<32-1<<16 {
		t.Fatalf("MaxEntrySize %d leaves no room below the 4 GiB of classic zip fields", MaxEntrySize)
	}
}

func TestCRCInHeaderCheckBytes(t *testing.T) {
	data := []byte("check bytes")
	b, err := Archive([]Entry{{Name: "x", Data: data}}, DefaultPassword, ZipCrypto, testTime)
	if err != nil {
		t.Fatal(err)
	}
	zr, _ := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	f := zr.File[0]
	if f.Flags&flagDataDescriptor != 0 {
		t.Fatal("ZipCrypto archives need no data descriptor")
	}
	off, _ := f.DataOffset()
	head := zip.NewZipCrypto([]byte(DefaultPassword)).Decrypt(b[off : off+12])
	crc := crc32.ChecksumIEEE(data)
	if head[10] != byte(crc>>16) || head[11] != byte(crc>>24) {
		t.Fatalf("check bytes %x, CRC %08x", head[10:], crc)
	}
}

func TestArchiveFileReadsBack(t *testing.T) {
	dir := t.TempDir()
	for _, m := range []Method{ZipCrypto, AES256} {
		for _, n := range []int{0, 1, chunkSize - 1, chunkSize + 1, 3*chunkSize + 17} {
			t.Run(fmt.Sprintf("%s/%d", m, n), func(t *testing.T) {
				data := sampleMessage(n)[:n]
				path := filepath.Join(dir, fmt.Sprintf("%s-%d.eml", m, n))
				if err := os.WriteFile(path, data, 0o600); err != nil {
					t.Fatal(err)
				}
				f, err := os.Open(path)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				b, err := ArchiveFile("Your invoice: 4471", f, int64(n), DefaultPassword, m, testTime)
				if err != nil {
					t.Fatal(err)
				}
				readBack(t, b, DefaultPassword, []Entry{{Data: data}})
				if want := SafeFileName("Your invoice: 4471", ".eml"); !bytes.Contains(b, []byte(want)) {
					t.Fatalf("the entry is not named %q", want)
				}
			})
		}
	}
}

// changing is a file that another program rewrites while it is read: once switchAt bytes
// have been read, reads see it rewritten, grown or shrunk.
type changing struct {
	data     []byte
	switchAt int64
	read     atomic.Int64
	grow     bool
	shrink   bool
}

func (c *changing) ReadAt(p []byte, off int64) (int, error) {
	data := c.data
	if c.read.Add(int64(len(p))) > c.switchAt+int64(len(p)) {
		switch {
		case c.grow:
			data = append(bytes.Clone(data), "more"...)
		case c.shrink:
			data = data[:len(data)-10]
		default:
			// A byte in every KiB: chunks are read in parallel, in no fixed order, so a
			// single changed byte may sit in a chunk read before the switch and never be seen.
			data = bytes.Clone(data)
			for i := 0; i < len(data); i += 1024 {
				data[i] ^= 1
			}
		}
	}
	if off >= int64(len(data)) {
		return 0, io.EOF
	}
	n := copy(p, data[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func TestArchiveFileNoticesChanges(t *testing.T) {
	data := sampleMessage(3*chunkSize + 5)
	size := int64(len(data))
	for _, m := range []Method{ZipCrypto, AES256} {
		// ZipCrypto reads the file twice: the change comes between the passes. AES reads
		// it once: the change comes part way.
		at := size
		if m == AES256 {
			at = chunkSize
		}
		for name, c := range map[string]*changing{
			"rewritten": {data: data, switchAt: at},
			"grown":     {data: data, switchAt: at, grow: true},
			"shrunk":    {data: data, switchAt: at, shrink: true},
		} {
			if m == AES256 && name == "rewritten" {
				continue // read once: what was read is what is zipped, consistently
			}
			if _, err := ArchiveFile("x.eml", c, size, DefaultPassword, m, testTime); !errors.Is(err, ErrChanged) {
				t.Errorf("%s, %s: got %v, want ErrChanged", m, name, err)
			}
		}
	}
}

type failing struct{ after int64 }

var errDisk = errors.New("input/output error")

func (f failing) ReadAt(p []byte, off int64) (int, error) {
	if off >= f.after {
		return 0, errDisk
	}
	return len(p), nil
}

func TestArchiveFileReadErrors(t *testing.T) {
	for _, m := range []Method{ZipCrypto, AES256} {
		for _, after := range []int64{0, chunkSize} {
			_, err := ArchiveFile("x.eml", failing{after}, 3*chunkSize, DefaultPassword, m, testTime)
			if !errors.Is(err, ErrRead) || !errors.Is(err, errDisk) || errors.Is(err, ErrBroken) {
				t.Errorf("%s, failing after %d: got %v, want ErrRead wrapping the reader's error", m, after, err)
			}
		}
	}
	if _, err := ArchiveFile("x.eml", failing{}, MaxEntrySize+1, DefaultPassword, ZipCrypto, testTime); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a file over MaxEntrySize: got %v, want ErrTooLarge", err)
	}
}
