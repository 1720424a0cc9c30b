package outlookmsg

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/richardlehane/mscfb"
)

// The compound file is read once into a tree of storages, so that every property is looked
// up within its own storage: the root message, a recipient, an attachment or an embedded
// message. Names alone are not enough: "__nameid_version1.0" and every attachment hold
// streams called "__substg1.0_…" too.

// cfbMagic opens every compound file.
var cfbMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

type storage struct {
	name     string
	streams  map[string]*mscfb.File
	children map[string]*storage
	order    []string // child storage names in file order
}

func newStorage(name string) *storage {
	return &storage{name: name, streams: map[string]*mscfb.File{}, children: map[string]*storage{}}
}

// reader holds the compound file while a conversion runs, with a budget for the bytes read
// out of it: a hostile file can point many streams at the same sectors, and each would be
// read (and allocated) again.
type reader struct {
	root   *storage
	size   int64 // the file's size: no stream can honestly be bigger
	budget int64 // bytes left to read out of streams
	// rtfBudget is what decompressed RTF may take in total: LZFu expands at most about
	// nine times, and every RTF stream is counted in budget already.
	rtfBudget int64
}

func openCFB(data []byte) (*reader, error) {
	if len(data) < 512 || !bytes.HasPrefix(data, cfbMagic) {
		return nil, ErrNotCFB
	}
	doc, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return nil, damaged("its table of contents cannot be read")
	}
	r := &reader{
		root:   newStorage(""),
		size:   int64(len(data)),
		budget: 2*int64(len(data)) + 1<<20,
	}
	r.rtfBudget = 10*r.budget + 16<<20
	byPath := map[string]*storage{"": r.root}
	for i, f := range doc.File {
		if i == 0 {
			continue // the root entry itself
		}
		parent := byPath[pathKey(f.Path)]
		if parent == nil {
			continue // mscfb lists parents first; anything else is damage we ignore
		}
		if f.FileInfo().IsDir() {
			if _, dup := parent.children[f.Name]; dup {
				continue
			}
			s := newStorage(f.Name)
			parent.children[f.Name] = s
			parent.order = append(parent.order, f.Name)
			byPath[pathKey(append(append([]string{}, f.Path...), f.Name))] = s
			continue
		}
		if _, dup := parent.streams[f.Name]; !dup {
			parent.streams[f.Name] = f
		}
	}
	return r, nil
}

func pathKey(p []string) string { return strings.Join(p, "\x00") }

// read returns a whole stream, or nil when there is none. A stream larger than the file, or
// one that cannot be read to its end, is damage.
func (r *reader) read(f *mscfb.File) (b []byte, err error) {
	defer func() {
		// mscfb follows sector chains as the file describes them; a crafted chain must
		// come back as damage.
		if p := recover(); p != nil {
			b, err = nil, damaged("a part of the file cannot be read")
		}
	}()
	if f == nil || f.Size <= 0 {
		return nil, nil
	}
	if f.Size > r.size {
		return nil, damaged("a part of the file claims to be bigger than the whole file")
	}
	if f.Size > r.budget {
		return nil, damaged("its parts claim more data than the file holds")
	}
	r.budget -= f.Size
	buf := make([]byte, f.Size)
	n, err := f.ReadAt(buf, 0)
	if n != len(buf) {
		if err == nil || err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, damaged("a part of the file is cut short")
	}
	return buf, nil
}

// DamagedError says what is wrong with a damaged file; errors.Is(err, ErrDamaged) holds.
type DamagedError struct{ Detail string }

func (e *DamagedError) Error() string {
	return "the Outlook file is damaged: " + e.Detail
}

// Is makes errors.Is(err, ErrDamaged) true.
func (e *DamagedError) Is(target error) bool { return target == ErrDamaged }

func damaged(format string, a ...any) error {
	return &DamagedError{Detail: fmt.Sprintf(format, a...)}
}
