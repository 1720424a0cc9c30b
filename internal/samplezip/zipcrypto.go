package samplezip

import (
	stdzip "archive/zip"
	"compress/flate"
	"crypto/rand"
	"fmt"
	"hash/crc32"
	"io"
	"runtime"
	"slices"
	"sync/atomic"
	"time"

	"github.com/yeka/zip"
)

// deflateLevel is the compression of ZipCrypto archives. A sample is mostly base64, which
// only Huffman coding shrinks (to about 75 %): on a 25 MB message BestSpeed ends within
// 0.1 % of the size of Go's level 5 and of 7-Zip's default, at a third of level 5's time.
const deflateLevel = flate.BestSpeed

// chunkSize is the piece of a file that one CPU deflates. Each piece ends with a sync
// flush (an empty stored block), so the pieces join into one valid Deflate stream, as
// pigz does; a piece cannot refer back into the one before, which at this size costs
// nothing measurable.
const chunkSize = 1 << 20

// writeZipCrypto writes a ZipCrypto archive: each file is deflated on every CPU, encrypted
// in order with yeka/zip's ZipCrypto cipher as the pieces come in, and stored with the
// standard library's zip writer, whose CreateRaw takes data already compressed and
// encrypted. Sizes and CRC are known before the local header is written, so there is no
// data descriptor, and the 12-byte encryption header ends with the CRC's high bytes
// (APPNOTE 6.1.6: 7-Zip and unzip check the last one, old PKZIP both).
//
// The encrypted data goes straight to its place in the archive, after room left for its
// local header; the zip writer then fills that room and adds the central directory. So the
// archive is the only copy of the data, in one allocation that is touched only where it is
// written.
func writeZipCrypto(srcs []source, names []string, password string, mod time.Time) ([]byte, []sum, error) {
	date, clock, extra := dosTime(mod)
	size := int64(22) // end of central directory
	for i, s := range srcs {
		// Deflate adds at most 5 bytes per 64 KiB stored block and per piece.
		size += s.size + s.size/64 + 64 + 12 + int64(2*(30+46+len(names[i])+len(extra))+28)
	}
	out := make([]byte, 0, size)
	headers := make([]*stdzip.FileHeader, len(srcs))
	starts := make([]int, len(srcs))
	sums := make([]sum, len(srcs))
	for i, s := range srcs {
		crc, err := s.checksum()
		if err != nil {
			return nil, nil, err
		}
		fh := &stdzip.FileHeader{
			Name:               names[i],
			Method:             stdzip.Deflate,
			Flags:              flagEncrypted,
			CreatorVersion:     20, // MS-DOS attributes, APPNOTE 2.0 (as yeka/zip writes)
			ReaderVersion:      20,
			Extra:              slices.Clone(extra), // the writer may append to it
			CRC32:              crc,
			UncompressedSize64: uint64(s.size),
		}
		//lint:ignore SA1019 CreateRaw writes the DOS fields as given; only CreateHeader derives them from Modified.
		fh.ModifiedDate, fh.ModifiedTime = date, clock
		if !isASCII(names[i]) {
			fh.Flags |= flagUTF8
		}
		out = append(out, make([]byte, 30+len(fh.Name)+len(fh.Extra))...) // the local header's room
		starts[i] = len(out)

		var head [12]byte
		rand.Read(head[:10]) // never fails (crypto/rand panics instead)
		head[10], head[11] = byte(crc>>16), byte(crc>>24)
		z := zip.NewZipCrypto([]byte(password))
		out = append(out, z.Encrypt(head[:])...)
		again := crc32.NewIEEE() // the CRC of what is compressed, which must be the one above
		var n int64
		err = deflate(s, func(in, piece []byte) {
			again.Write(in)
			n += int64(len(in))
			out = append(out, z.Encrypt(piece)...)
		})
		if err != nil {
			return nil, nil, err
		}
		if n != s.size || again.Sum32() != crc || s.grew() {
			return nil, nil, ErrChanged
		}
		fh.CompressedSize64 = uint64(len(out) - starts[i])
		headers[i] = fh
		sums[i] = sum{size: s.size, crc: crc}
	}

	w := &inPlaceWriter{b: out}
	zw := stdzip.NewWriter(w)
	for i, fh := range headers {
		fw, err := zw.CreateRaw(fh)
		if err != nil {
			return nil, nil, err
		}
		if err := zw.Flush(); err != nil {
			return nil, nil, err
		}
		if w.pos != starts[i] {
			return nil, nil, fmt.Errorf("the zip writer put the data of %s at byte %d, not %d", fh.Name, w.pos, starts[i])
		}
		if _, err := fw.Write(out[starts[i] : starts[i]+int(fh.CompressedSize64)]); err != nil {
			return nil, nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, nil, err
	}
	return w.b, sums, nil
}

// inPlaceWriter writes over b from its start and appends past its end. Bytes handed to it
// that already sit where they are to be written (the data laid out in advance) are not
// copied again.
type inPlaceWriter struct {
	b   []byte
	pos int
}

func (w *inPlaceWriter) Write(p []byte) (int, error) {
	if len(p) > 0 && w.pos+len(p) <= len(w.b) && &p[0] == &w.b[w.pos] {
		w.pos += len(p)
		return len(p), nil
	}
	n := copy(w.b[w.pos:], p)
	w.b = append(w.b, p[n:]...)
	w.pos += len(p)
	return len(p), nil
}

// deflate compresses a source into one raw Deflate stream and hands it to emit in order,
// piece by piece (with the bytes it came from), while the next pieces are read and
// compressed on the other CPUs. What emit gets is only valid during the call: the buffers
// are used again.
func deflate(src source, emit func(in, out []byte)) error {
	n := max(1, int((src.size+chunkSize-1)/chunkSize))
	workers := min(runtime.GOMAXPROCS(0), n)
	type buffers struct{ in, out []byte }
	type piece struct {
		in, out []byte
		buf     buffers
		err     error
		done    chan struct{}
	}
	pieces := make([]piece, n)
	for i := range pieces {
		pieces[i].done = make(chan struct{})
	}
	// A few buffers go round: memory stays at a few pieces whatever the size of the file,
	// and fresh memory (which costs a page fault per 4 KiB) is touched only once. A worker
	// takes buffers before it takes a piece, so the piece emit waits for always has them.
	free := make(chan buffers, workers+2)
	for range cap(free) {
		free <- buffers{}
	}
	var next atomic.Int64
	work := func() {
		var fw *flate.Writer
		for {
			buf := <-free
			i := int(next.Add(1) - 1)
			if i >= n {
				free <- buf
				return
			}
			p := &pieces[i]
			lo, hi := int64(i)*chunkSize, min(int64(i+1)*chunkSize, src.size)
			if src.r == nil {
				p.in = src.data[lo:hi]
			} else {
				if buf.in == nil {
					buf.in = make([]byte, min(src.size, chunkSize))
				}
				k, err := src.r.ReadAt(buf.in[:hi-lo], lo)
				switch {
				case k == int(hi-lo):
				case err == nil || err == io.EOF:
					p.err = ErrChanged // shorter than it was
				default:
					p.err = fmt.Errorf("%w: %w", ErrRead, err)
				}
				p.in = buf.in[:k]
			}
			if buf.out == nil {
				m := min(src.size, chunkSize)
				buf.out = make([]byte, 0, m+m/64+64) // stored blocks cost 5 bytes per 64 KiB
			}
			w := appendWriter{buf.out[:0]}
			if fw == nil {
				fw, _ = flate.NewWriter(&w, deflateLevel) // fails only for a bad level
			} else {
				fw.Reset(&w)
			}
			var err error
			if _, err = fw.Write(p.in); err == nil && i < n-1 {
				err = fw.Flush() // byte-aligned, not final: the next piece carries on
			} else if err == nil {
				err = fw.Close() // the final block
			}
			if p.err == nil {
				p.err = err
			}
			buf.out = w.b // grown, if the piece did not shrink
			p.out, p.buf = w.b, buf
			close(p.done)
		}
	}
	for range workers - 1 {
		go work()
	}
	if n == 1 {
		work()
	} else {
		go work()
	}
	var err error
	for i := range pieces {
		p := &pieces[i]
		<-p.done // every piece is waited for: no worker is left behind on an error
		if err == nil {
			err = p.err
		}
		if err == nil {
			emit(p.in, p.out)
		}
		free <- p.buf
		p.in, p.out, p.buf = nil, nil, buffers{}
	}
	return err
}

// appendWriter appends to a byte slice. Unlike bytes.Buffer it never clears memory it has
// not written: a large fresh slice from make is already zero and its pages are only
// touched as data arrives.
type appendWriter struct{ b []byte }

func (w *appendWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}
