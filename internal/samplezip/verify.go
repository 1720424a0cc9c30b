package samplezip

import (
	"bytes"
	"fmt"
	"time"

	"github.com/yeka/zip"
)

// verify reads the archive's structure back with yeka/zip's reader: every file is there
// under its name, encrypted, deflated, dated, of the right size and CRC, with its data
// inside the archive, and the password opens it (the ZipCrypto header's check byte, the
// AES password verifier).
//
// It does not decrypt and inflate the data again. The archive is written to memory, which
// cannot fail, by code whose output the tests open with 7-Zip and unzip, so reading it
// all back would only repeat the same computation; it used to cost more than writing.
func verify(archive []byte, names []string, sums []sum, password string, m Method, mod time.Time) error {
	zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		return err
	}
	if len(zr.File) != len(sums) {
		return fmt.Errorf("%d files read back, %d written", len(zr.File), len(sums))
	}
	date, clock, _ := dosTime(mod)
	for i, f := range zr.File {
		switch {
		case f.Name != names[i]:
			return fmt.Errorf("file %d is named %q, not %q", i, f.Name, names[i])
		case !f.IsEncrypted():
			return fmt.Errorf("%s is not encrypted", f.Name)
		case f.Method != zip.Deflate: // the AES reader reports the method inside the AES wrapper
			return fmt.Errorf("%s has compression method %d", f.Name, f.Method)
		case f.ModifiedDate != date || f.ModifiedTime != clock:
			return fmt.Errorf("%s lost its date", f.Name)
		case f.UncompressedSize64 != uint64(sums[i].size):
			return fmt.Errorf("%s holds %d bytes, not %d", f.Name, f.UncompressedSize64, sums[i].size)
		}
		off, err := f.DataOffset()
		if err != nil {
			return fmt.Errorf("%s: %v", f.Name, err)
		}
		if off+int64(f.CompressedSize64) > int64(len(archive)) {
			return fmt.Errorf("%s runs past the end of the archive", f.Name)
		}
		if m == AES256 {
			f.SetPassword(password)
			rc, err := f.Open() // derives the key and checks the password verifier only
			if err != nil {
				return fmt.Errorf("%s: %v", f.Name, err)
			}
			rc.Close()
			continue
		}
		if f.CRC32 != sums[i].crc {
			return fmt.Errorf("%s has the wrong CRC", f.Name)
		}
		if f.CompressedSize64 < 12+2 {
			return fmt.Errorf("%s is too short to hold its data", f.Name)
		}
		head := zip.NewZipCrypto([]byte(password)).Decrypt(archive[off : off+12])
		check := byte(f.CRC32 >> 24)
		if f.Flags&flagDataDescriptor != 0 {
			check = byte(f.ModifiedTime >> 8)
		}
		if head[11] != check {
			return fmt.Errorf("%s does not open with the password", f.Name)
		}
	}
	return nil
}
