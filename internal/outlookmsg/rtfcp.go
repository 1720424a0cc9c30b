package outlookmsg

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
)

// Compressed RTF (MS-OXRTFCP): PR_RTF_COMPRESSED holds a 16-byte header and either LZFu data
// (a 4 KiB sliding dictionary primed with common RTF words) or, with the "MELA" signature,
// the RTF uncompressed.

const (
	rtfCompressed   = 0x75465A4C // "LZFu"
	rtfUncompressed = 0x414C454D // "MELA"
)

// rtfPrebuf primes the dictionary (MS-OXRTFCP 2.1.2.1).
const rtfPrebuf = "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern " +
	"\\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n" +
	"\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx"

var (
	errRTFHeader = errors.New("compressed RTF: bad header")
	errRTFCRC    = errors.New("compressed RTF: checksum does not match")
	errRTFData   = errors.New("compressed RTF: data ends early")
)

// maxRTFRatio bounds the declared uncompressed size: one LZFu reference of 2 bytes expands to
// at most 17 bytes, and a control byte covers 8 of them.
const maxRTFRatio = 9

// decompressRTF returns the RTF held in a PR_RTF_COMPRESSED value.
func decompressRTF(b []byte) ([]byte, error) {
	return decompressRTFMax(b, 1<<62)
}

// decompressRTFMax refuses a declared size above limit before allocating.
func decompressRTFMax(b []byte, limit int64) ([]byte, error) {
	if len(b) < 16 {
		return nil, errRTFHeader
	}
	compSize := binary.LittleEndian.Uint32(b[0:])
	rawSize := binary.LittleEndian.Uint32(b[4:])
	kind := binary.LittleEndian.Uint32(b[8:])
	crc := binary.LittleEndian.Uint32(b[12:])
	// COMPSIZE counts everything after itself; some writers pad the stream, so it may be
	// shorter than the value, never longer.
	if compSize < 12 || uint64(compSize)+4 > uint64(len(b)) {
		return nil, errRTFHeader
	}
	data := b[16 : compSize+4]
	switch kind {
	case rtfUncompressed:
		if uint64(rawSize) > uint64(len(data)) {
			return nil, errRTFData
		}
		return append([]byte(nil), data[:rawSize]...), nil
	case rtfCompressed:
	default:
		return nil, errRTFHeader
	}
	if rtfCRC(data) != crc {
		return nil, errRTFCRC
	}
	if uint64(rawSize) > uint64(len(data))*maxRTFRatio+4096 || int64(rawSize) > limit {
		return nil, errRTFHeader
	}
	var dict [4096]byte
	copy(dict[:], rtfPrebuf)
	w := len(rtfPrebuf) // write position in the dictionary
	out := make([]byte, 0, rawSize)
	i := 0
	for i < len(data) {
		control := data[i]
		i++
		for bit := 0; bit < 8; bit++ {
			if control&(1<<bit) == 0 {
				if i >= len(data) {
					return out, nil // padding after the last token
				}
				c := data[i]
				i++
				out = append(out, c)
				dict[w] = c
				w = (w + 1) & 0xFFF
				continue
			}
			if i+1 >= len(data) {
				return nil, errRTFData
			}
			ref := int(data[i])<<8 | int(data[i+1])
			i += 2
			off, n := ref>>4, ref&0xF+2
			if off == w {
				return out, nil // the end marker
			}
			for k := 0; k < n; k++ {
				c := dict[(off+k)&0xFFF]
				out = append(out, c)
				dict[w] = c
				w = (w + 1) & 0xFFF
			}
			if len(out) > int(rawSize)+4096 {
				return nil, errRTFData
			}
		}
	}
	return out, nil
}

// rtfCRC is CRC-32 (the usual polynomial) without the initial and final inversion.
func rtfCRC(b []byte) uint32 {
	return ^crc32.Update(0xFFFFFFFF, crc32.IEEETable, b)
}
