package outlookmsg

import (
	"encoding/binary"
	"time"
	"unicode/utf16"
)

// A small compound file writer for tests (MS-CFB version 3, 512-byte sectors, with a mini
// stream), and a builder of .msg property storages on top of it.

type tnode struct {
	name     string
	data     []byte
	dir      bool
	children []*tnode
}

const (
	cfbFree   = 0xFFFFFFFF
	cfbEnd    = 0xFFFFFFFE
	cfbFATSec = 0xFFFFFFFD
	cfbNoSID  = 0xFFFFFFFF
)

// buildCFB writes a compound file whose root storage holds nodes.
func buildCFB(nodes []*tnode) []byte {
	// Directory entries in depth-first order; siblings chained through "right".
	type entry struct {
		n            *tnode
		child, right uint32
		start        uint32
		size         uint64
		typ          byte
	}
	entries := []*entry{{n: &tnode{name: "Root Entry", dir: true, children: nodes}, typ: 5, child: cfbNoSID, right: cfbNoSID}}
	var add func(parent int)
	add = func(parent int) {
		prev := -1
		for _, c := range entries[parent].n.children {
			e := &entry{n: c, child: cfbNoSID, right: cfbNoSID, typ: 2}
			if c.dir {
				e.typ = 1
			}
			entries = append(entries, e)
			id := len(entries) - 1
			if prev < 0 {
				entries[parent].child = uint32(id)
			} else {
				entries[prev].right = uint32(id)
			}
			prev = id
			if c.dir {
				add(id)
			}
		}
	}
	add(0)

	// Streams: small ones in the mini stream, others in sectors of their own.
	var mini []byte
	var miniFAT []uint32
	var big [][]byte
	var bigEntries []*entry
	for _, e := range entries[1:] {
		if e.n.dir {
			continue
		}
		e.size = uint64(len(e.n.data))
		if len(e.n.data) == 0 {
			e.start = cfbEnd
			continue
		}
		if len(e.n.data) < 4096 {
			first := uint32(len(mini) / 64)
			n := (len(e.n.data) + 63) / 64
			for k := 0; k < n; k++ {
				next := first + uint32(k) + 1
				if k == n-1 {
					next = cfbEnd
				}
				miniFAT = append(miniFAT, next)
			}
			padded := make([]byte, n*64)
			copy(padded, e.n.data)
			mini = append(mini, padded...)
			e.start = first
			continue
		}
		big = append(big, e.n.data)
		bigEntries = append(bigEntries, e)
	}
	secs := func(n int) int { return (n + 511) / 512 }
	dirSecs := secs(len(entries) * 128)
	miniFATSecs := secs(len(miniFAT) * 4)
	miniSecs := secs(len(mini))
	other := dirSecs + miniFATSecs + miniSecs
	for _, b := range big {
		other += secs(len(b))
	}
	fatSecs := 1
	for fatSecs*128 < other+fatSecs {
		fatSecs++
	}
	if fatSecs > 109 {
		panic("test file too big for the header's FAT list")
	}
	fat := make([]uint32, fatSecs*128)
	for i := range fat {
		fat[i] = cfbFree
	}
	next := 0
	chain := func(n int) uint32 { // allocate n consecutive sectors as one chain
		if n == 0 {
			return cfbEnd
		}
		start := next
		for k := 0; k < n; k++ {
			if k == n-1 {
				fat[start+k] = cfbEnd
			} else {
				fat[start+k] = uint32(start + k + 1)
			}
		}
		next += n
		return uint32(start)
	}
	for k := 0; k < fatSecs; k++ {
		fat[next] = cfbFATSec
		next++
	}
	dirStart := chain(dirSecs)
	miniFATStart := chain(miniFATSecs)
	miniStart := chain(miniSecs)
	for i, b := range big {
		bigEntries[i].start = chain(secs(len(b)))
	}
	entries[0].start = miniStart
	entries[0].size = uint64(len(mini))
	if len(mini) == 0 {
		entries[0].start = cfbEnd
	}

	le32 := binary.LittleEndian.PutUint32
	le16 := binary.LittleEndian.PutUint16
	hdr := make([]byte, 512)
	copy(hdr, cfbMagic)
	le16(hdr[24:], 0x3E)
	le16(hdr[26:], 3)
	le16(hdr[28:], 0xFFFE)
	le16(hdr[30:], 9)
	le16(hdr[32:], 6)
	le32(hdr[44:], uint32(fatSecs))
	le32(hdr[48:], dirStart)
	le32(hdr[56:], 4096)
	le32(hdr[60:], miniFATStart)
	le32(hdr[64:], uint32(miniFATSecs))
	le32(hdr[68:], cfbEnd)
	for i := 76; i < 512; i += 4 {
		le32(hdr[i:], cfbFree)
	}
	for k := 0; k < fatSecs; k++ {
		le32(hdr[76+4*k:], uint32(k))
	}

	out := hdr
	sector := func(b []byte) {
		padded := make([]byte, secs(len(b))*512)
		copy(padded, b)
		out = append(out, padded...)
	}
	fb := make([]byte, len(fat)*4)
	for i, v := range fat {
		le32(fb[4*i:], v)
	}
	sector(fb)
	dir := make([]byte, dirSecs*512)
	for i := range dirSecs * 4 {
		e := dir[i*128 : (i+1)*128]
		le32(e[68:], cfbNoSID)
		le32(e[72:], cfbNoSID)
		le32(e[76:], cfbNoSID)
	}
	for i, en := range entries {
		e := dir[i*128 : (i+1)*128]
		u := utf16.Encode([]rune(en.n.name))
		for k, c := range u {
			le16(e[2*k:], c)
		}
		le16(e[64:], uint16(2*len(u)+2))
		e[66], e[67] = en.typ, 1
		le32(e[76:], en.child)
		le32(e[72:], en.right)
		le32(e[116:], en.start)
		binary.LittleEndian.PutUint64(e[120:], en.size)
	}
	sector(dir)
	mf := make([]byte, len(miniFAT)*4)
	for i, v := range miniFAT {
		le32(mf[4*i:], v)
	}
	sector(mf)
	sector(mini)
	for _, b := range big {
		sector(b)
	}
	return out
}

// msgBuilder collects the properties of one object (message, recipient, attachment).
type msgBuilder struct {
	header  int
	entries []byte
	nodes   []*tnode
}

func newObj(header int) *msgBuilder { return &msgBuilder{header: header} }

func (m *msgBuilder) entry(id, typ uint16, value []byte) {
	tag := uint32(id)<<16 | uint32(typ)
	for i := 0; i+16 <= len(m.entries); i += 16 {
		if binary.LittleEndian.Uint32(m.entries[i:]) == tag { // set again: replace
			m.entries = append(m.entries[:i], m.entries[i+16:]...)
			break
		}
	}
	e := make([]byte, 16)
	binary.LittleEndian.PutUint32(e, uint32(id)<<16|uint32(typ))
	binary.LittleEndian.PutUint32(e[4:], 6)
	copy(e[8:], value)
	m.entries = append(m.entries, e...)
}

func (m *msgBuilder) stream(id, typ uint16, data []byte) *msgBuilder {
	name := streamName(id, typ)
	for i, n := range m.nodes {
		if n.name == name {
			m.nodes = append(m.nodes[:i], m.nodes[i+1:]...)
			break
		}
	}
	m.nodes = append(m.nodes, &tnode{name: name, data: data})
	size := make([]byte, 8)
	binary.LittleEndian.PutUint32(size, uint32(len(data)))
	m.entry(id, typ, size)
	return m
}

func (m *msgBuilder) str(id uint16, s string) *msgBuilder {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return m.stream(id, ptUnicode, append(b, 0, 0))
}

func (m *msgBuilder) str8(id uint16, b []byte) *msgBuilder {
	return m.stream(id, ptString8, append(append([]byte{}, b...), 0))
}

func (m *msgBuilder) bin(id uint16, b []byte) *msgBuilder { return m.stream(id, ptBinary, b) }

func (m *msgBuilder) i32(id uint16, v int32) *msgBuilder {
	b := make([]byte, 8)
	binary.LittleEndian.PutUint32(b, uint32(v))
	m.entry(id, ptLong, b)
	return m
}

func (m *msgBuilder) flag(id uint16, v bool) *msgBuilder {
	b := make([]byte, 8)
	if v {
		b[0] = 1
	}
	m.entry(id, ptBoolean, b)
	return m
}

func (m *msgBuilder) when(id uint16, t time.Time) *msgBuilder {
	b := make([]byte, 8)
	binary.LittleEndian.PutUint64(b, uint64(t.UnixNano()/100+116444736000000000))
	m.entry(id, ptSysTime, b)
	return m
}

// sub adds a child storage (recipient, attachment, or an embedded message's storage).
func (m *msgBuilder) sub(name string, child *msgBuilder) *msgBuilder {
	m.nodes = append(m.nodes, &tnode{name: name, dir: true, children: child.tree()})
	return m
}

func (m *msgBuilder) tree() []*tnode {
	props := append(make([]byte, m.header), m.entries...)
	return append([]*tnode{{name: "__properties_version1.0", data: props}}, m.nodes...)
}

func (m *msgBuilder) file() []byte { return buildCFB(m.tree()) }

// mailMsg starts a plain email with a subject, a body and one recipient.
func mailMsg() *msgBuilder {
	return newObj(headerTop).
		str(pidMessageClass, "IPM.Note").
		str(pidSubject, "Quarterly report").
		str(pidBody, "Hello,\r\nthe report is attached.\r\n").
		str(pidSenderName, "Finance").
		str(pidSenderSMTPAddress, "finance@sender.example").
		when(pidClientSubmitTime, time.Date(2026, 11, 9, 9, 13, 58, 0, time.UTC)).
		str(pidInternetMessageID, "<q3@sender.example>").
		sub(recipPrefix+"00000000", newObj(headerSub).i32(pidRecipientType, 1).
			str(pidDisplayName, "Kate").str(pidSMTPAddress, "kate@example.test"))
}

func attachFile(name, mimeType string, data []byte) *msgBuilder {
	a := newObj(headerSub).i32(pidAttachMethod, attachByValue).str(pidAttachLongFilename, name).bin(pidAttachDataBin, data)
	if mimeType != "" {
		a.str(pidAttachMimeTag, mimeType)
	}
	return a
}

// embedAttach wraps a message as an attached email.
func embedAttach(display string, inner *msgBuilder) *msgBuilder {
	inner.header = headerEmbedded
	return newObj(headerSub).i32(pidAttachMethod, attachEmbedded).str(pidDisplayName, display).
		sub(streamName(pidAttachDataBin, ptObject), inner)
}
