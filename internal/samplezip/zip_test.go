package samplezip

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sampleMessage is a plausible virus-bearing email of about size bytes: a header block and
// a base64 attachment of random (incompressible) bytes, as real samples are.
func sampleMessage(size int) []byte {
	r := rand.New(rand.NewChaCha8([32]byte{7}))
	var b bytes.Buffer
	b.WriteString("Received: from mx.example.net (mx.example.net [192.0.2.7])\r\n" +
		"From: Invoices <billing@example.net>\r\nTo: you@example.com\r\n" +
		"Subject: Invoice 4471\r\nDate: Tue, 03 Mar 2026 09:15:00 +1300\r\n" +
		"Message-ID: <4471@example.net>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n" +
		"Content-Type: application/octet-stream; name=\"invoice.exe\"\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n")
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	line := make([]byte, 76)
	for b.Len() < size-80 {
		for i := range line {
			line[i] = alphabet[r.IntN(64)]
		}
		b.Write(line)
		b.WriteString("\r\n")
	}
	b.WriteString("--b--\r\n")
	return b.Bytes()
}

func randomBytes(n int) []byte {
	r := rand.New(rand.NewChaCha8([32]byte{9}))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

var testTime = time.Date(2026, 3, 4, 5, 6, 8, 0, time.UTC)

func TestArchiveOpensInZipTools(t *testing.T) {
	samples := map[string][]byte{
		"message": sampleMessage(200 << 10),
		// Several pieces deflated side by side: the tools must read the joins.
		"large":  sampleMessage(3*chunkSize + 12345),
		"binary": randomBytes(70 << 10),
		"empty":  nil,
		"tiny":   []byte("X"),
	}
	for _, m := range []Method{ZipCrypto, AES256} {
		for label, data := range samples {
			t.Run(fmt.Sprintf("%s/%s", m, label), func(t *testing.T) {
				dir := t.TempDir()
				zipPath := filepath.Join(dir, "sample.zip")
				var buf bytes.Buffer
				if err := Write(&buf, "Your invoice: "+label, data, DefaultPassword, m, testTime); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(zipPath, buf.Bytes(), 0o600); err != nil {
					t.Fatal(err)
				}
				name := "Your invoice " + label + ".eml"
				checkWith7z(t, zipPath, name, data, string(m))
				if m == ZipCrypto {
					checkWithUnzip(t, zipPath, name, data)
				}
			})
		}
	}
}

func checkWith7z(t *testing.T, zipPath, name string, want []byte, method string) {
	t.Helper()
	sz := sevenZip(t)
	if out, ok := run(t, nil, sz, "t", "-p"+DefaultPassword, zipPath); !ok {
		t.Fatalf("7-Zip test failed:\n%s", out)
	}
	if out, ok := run(t, nil, sz, "t", "-pnot-the-password", zipPath); ok {
		t.Fatalf("7-Zip accepted a wrong password:\n%s", out)
	}
	out, ok := run(t, []string{"TZ=UTC"}, sz, "l", "-slt", "-p"+DefaultPassword, zipPath)
	if !ok {
		t.Fatalf("7-Zip list failed:\n%s", out)
	}
	wantMethod := map[string]string{"zipcrypto": "ZipCrypto Deflate", "aes256": "AES-256 Deflate"}[method]
	for _, line := range []string{"Path = " + name, "Modified = 2026-03-04 05:06:08", "Encrypted = +", "Method = " + wantMethod} {
		if !strings.Contains(out, line+"\n") {
			t.Errorf("7-Zip listing lacks %q:\n%s", line, out)
		}
	}
	dest := filepath.Join(filepath.Dir(zipPath), "7z-out")
	if out, ok := run(t, nil, sz, "x", "-p"+DefaultPassword, "-o"+dest, zipPath); !ok {
		t.Fatalf("7-Zip extract failed:\n%s", out)
	}
	sameFile(t, filepath.Join(dest, name), want)
}

func checkWithUnzip(t *testing.T, zipPath, name string, want []byte) {
	t.Helper()
	uz := infoZip(t)
	if out, ok := run(t, nil, uz, "-t", "-P", DefaultPassword, zipPath); !ok {
		t.Fatalf("unzip test failed:\n%s", out)
	}
	if out, ok := run(t, nil, uz, "-t", "-P", "not-the-password", zipPath); ok {
		t.Fatalf("unzip accepted a wrong password:\n%s", out)
	}
	dest := filepath.Join(filepath.Dir(zipPath), "unzip-out")
	if out, ok := run(t, nil, uz, "-P", DefaultPassword, "-d", dest, zipPath); !ok {
		t.Fatalf("unzip extract failed:\n%s", out)
	}
	sameFile(t, filepath.Join(dest, name), want)
}

func sameFile(t *testing.T, path string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s: %d bytes extracted, want %d identical bytes", path, len(got), len(want))
	}
}

func TestSeveralEntriesAndNonASCIIName(t *testing.T) {
	entries := []Entry{
		{Name: SafeName("Grüße aus Köln"), Data: []byte("one\r\n")},
		{Name: "Grüße aus Köln.eml", Data: []byte("two\r\n")},
		{Name: `C:\Users\me\Desktop\Invoice.msg`, Data: randomBytes(5000)},
	}
	b, err := Archive(entries, "s3cret pass!", ZipCrypto, testTime)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	zipPath := filepath.Join(dir, "s.zip")
	if err := os.WriteFile(zipPath, b, 0o600); err != nil {
		t.Fatal(err)
	}
	sz := sevenZip(t)
	dest := filepath.Join(dir, "out")
	if out, ok := run(t, nil, sz, "x", "-ps3cret pass!", "-o"+dest, zipPath); !ok {
		t.Fatalf("7-Zip extract failed:\n%s", out)
	}
	sameFile(t, filepath.Join(dest, "Grüße aus Köln.eml"), entries[0].Data)
	sameFile(t, filepath.Join(dest, "Grüße aus Köln (2).eml"), entries[1].Data)
	sameFile(t, filepath.Join(dest, "Invoice.msg"), entries[2].Data)
}

func TestSampleNeverStoredInClear(t *testing.T) {
	data := randomBytes(4096) // incompressible, so Deflate keeps it as it is
	for _, m := range []Method{ZipCrypto, AES256} {
		b, err := Archive([]Entry{{Name: "x", Data: data}}, DefaultPassword, m, testTime)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i+32 <= len(data); i += 512 {
			if bytes.Contains(b, data[i:i+32]) {
				t.Fatalf("%s: the sample appears unencrypted in the zip", m)
			}
		}
	}
}

func TestRefusals(t *testing.T) {
	e := []Entry{{Name: "x", Data: []byte("x")}}
	cases := []struct {
		name     string
		password string
		method   Method
		entries  []Entry
		want     error
	}{
		{"empty password", "", ZipCrypto, e, ErrNoPassword},
		{"accented password", "mötley", ZipCrypto, e, ErrPasswordChars},
		{"control character", "a\tb", AES256, e, ErrPasswordChars},
		{"trailing space", "infected ", ZipCrypto, e, ErrPasswordChars},
		{"unknown method", "infected", Method("rar"), e, ErrMethod},
		{"nothing to zip", "infected", ZipCrypto, nil, ErrNoFiles},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := Archive(c.entries, c.password, c.method, testTime)
			if !errors.Is(err, c.want) || b != nil {
				t.Fatalf("got %v (%d bytes), want %v", err, len(b), c.want)
			}
		})
	}
}

func TestZeroTimeMeansNow(t *testing.T) {
	before := time.Now().Add(-2 * time.Second)
	b, err := Archive([]Entry{{Name: "x", Data: []byte("x")}}, DefaultPassword, ZipCrypto, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	// The Unix time in the 0x5455 field follows the 30-byte local header and the name.
	i := bytes.Index(b, []byte{0x55, 0x54, 5, 0, 1})
	if i < 0 {
		t.Fatal("no timestamp field")
	}
	u := int64(b[i+5]) | int64(b[i+6])<<8 | int64(b[i+7])<<16 | int64(b[i+8])<<24
	if got := time.Unix(u, 0); got.Before(before) || got.After(time.Now().Add(time.Second)) {
		t.Fatalf("modification time %v is not now", got)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteReportsWriterErrors(t *testing.T) {
	if err := Write(failingWriter{}, "x", []byte("x"), DefaultPassword, ZipCrypto, testTime); err == nil {
		t.Fatal("a failing writer went unnoticed")
	}
}

func TestParseMethod(t *testing.T) {
	for in, want := range map[string]Method{"": ZipCrypto, "zipcrypto": ZipCrypto, "AES256": AES256, "aes-256": AES256} {
		if got, err := ParseMethod(in); err != nil || got != want {
			t.Errorf("ParseMethod(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseMethod("rar5"); !errors.Is(err, ErrMethod) {
		t.Errorf("ParseMethod(rar5) error = %v", err)
	}
}

// BenchmarkArchive25MB zips a 25 MB message, the size of a large real sample (most mail
// servers refuse bigger ones), including the structural check.
func BenchmarkArchive25MB(b *testing.B) {
	data := sampleMessage(25 << 20)
	for _, m := range []Method{ZipCrypto, AES256} {
		b.Run(string(m), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Archive([]Entry{{Name: "sample.eml", Data: data}}, DefaultPassword, m, testTime); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
